/**
 * Runs an export on a worker thread (export-worker.ts) and waits for it without blocking:
 * the engine's event loop keeps taking live samples while the file is written. Web mode, the
 * tests and the Electron app all come through here; only the worker's entry file differs.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BulkExportResult, SessionExportResult } from './exporter';
import type { ExportJob, ExportWorkerInput, ExportWorkerMessage, PrintAnswer } from './export-job';
import type { PrintToPdf } from './pdf';
import { sqliteNativeBinding } from '../store/index';
import { APP_VERSION } from '../version';
import { outsideAsar } from '../asar-path';
import { freshBuild, projectRootOf } from '../built-entry';

const here = path.dirname(fileURLToPath(import.meta.url));

export class ExportWorkerError extends Error {
  override name = 'ExportWorkerError';
  /** The session was not in the store. */
  readonly missing: boolean;
  /** The worker never ran: its file is missing or would not load; nothing was exported. */
  readonly notStarted: boolean;
  constructor(message: string, what: { missing?: boolean; notStarted?: boolean } = {}) {
    super(message);
    this.missing = what.missing ?? false;
    this.notStarted = what.notStarted ?? false;
  }
}

/**
 * The worker's entry when the caller names none: a compiled export-worker.js beside this module;
 * else, running from sources (web mode, tests), the build's bundle if it is newer than every
 * source, else the TypeScript source through tsx (a second or more to start, per export). The
 * Electron app names its own: the self-contained out/main/export-worker.mjs its build emits.
 */
export function defaultExportWorkerEntry(): string {
  return exportWorkerEntryIn(here);
}

/** defaultExportWorkerEntry for export code in `dir` (src/engine/export, or a build's copy). */
export function exportWorkerEntryIn(dir: string): string {
  const js = path.join(dir, 'export-worker.js');
  if (fs.existsSync(js)) return js;
  const source = path.join(dir, 'export-worker.ts');
  const root = projectRootOf(dir);
  return (fs.existsSync(source) && root && freshBuild(root, path.join('out', 'main', 'export-worker.mjs'))) || source;
}

function startWorker(entry: string, input: ExportWorkerInput): Worker {
  // A worker cannot read app.asar as a folder of its own: its entry and better-sqlite3's
  // Electron build are unpacked beside the archive (electron-builder.yml asarUnpack).
  const file = outsideAsar(entry);
  if (!fs.existsSync(file)) {
    throw new ExportWorkerError(`its worker thread could not start: ${file} is missing from this installation (reinstall SetBeat)`, { notStarted: true });
  }
  if (!file.endsWith('.ts')) return new Worker(file, { workerData: input });
  // require.resolve finds the CommonJS build; the worker imports the ES module beside it.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  // A worker does not inherit tsx's loader: it registers it, then loads the source.
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`;
  return new Worker(boot, { eval: true, workerData: input });
}

/** Prints a page the worker rendered and sends the PDF back (or why not). */
function print(worker: Worker, id: number, html: string, printToPdf: PrintToPdf | undefined): void {
  const answer = (a: PrintAnswer): void => worker.postMessage(a);
  if (!printToPdf) return answer({ type: 'print-failed', id, message: 'nothing here prints PDFs' });
  printToPdf(html).then(
    (pdf) => answer({ type: 'printed', id, pdf }),
    (err: unknown) => answer({ type: 'print-failed', id, message: err instanceof Error ? err.message : String(err) }),
  );
}

export interface RunExportOptions {
  /** The worker's entry file (default: defaultExportWorkerEntry()). */
  entry?: string;
  /** Bulk exports: after each session. */
  onProgress?: (done: number, total: number) => void;
  /** PDF: prints the pages the worker renders (Electron's printToPDF); default: the worker runs an installed browser. */
  printToPdf?: PrintToPdf;
}

/**
 * Runs `job` on a new worker thread with its own read-only connection to `dbFile`. A worker
 * that cannot start rejects with an ExportWorkerError that says so; nothing then runs on the
 * caller's thread instead (that would stall live recording for the whole export).
 */
export function runExportJob(dbFile: string, job: ExportJob & { kind: 'one' }, options?: RunExportOptions): Promise<SessionExportResult>;
export function runExportJob(dbFile: string, job: ExportJob & { kind: 'all' }, options?: RunExportOptions): Promise<BulkExportResult>;
export function runExportJob(dbFile: string, job: ExportJob, options: RunExportOptions = {}): Promise<SessionExportResult | BulkExportResult> {
  return new Promise((resolve, reject) => {
    const binding = sqliteNativeBinding();
    const input: ExportWorkerInput = { dbFile, job, nativeBinding: binding && outsideAsar(binding), generator: `SetBeat ${APP_VERSION}`, parentPrints: options.printToPdf !== undefined };
    let worker: Worker;
    try {
      worker = startWorker(options.entry ?? defaultExportWorkerEntry(), input);
    } catch (err) {
      reject(err instanceof ExportWorkerError ? err : new ExportWorkerError(`its worker thread could not start: ${err instanceof Error ? err.message : String(err)}`, { notStarted: true }));
      return;
    }
    let settled = false;
    let answered = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (m: ExportWorkerMessage) => {
      answered = true;
      if (m.type === 'progress') options.onProgress?.(m.done, m.total);
      else if (m.type === 'print') print(worker, m.id, m.html, options.printToPdf);
      else if (m.type === 'failed') settle(() => reject(new ExportWorkerError(m.message, { missing: m.missing })));
      else {
        const result = m.one ?? m.all;
        settle(() => (result ? resolve(result) : reject(new ExportWorkerError('the export worker returned nothing'))));
      }
    });
    // An error before the worker said anything is a worker that never ran (its file would
    // not load, or SQLite's native code would not): said as such, not as a bad session.
    worker.on('error', (err) => settle(() => reject(answered ? new ExportWorkerError(err.message) : new ExportWorkerError(`its worker thread could not start: ${err.message}`, { notStarted: true }))));
    worker.on('exit', (code) => settle(() => reject(new ExportWorkerError(`the export worker stopped (exit code ${code})`))));
  });
}
