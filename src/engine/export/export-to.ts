/**
 * An export to a place the person picked in the desktop window's dialog (save-dialog.ts):
 * one session to a file (or a folder for CSV), or every session into a folder. Like History's
 * other exports it runs on the export worker, so a recording never waits for it; only a store
 * with no file to share (an in-memory one in tests) exports on this thread.
 */
import fs from 'node:fs';
import { exportAll, exportSession, type BulkExportResult, type ExportFormat, type ExportOptions } from './exporter';
import { runExportJob } from './export-off-thread';
import { sourceFromStore, type ExportStore } from './store-port';
import type { SavedExport } from './save-dialog';

export interface ExportToOptions extends ExportOptions {
  onProgress?: (done: number, total: number) => void;
  /** The export worker's entry where a build put it (HandlerContext.exportWorker). */
  workerEntry?: string;
}

function bulk(r: BulkExportResult): SavedExport {
  return { files: r.sessions.flatMap((s) => s.files), exported: r.sessions.length, failed: r.failed };
}

export async function exportTo(
  store: ExportStore & { path: string },
  what: number | 'all',
  format: ExportFormat,
  out: string,
  options: ExportToOptions = {},
): Promise<SavedExport> {
  const worker = fs.existsSync(store.path) ? { entry: options.workerEntry, printToPdf: options.printToPdf, onProgress: options.onProgress } : null;
  if (what === 'all') {
    if (worker) return bulk(await runExportJob(store.path, { kind: 'all', format, folder: out }, worker));
    return bulk(await exportAll(store, format, out, { ...options, onProgress: (p) => options.onProgress?.(p.done, p.total) }));
  }
  if (worker) return { files: (await runExportJob(store.path, { kind: 'one', sessionId: what, format, out }, worker)).files };
  const source = sourceFromStore(store, what);
  if (!source) throw new Error(`there is no session ${what} (it may have been deleted)`);
  return { files: (await exportSession(source, format, out, options)).files };
}
