/**
 * The message shapes between the engine and its export worker (export-worker.ts).
 */
import type { BulkExportResult, ExportFormat, SessionExportResult } from './exporter';

export type ExportJob =
  | { kind: 'one'; sessionId: number; format: ExportFormat; out: string }
  | { kind: 'all'; format: ExportFormat; folder: string };

export interface ExportWorkerInput {
  /** The database file; the worker opens its own read-only connection (WAL allows it). */
  dbFile: string;
  /** better-sqlite3's build for this runtime (Electron's under Electron): a worker starts without it. */
  nativeBinding?: string;
  job: ExportJob;
  /** The JSON export's generator line, `SetBeat <version>`: the worker's own file may sit where the app's package.json is not. */
  generator: string;
  /**
   * PDF: the worker renders the report and asks the parent to print it (Electron prints with
   * a window, which only the main process has); without, it runs an installed browser itself.
   */
  parentPrints?: boolean;
}

export type ExportWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'print'; id: number; html: string }
  | { type: 'done'; one?: SessionExportResult; all?: BulkExportResult }
  | { type: 'failed'; message: string; missing?: boolean };

/** The parent's answer to a `print` request. */
export type PrintAnswer = { type: 'printed'; id: number; pdf: Uint8Array } | { type: 'print-failed'; id: number; message: string };
