/**
 * Runs an export on a worker thread (export-worker.ts) and waits for it without blocking:
 * the engine's event loop keeps taking live samples while the file is written.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BulkExportResult, SessionExportResult } from './exporter';
import type { ExportJob, ExportWorkerInput, ExportWorkerMessage } from './export-job';
import { sqliteNativeBinding } from '../store/index';

const here = path.dirname(fileURLToPath(import.meta.url));

export class ExportWorkerError extends Error {
  override name = 'ExportWorkerError';
  constructor(
    message: string,
    /** The session was not in the store. */
    readonly missing = false,
  ) {
    super(message);
  }
}

/**
 * Where the worker can be started from: a compiled export-worker.js beside this module, or the
 * TypeScript source run through tsx (web mode, the CLI and tests run from sources). The
 * Electron bundle has neither yet: a worker entry there would share a chunk with the main
 * bundle that the packaging rules do not unpack, so the app still exports on its own thread.
 */
export function exportWorkerAvailable(): boolean {
  return fs.existsSync(path.join(here, 'export-worker.js')) || fs.existsSync(path.join(here, 'export-worker.ts'));
}

function startWorker(input: ExportWorkerInput): Worker {
  const js = path.join(here, 'export-worker.js');
  if (fs.existsSync(js)) return new Worker(js, { workerData: input });
  const ts = pathToFileURL(path.join(here, 'export-worker.ts')).href;
  // require.resolve finds the CommonJS build; the worker imports the ES module beside it.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  // A worker does not inherit tsx's loader: it registers it, then loads the source.
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(ts)}); })`;
  return new Worker(boot, { eval: true, workerData: input });
}

export function runExportJob(dbFile: string, job: ExportJob & { kind: 'one' }): Promise<SessionExportResult>;
export function runExportJob(dbFile: string, job: ExportJob & { kind: 'all' }, onProgress?: (done: number, total: number) => void): Promise<BulkExportResult>;
export function runExportJob(
  dbFile: string,
  job: ExportJob,
  onProgress?: (done: number, total: number) => void,
): Promise<SessionExportResult | BulkExportResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ dbFile, job, nativeBinding: sqliteNativeBinding() });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (m: ExportWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.done, m.total);
      else if (m.type === 'failed') settle(() => reject(new ExportWorkerError(m.message, m.missing)));
      else {
        const result = m.one ?? m.all;
        settle(() => (result ? resolve(result) : reject(new ExportWorkerError('the export worker returned nothing'))));
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new ExportWorkerError(`the export worker stopped (exit code ${code})`))));
  });
}
