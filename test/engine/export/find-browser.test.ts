/**
 * PDFs outside the window: an installed Chrome, Chromium or Edge is found where each system
 * installs it, `--browser` and SETBEAT_BROWSER win, and with none the message says what to do.
 * The app never needs its dev dependencies at run time (no playwright-core in src/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError, findBrowser, NO_BROWSER_ADVICE } from '../../../src/engine/export/find-browser';
import { runCli } from '../../../src/engine/cli/main';
import { COMMANDS } from '../../../src/engine/cli/commands/index';
import { CHROMIUM_PATH, HAS_CHROMIUM } from '../../helpers/browser';

const only = (...files: string[]) => (p: string) => files.includes(p);

describe('finding a browser to print PDFs', () => {
  it('finds Chrome, Chromium or Edge where Linux, macOS and Windows install them', () => {
    expect(findBrowser({ platform: 'linux', env: { PATH: '/usr/local/bin:/usr/bin' }, isFile: only('/usr/bin/chromium') })).toBe('/usr/bin/chromium');
    expect(findBrowser({ platform: 'linux', env: { PATH: '' }, isFile: only('/opt/google/chrome/google-chrome') })).toBe('/opt/google/chrome/google-chrome');
    // Chrome before Chromium when both are there.
    expect(findBrowser({ platform: 'linux', env: { PATH: '/usr/bin' }, isFile: only('/usr/bin/chromium', '/usr/bin/google-chrome') })).toBe('/usr/bin/google-chrome');
    expect(findBrowser({ platform: 'darwin', env: { HOME: '/Users/ann' }, isFile: only('/Users/ann/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge') })).toBe(
      '/Users/ann/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    );
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser({ platform: 'win32', env: { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }, isFile: only(edge) })).toBe(edge);
  });

  it('takes --browser before SETBEAT_BROWSER before a search, and says when the named one is not there', () => {
    const isFile = only('/a/chrome', '/b/edge', '/usr/bin/chromium');
    expect(findBrowser({ explicit: '/a/chrome', env: { SETBEAT_BROWSER: '/b/edge' }, platform: 'linux', isFile })).toBe('/a/chrome');
    expect(findBrowser({ env: { SETBEAT_BROWSER: '/b/edge', PATH: '/usr/bin' }, platform: 'linux', isFile })).toBe('/b/edge');
    expect(() => findBrowser({ explicit: '/nowhere/chrome', env: {}, platform: 'linux', isFile })).toThrow(/--browser names \/nowhere\/chrome, which is not a file/);
    expect(() => findBrowser({ env: { SETBEAT_BROWSER: '/nowhere/edge' }, platform: 'linux', isFile })).toThrow(/SETBEAT_BROWSER names/);
  });

  it('says plainly what to do when there is no browser', () => {
    let err: unknown;
    try {
      findBrowser({ env: { PATH: '/x' }, platform: 'linux', isFile: () => false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BrowserNotFoundError);
    expect((err as Error).message).toBe(NO_BROWSER_ADVICE);
    expect(NO_BROWSER_ADVICE).toMatch(/Install one of them, or name one with --browser PATH \(or SETBEAT_BROWSER=PATH\)/);
  });

  it('never imports a dev dependency at run time', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };
    const dev = Object.keys(pkg.devDependencies).filter((d) => !d.startsWith('@types/') && d !== 'electron');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name)) {
          const text = fs.readFileSync(p, 'utf8');
          for (const d of dev) if (new RegExp(`from '${d}'|import\\('${d}'\\)`).test(text)) offenders.push(`${p}: ${d}`);
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });
});

describe('export --format pdf from the CLI', () => {
  it('refuses a --browser that is not there, before writing anything', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-pdf-cli-')), 'r.pdf');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-pdf-data-'));
    const r = await runCli(['export', '1', '--format', 'pdf', '--out', out, '--browser', '/nowhere/chrome', '--data-dir', dataDir], COMMANDS);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/--browser names \/nowhere\/chrome, which is not a file/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it.skipIf(!HAS_CHROMIUM)('prints a stored session with the browser named by --browser', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-pdf-data-'));
    const { openStore } = await import('../../../src/engine/store/index');
    const store = openStore(dataDir);
    const t0 = Date.UTC(2026, 10, 3, 7, 0);
    const w = store.beginSession({ name: 'PDF please', routineName: null, startedAt: t0 });
    const setId = w.startSet({ exerciseId: 'squat', side: 'both', order: 1, target: 5, startedAt: t0 + 1000 });
    w.endSet(setId, t0 + 20_000);
    w.finish(t0 + 30_000);
    const id = store.listSessions()[0].id;
    store.close();
    const out = path.join(dataDir, 'report.pdf');
    const r = await runCli(['export', String(id), '--format', 'pdf', '--out', out, '--browser', CHROMIUM_PATH, '--data-dir', dataDir], COMMANDS);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);
});
