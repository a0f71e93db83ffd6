/**
 * Finding and opening the database file safely: which file is active, a read-only probe that
 * never writes to a file we do not recognise, then the read-write connection with WAL.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from '../paths';
import { corruptError, damagedError, openErrorFrom, StoreOpenError } from './errors';
import { LATEST_VERSION, SETBEAT_APPLICATION_ID } from './migrations/index';

/**
 * When the person chose "start a new database beside it", this file in the data folder names
 * the database in use. The old file is never renamed, moved or deleted.
 */
export const ACTIVE_POINTER_FILE = 'setbeat-active.json';

export interface ActivePointer {
  file: string;
  replaces: string;
  reason: string;
  at: string;
}

/** The database file SetBeat uses in this data folder. */
export function activeDatabasePath(dataDir: string): string {
  const pointer = readActivePointer(dataDir);
  return path.join(dataDir, pointer?.file ?? DB_FILE_NAME);
}

export function readActivePointer(dataDir: string): ActivePointer | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, ACTIVE_POINTER_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Partial<ActivePointer>;
    // Only a bare file name inside the data folder is honoured.
    if (typeof v.file === 'string' && v.file === path.basename(v.file) && v.file.endsWith('.db')) {
      return { file: v.file, replaces: String(v.replaces ?? ''), reason: String(v.reason ?? ''), at: String(v.at ?? '') };
    }
  } catch {
    // A damaged pointer falls back to the default name rather than guessing.
  }
  return null;
}

export function writeActivePointer(dataDir: string, pointer: ActivePointer): void {
  const target = path.join(dataDir, ACTIVE_POINTER_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(pointer, null, 2) + '\n');
  fs.renameSync(tmp, target);
}

let nativeBinding: string | undefined;

/**
 * Under Electron the app loads better-sqlite3's Electron-ABI build (kept apart in
 * .native/electron) while tests and the CLI use the Node build; one process has one runtime,
 * so the choice is process-wide and every connection below honours it.
 */
export function useSqliteNativeBinding(file: string | undefined): void {
  nativeBinding = file;
}

/** The binding in use, for a worker thread to load the same one. */
export function sqliteNativeBinding(): string | undefined {
  return nativeBinding;
}

export function sqliteOptions(options: Database.Options): Database.Options {
  return nativeBinding ? { ...options, nativeBinding } : options;
}

export interface ProbeResult {
  exists: boolean;
  version: number;
}

/**
 * Looks at an existing file read-only: is it SQLite, is it ours, which version. Nothing is
 * written, so a damaged or foreign file stays byte-for-byte as it was.
 */
export function probeDatabase(file: string, busyTimeoutMs: number): ProbeResult {
  if (!fs.existsSync(file)) return { exists: false, version: 0 };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true, timeout: busyTimeoutMs }));
    const version = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
    if (appId !== SETBEAT_APPLICATION_ID && (version > 0 || tables > 0)) {
      throw corruptError(file, 'it is the SQLite database of another program');
    }
    if (version > LATEST_VERSION) {
      throw new StoreOpenError(
        'newer-version',
        file,
        `${file} was written by a newer SetBeat (database version ${version}; this app knows up to ${LATEST_VERSION}). It was left untouched. Update SetBeat to open it.`,
      );
    }
    // Damage inside the file went unnoticed until an export failed with "malformed", while
    // imports kept writing into it: SQLite's quick check (structure, not every value) at open.
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') throw damagedError(file, String(check));
    return { exists: true, version };
  } catch (err) {
    throw openErrorFrom(err, file);
  } finally {
    db?.close();
  }
}

export interface ConnectionOptions {
  readonly: boolean;
  busyTimeoutMs: number;
}

/** Opens the connection and sets the pragmas every SetBeat connection runs with. */
export function openConnection(file: string, opts: ConnectionOptions): Database.Database {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, sqliteOptions({ readonly: opts.readonly, fileMustExist: opts.readonly, timeout: opts.busyTimeoutMs }));
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL: a power cut may lose the last commits, never corrupt the file.
      db.pragma('synchronous = NORMAL');
      // Keep the WAL bounded: checkpoint every ~4 MB of pages, truncate it back to 16 MB after.
      db.pragma('wal_autocheckpoint = 1000');
      db.pragma('journal_size_limit = 16777216');
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db?.close();
    throw openErrorFrom(err, file);
  }
}
