/**
 * An export made for a browser to download (web mode: the person may be on a tablet, far from
 * the server's disk). The export is written to a private temporary folder, handed over as one
 * file (or a ZIP when it is several: CSV, every session), and the folder is removed after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportAll, exportSession, type BulkExportResult, type ExportFormat, type SessionExportResult } from './exporter';
import { ExportWorkerError, runExportJob } from './export-off-thread';
import type { PrintToPdf } from './pdf';
import { sourceFromStore, type ExportStore } from './store-port';

export interface DownloadFile {
  /** Name inside the download (or of it, for one file). */
  name: string;
  path: string;
}

export interface PreparedDownload {
  /** The name the browser saves it under. */
  fileName: string;
  contentType: string;
  files: DownloadFile[];
  /** Several files: sent as one ZIP archive. */
  zip: boolean;
  /** Removes the temporary folder; call once the download was sent (or failed). */
  cleanup(): void;
}

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 500,
  ) {
    super(message);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.tcx': 'application/vnd.garmin.tcx+xml',
  '.fit': 'application/vnd.ant.fit',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function listFiles(root: string): DownloadFile[] {
  const out: DownloadFile[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push({ name: path.relative(root, p).split(path.sep).join('/'), path: p });
    }
  };
  walk(root);
  return out;
}

export interface DownloadOptions {
  printToPdf?: PrintToPdf;
  onProgress?: (p: { done: number; total: number }) => void;
  /**
   * Export on a worker thread with its own connection to this database file, as History's
   * exports do: a download never stalls a recording. `entry` is the worker's file where a
   * build put it; a PDF is printed by `printToPdf` when given.
   */
  worker?: { dbFile: string; entry?: string };
  /** For the archive's name. */
  now?: Date;
}

async function oneHere(store: ExportStore, id: number, format: ExportFormat, out: string, printToPdf?: PrintToPdf): Promise<SessionExportResult> {
  const source = sourceFromStore(store, id);
  if (!source) throw new DownloadError(`There is no session ${id}.`, 404);
  return exportSession(source, format, out, { printToPdf });
}

async function oneOnWorker(worker: { dbFile: string; entry?: string }, id: number, format: ExportFormat, out: string, printToPdf?: PrintToPdf): Promise<SessionExportResult> {
  try {
    return await runExportJob(worker.dbFile, { kind: 'one', sessionId: id, format, out }, { entry: worker.entry, printToPdf });
  } catch (err) {
    if (err instanceof ExportWorkerError && err.missing) throw new DownloadError(`There is no session ${id}.`, 404);
    throw err;
  }
}

/** Exports one session (`what` its id) or all of them into a temporary folder. */
export async function prepareDownload(store: ExportStore, what: number | 'all', format: ExportFormat, options: DownloadOptions = {}): Promise<PreparedDownload> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-download-'));
  const cleanup = (): void => fs.rmSync(tmp, { recursive: true, force: true });
  const worker = options.worker && fs.existsSync(options.worker.dbFile) ? options.worker : null;
  try {
    let files: DownloadFile[];
    let archive: string;
    if (what === 'all') {
      const stamp = (options.now ?? new Date()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
      archive = `setbeat-all-${format}-${stamp}`;
      const folder = path.join(tmp, archive);
      const result: BulkExportResult = worker
        ? await runExportJob(worker.dbFile, { kind: 'all', format, folder }, { entry: worker.entry, printToPdf: options.printToPdf, onProgress: (done, total) => options.onProgress?.({ done, total }) })
        : await exportAll(store, format, folder, { printToPdf: options.printToPdf, onProgress: options.onProgress });
      if (result.sessions.length === 0 && result.failed.length === 0) throw new DownloadError('There are no sessions to export yet.', 404);
      if (result.sessions.length === 0) throw new DownloadError(`No session could be exported (first: session ${result.failed[0].sessionId}: ${result.failed[0].reason}).`, 500);
      files = listFiles(path.join(tmp, archive)).map((f) => ({ ...f, name: `${archive}/${f.name}` }));
    } else {
      const result = worker ? await oneOnWorker(worker, what, format, tmp + path.sep, options.printToPdf) : await oneHere(store, what, format, tmp + path.sep, options.printToPdf);
      files = result.files.map((f) => ({ name: path.basename(f.path), path: f.path }));
      archive = files.length === 1 ? files[0].name : path.basename(files[0].path).split('.')[0];
    }
    if (files.length === 1 && what !== 'all') {
      return { fileName: files[0].name, contentType: CONTENT_TYPES[path.extname(files[0].name)] ?? 'application/octet-stream', files, zip: false, cleanup };
    }
    return { fileName: `${archive}.zip`, contentType: 'application/zip', files, zip: true, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
