/**
 * An export to a place the person picked in the desktop window's dialog (save-dialog.ts):
 * one session to a file (or a folder for CSV), or every session into a folder.
 */
import { exportAll, exportSession, type ExportFormat, type ExportOptions } from './exporter';
import { sourceFromStore, type ExportStore } from './store-port';
import type { SavedExport } from './save-dialog';

export async function exportTo(
  store: ExportStore,
  what: number | 'all',
  format: ExportFormat,
  out: string,
  options: ExportOptions & { onProgress?: (done: number, total: number) => void } = {},
): Promise<SavedExport> {
  if (what === 'all') {
    const r = await exportAll(store, format, out, { ...options, onProgress: (p) => options.onProgress?.(p.done, p.total) });
    return { files: r.sessions.flatMap((s) => s.files), exported: r.sessions.length, failed: r.failed };
  }
  const source = sourceFromStore(store, what);
  if (!source) throw new Error(`there is no session ${what} (it may have been deleted)`);
  const r = await exportSession(source, format, out, options);
  return { files: r.files };
}
