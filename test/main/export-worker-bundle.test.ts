/**
 * Issue 17 item 1 in the Electron app: the main build emits its own export worker
 * (out/main/export-worker.mjs), self-contained, loading no dev dependency, and the app's engine
 * exports through it. Here it runs under plain Node's worker_threads (no Electron binary):
 * an engine given that entry, as src/main/index.ts gives it, exports a real session from a
 * real SQLite file in every format while a timer keeps ticking on this thread, and writes
 * what the in-thread exporter writes (a PDF is rendered on the worker and printed by the
 * parent, as the app prints with a window). Lateness is measured by `npm run bench
 * export-thread`, not asserted here. A worker that cannot start is said, never replaced by an
 * export on the engine's thread.
 */
import { recordFixture } from '../helpers/record-fixture';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { exportSession, type ExportFormat } from '../../src/engine/export/exporter';
import { findBrowser } from '../../src/engine/export/find-browser';
import { openChromiumPdfPrinter } from '../../src/engine/export/pdf';
import { sourceFromStore } from '../../src/engine/export/store-port';
import { openStore } from '../../src/engine/store/index';
import { APP_VERSION } from '../../src/engine/version';
import { makeFixture } from '../core/export/fixture';
import { HAS_MAIN_BUNDLE } from '../helpers/main-bundle';
import { moduleLoads, packageOf } from '../helpers/module-imports';

const WORKER = path.resolve('out/main/export-worker.mjs');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);


/** Counts ticks of a 20 ms timer on this thread while `work` runs. */
async function ticking<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 20);
  try {
    return { result: await work(), ticks };
  } finally {
    clearInterval(timer);
  }
}

/** A report page with the time it was made taken out. */
function timeless(html: string): string {
  return html.replace(/ · report made [^<]*/, '');
}

/** A file's bytes, with the export's own time stamp (JSON `exportedAt`, the report's "made") taken out. */
function comparable(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  if (file.endsWith('.json')) return Buffer.from(bytes.toString('utf8').replace(/"exportedAt":\s*"[^"]*"/, '"exportedAt":""'));
  if (file.endsWith('.html')) return Buffer.from(timeless(bytes.toString('utf8')));
  return bytes;
}

/** An installed Chrome or Chromium to print with, or null (the PDF test then skips). */
function installedBrowser(): string | null {
  try {
    return findBrowser();
  } catch {
    return null;
  }
}
const BROWSER = installedBrowser();

type Exported = { folder: string; files: { path: string; bytes: number }[] };

describe.skipIf(!HAS_MAIN_BUNDLE)('the Electron main build: export worker', () => {
  let dir: string;
  let sessionId: number;
  let engine: Engine;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-export-worker-bundle-'));
    const store = openStore(dir);
    sessionId = recordFixture(store, makeFixture({ rounds: 3, accHz: 100, oddNames: true }));
    store.close();
    // As src/main/index.ts builds it, with the entry beside the built main bundle.
    engine = createEngine({ dataDir: dir, transport: 'electron', exportWorker: WORKER });
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is emitted beside the main bundle as one file that loads only Node built-ins and better-sqlite3', () => {
    expect(fs.existsSync(WORKER), `${WORKER} is missing: the main build must emit it (electron.vite.config.ts)`).toBe(true);
    const loads = moduleLoads(fs.readFileSync(WORKER, 'utf8'));
    // Self-contained: no chunk shared with index.js (packaging unpacks this one file).
    expect(loads.specifiers.filter((s) => s.startsWith('.') || s.startsWith('/'))).toEqual([]);
    const packages = [...new Set(loads.specifiers.map((s) => packageOf(s, builtins)).filter((p): p is string => p !== null))];
    for (const p of packages) {
      expect(pkg.devDependencies[p], `${p} is a dev dependency, absent from an installed app`).toBeUndefined();
      expect(pkg.dependencies[p], `${p} is not a dependency`).toBeDefined();
    }
    // Native code only: the FIT SDK and the rest are bundled in; no playwright-core at all.
    expect(packages).toEqual(['better-sqlite3']);
    // The one computed load is src/engine/version.ts reading package.json by a relative path.
    expect(loads.computed).toEqual(['requireJson']);
  });

  it('exports a real session from a real SQLite file on its own thread, byte for byte as the in-thread exporter', async () => {
    const store = openStore(dir, { readonly: true });
    try {
      const source = sourceFromStore(store, sessionId);
      if (!source) throw new Error('no session');
      for (const format of ['json', 'csv', 'fit', 'tcx', 'html'] as const satisfies readonly ExportFormat[]) {
        const { result, ticks } = await ticking(() => engine.router.call('sessions.export', { id: sessionId, format }));
        if (!result.ok) throw new Error(`${format}: ${result.error.message}`);
        const off = (result.result as Exported).files;
        // This thread's loop ran while the worker wrote (in-thread, the write is synchronous).
        expect(ticks, `${format}: ticks during the export`).toBeGreaterThan(0);
        const here = await exportSession(source, format, path.join(dir, `here-${format}`) + path.sep, { generator: `SetBeat ${APP_VERSION}` });
        expect(off.map((f) => path.basename(f.path))).toEqual(here.files.map((f) => path.basename(f.path)));
        off.forEach((f, i) => {
          expect(f.bytes, `${f.path} size`).toBeGreaterThan(0);
          expect(comparable(f.path).equals(comparable(here.files[i].path)), `${path.basename(f.path)} matches the in-thread export`).toBe(true);
        });
      }
    } finally {
      store.close();
    }
  }, 120_000);

  it('runs from a packaged app layout: named inside app.asar, started from the unpacked copy with no package.json above it', async () => {
    // resources/app.asar.unpacked/{out/main/export-worker.mjs, node_modules}; app.asar itself is a
    // file a worker cannot start from, and the package.json saying "type": "module" is inside it.
    const resources = path.join(dir, 'resources');
    const unpacked = path.join(resources, 'app.asar.unpacked');
    fs.mkdirSync(path.join(unpacked, 'out', 'main'), { recursive: true });
    fs.copyFileSync(WORKER, path.join(unpacked, 'out', 'main', 'export-worker.mjs'));
    fs.symlinkSync(path.resolve('node_modules'), path.join(unpacked, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(resources, 'app.asar'), 'an archive, not a folder');
    const packaged = createEngine({ dataDir: fs.mkdtempSync(path.join(dir, 'packaged-')), transport: 'electron', exportWorker: path.join(resources, 'app.asar', 'out', 'main', 'export-worker.mjs') });
    try {
      // Its own (empty) store: the worker ran, opened it and found no such session.
      const r = await packaged.router.call('sessions.export', { id: sessionId, format: 'json' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(new RegExp(`There is no session ${sessionId}\\.$`));
    } finally {
      await packaged.close();
    }
  }, 60_000);

  it.skipIf(!BROWSER)('renders a PDF report on the worker and prints it on the parent, as the app prints with a window', async () => {
    // The app's printToPdf is Electron's (a hidden window); here the installed browser stands in,
    // called on the parent's thread just as the app's would be.
    const browser = await openChromiumPdfPrinter(BROWSER ?? undefined);
    const pages: string[] = [];
    const printing = createEngine({
      dataDir: dir,
      transport: 'electron',
      exportWorker: WORKER,
      holdsInstanceLock: true,
      logToFile: false,
      printToPdf: async (html) => {
        pages.push(html);
        return browser.print(html);
      },
    });
    const store = openStore(dir, { readonly: true });
    try {
      const r = await printing.router.call('sessions.export', { id: sessionId, format: 'pdf' });
      if (!r.ok) throw new Error(r.error.message);
      const [file] = (r.result as Exported).files;
      expect(fs.readFileSync(file.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pages).toHaveLength(1);
      // The page the worker rendered is the report the in-thread exporter renders.
      const source = sourceFromStore(store, sessionId);
      if (!source) throw new Error('no session');
      const here: string[] = [];
      await exportSession(source, 'pdf', path.join(dir, 'here-pdf') + path.sep, { printToPdf: async (html) => (here.push(html), new Uint8Array([1])) });
      expect(timeless(pages[0])).toBe(timeless(here[0]));
    } finally {
      store.close();
      await printing.close();
      await browser.close();
    }
  }, 120_000);

  it('runs a bulk export with progress through the same worker', async () => {
    const progress: number[] = [];
    const off = engine.events.subscribe((event, payload) => {
      if (event === 'export.progress') progress.push((payload as { done: number }).done);
    });
    try {
      const r = await engine.router.call('sessions.exportAll', { format: 'fit' });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.result).toMatchObject({ exported: 1, failed: [] });
      expect(progress).toEqual([1]);
    } finally {
      off();
    }
  }, 60_000);
});

describe('an export worker that cannot start', () => {
  let dir: string;
  let sessionId: number;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-export-worker-missing-'));
    const store = openStore(dir);
    sessionId = recordFixture(store, makeFixture({ rounds: 3, accHz: 100, oddNames: true }));
    store.close();
  }, 60_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    ['is missing', (): string => path.join(dir, 'nowhere', 'export-worker.mjs'), /The JSON export failed: its worker thread could not start: .*export-worker\.mjs is missing from this installation \(reinstall SetBeat\)\./],
    [
      'fails to load',
      (): string => {
        const f = path.join(dir, 'broken-worker.mjs');
        fs.writeFileSync(f, "import 'setbeat-no-such-package';\n");
        return f;
      },
      /The JSON export failed: its worker thread could not start: .*setbeat-no-such-package/,
    ],
  ] as const;

  for (const [what, entry, message] of cases) {
    it(`${what}: the person and the log are told, and nothing is exported on the engine's thread`, async () => {
      const engine = createEngine({ dataDir: dir, transport: 'electron', exportWorker: entry() });
      try {
        const r = await engine.router.call('sessions.export', { id: sessionId, format: 'json' });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(message);
        if (!r.ok) expect(r.error.message).toMatch(/Nothing was exported; a recording in progress goes on\.$/);
        // A PDF too: rendered on the worker, so it never starts here either.
        const pdf = await engine.router.call('sessions.export', { id: sessionId, format: 'pdf' });
        expect(pdf.ok).toBe(false);
        if (!pdf.ok) expect(pdf.error.message).toMatch(/The PDF export failed: its worker thread could not start: /);
        const exports = path.join(dir, 'exports');
        expect(fs.existsSync(exports) ? fs.readdirSync(exports) : []).toEqual([]);
        // A browser download (web mode) takes the same worker, and fails the same way.
        await expect(engine.prepareDownload(sessionId, 'json')).rejects.toThrow(/^its worker thread could not start: /);
      } finally {
        await engine.close();
      }
      const log = fs.readFileSync(path.join(dir, 'logs', 'setbeat.log'), 'utf8');
      expect(log).toMatch(/"event":"export-worker-failed"/);
    }, 60_000);
  }
});
