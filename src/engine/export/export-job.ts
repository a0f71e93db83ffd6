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
}

export type ExportWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; one?: SessionExportResult; all?: BulkExportResult }
  | { type: 'failed'; message: string; missing?: boolean };
