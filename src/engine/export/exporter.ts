/**
 * Exports one session or all of them to disk, in any format, streaming each file.
 *
 * Where things go:
 * - csv: `out` is a FOLDER (made if missing) that receives four files per session:
 *   `<base>.sets.csv`, `<base>.samples.csv`, `<base>.strong.csv` (Hevy/Strong import) and
 *   `<base>.rr.txt` (Kubios/Elite HRV).
 * - json, tcx, fit, html, pdf: `out` is the FILE to write; when it names an existing folder
 *   or ends with a path separator, the file `<base>.<ext>` is written inside that folder.
 * - all sessions: `out` is always a folder; one file (four for csv) per session.
 * `<base>` is `setbeat-YYYY-MM-DD-HHMM-s<id>` (UTC start), never a typed name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeRrText, writeSamplesCsv, writeSetsCsv, writeStrongCsv } from '../../core/export/csv';
import { encodeFit } from '../../core/export/fit';
import { writeSessionJson } from '../../core/export/json';
import { writeReportHtml, type ReportOptions } from '../../core/export/report';
import { collectText } from '../../core/export/sink';
import type { SessionSource } from '../../core/export/source';
import { writeTcx } from '../../core/export/tcx';
import { APP_VERSION } from '../version';
import { openChromiumPdfPrinter, type PrintToPdf } from './pdf';
import { ensureFolder, ExportPathError, insideFolder, sessionFileBase } from './safe-path';
import { sourceFromStore, type ExportStore } from './store-port';
import { writeBytesAtomically, writeFileStreaming } from './write-file';

export const EXPORT_FORMATS = ['csv', 'json', 'tcx', 'fit', 'html', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

export interface ExportOptions {
  report?: ReportOptions;
  /** JSON: include raw acceleration (default true). */
  includeAcc?: boolean;
  /** PDF: how to print; default headless Chromium (one browser per call or per bulk run). */
  printToPdf?: PrintToPdf;
  generator?: string;
}

export interface ExportedFile {
  path: string;
  bytes: number;
}

export interface SessionExportResult {
  sessionId: number;
  files: ExportedFile[];
}

async function writeFormat(
  source: SessionSource,
  format: ExportFormat,
  targetFor: (suffix: string) => string,
  options: ExportOptions,
  printToPdf: () => Promise<PrintToPdf>,
): Promise<ExportedFile[]> {
  const files: ExportedFile[] = [];
  // Core reads no clock: the export's time stamps come from here.
  const report: ReportOptions = { ...options.report, generatedAt: options.report?.generatedAt ?? Date.now() };
  const put = (suffix: string, produce: Parameters<typeof writeFileStreaming>[1]): void => {
    const p = targetFor(suffix);
    files.push({ path: p, bytes: writeFileStreaming(p, produce) });
  };
  switch (format) {
    case 'csv':
      put('.sets.csv', (sink) => writeSetsCsv(source.detail, sink));
      put('.samples.csv', (sink) => writeSamplesCsv(source, sink));
      put('.strong.csv', (sink) => writeStrongCsv(source.detail, sink, options.report?.timeZone));
      put('.rr.txt', (sink) => writeRrText(source, sink));
      break;
    case 'json':
      put('.json', (sink) => writeSessionJson(source, sink, { exportedAt: new Date().toISOString(), includeAcc: options.includeAcc, generator: options.generator ?? `SetBeat ${APP_VERSION}` }));
      break;
    case 'tcx':
      put('.tcx', (sink) => writeTcx(source, sink));
      break;
    case 'fit': {
      const p = targetFor('.fit');
      files.push({ path: p, bytes: writeBytesAtomically(p, encodeFit(source)) });
      break;
    }
    case 'html':
      put('.html', (sink) => writeReportHtml(source, sink, report));
      break;
    case 'pdf': {
      // The report is one page of HTML: small enough to hand to the printer whole.
      const html = collectText((sink) => writeReportHtml(source, sink, report));
      const pdf = await (await printToPdf())(html);
      const p = targetFor('.pdf');
      files.push({ path: p, bytes: writeBytesAtomically(p, pdf) });
      break;
    }
  }
  return files;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** One session: see the header for what `out` means per format. */
export async function exportSession(
  source: SessionSource,
  format: ExportFormat,
  out: string,
  options: ExportOptions = {},
): Promise<SessionExportResult> {
  const base = sessionFileBase(source.detail);
  let targetFor: (suffix: string) => string;
  // A trailing separator says "folder" even before it exists.
  if (format === 'csv' || /[\\/]$/.test(out) || isDirectory(out)) {
    const folder = ensureFolder(out);
    targetFor = (suffix) => insideFolder(folder, base + suffix);
  } else {
    const file = path.resolve(out);
    const folder = ensureFolder(path.dirname(file));
    const name = path.basename(file);
    if (name.endsWith('.part')) throw new ExportPathError('the output name may not end in .part');
    targetFor = () => insideFolder(folder, name);
  }
  let printer: Awaited<ReturnType<typeof openChromiumPdfPrinter>> | null = null;
  try {
    const files = await writeFormat(source, format, targetFor, options, async () => {
      if (options.printToPdf) return options.printToPdf;
      printer = await openChromiumPdfPrinter();
      return printer.print;
    });
    return { sessionId: source.detail.id, files };
  } finally {
    await (printer as { close(): Promise<void> } | null)?.close();
  }
}

export interface BulkProgress {
  done: number;
  total: number;
  sessionId: number;
  files: ExportedFile[];
}

export interface BulkExportResult {
  folder: string;
  sessions: SessionExportResult[];
  /** Sessions that vanished between listing and export, or failed; the rest still export. */
  failed: { sessionId: number; reason: string }[];
}

/**
 * Every session into one folder, one after another (memory stays that of one session), with
 * a progress callback after each. A failure on one session is reported and the run goes on.
 */
export async function exportAll(
  store: ExportStore,
  format: ExportFormat,
  folder: string,
  options: ExportOptions & { onProgress?: (p: BulkProgress) => void; signal?: AbortSignal } = {},
): Promise<BulkExportResult> {
  const root = ensureFolder(folder);
  const sessions = store.listSessions();
  const result: BulkExportResult = { folder: root, sessions: [], failed: [] };
  let printer: Awaited<ReturnType<typeof openChromiumPdfPrinter>> | null = null;
  const getPrinter = async (): Promise<PrintToPdf> => {
    if (options.printToPdf) return options.printToPdf;
    printer ??= await openChromiumPdfPrinter();
    return printer.print;
  };
  try {
    for (const [i, summary] of sessions.entries()) {
      if (options.signal?.aborted) break;
      let files: ExportedFile[] = [];
      try {
        const source = sourceFromStore(store, summary.id);
        if (!source) throw new Error('the session is no longer in the store');
        const base = sessionFileBase(source.detail);
        files = await writeFormat(source, format, (suffix) => insideFolder(root, base + suffix), options, getPrinter);
        result.sessions.push({ sessionId: summary.id, files });
      } catch (err) {
        result.failed.push({ sessionId: summary.id, reason: err instanceof Error ? err.message : String(err) });
      }
      options.onProgress?.({ done: i + 1, total: sessions.length, sessionId: summary.id, files });
    }
  } finally {
    await (printer as { close(): Promise<void> } | null)?.close();
  }
  return result;
}
