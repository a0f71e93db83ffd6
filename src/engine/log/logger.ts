/**
 * The engine's log: pino (structured JSON lines, levels) into a size-rotated file in the data
 * folder's logs/ folder, for a person to find and send. What goes in: connection changes,
 * reconnects, recoveries, store errors, exports, the Bluetooth process's own output. What
 * never does: heart-rate or acceleration samples.
 */
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { RotatingLogFile, type RotatingFileOptions } from './rotating-file';

export type { Logger };

export const LOG_DIR_NAME = 'logs';
export const LOG_FILE_NAME = 'setbeat.log';

export function logFolderOf(dataDir: string): string {
  return path.join(dataDir, LOG_DIR_NAME);
}

export function logFileOf(dataDir: string): string {
  return path.join(logFolderOf(dataDir), LOG_FILE_NAME);
}

export interface FileLogger {
  log: Logger;
  file: string;
  close(): void;
}

/** A logger writing to `<dataDir>/logs/setbeat.log` (SETBEAT_LOG_LEVEL overrides the level). */
export function createFileLogger(dataDir: string, options: RotatingFileOptions & { level?: string } = {}): FileLogger {
  const dest = new RotatingLogFile(logFileOf(dataDir), options);
  const log = pino(
    {
      level: options.level ?? process.env.SETBEAT_LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    dest,
  );
  return { log, file: dest.file, close: () => dest.close() };
}

/** A logger that drops everything (engines built without a data folder log, as in most tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
