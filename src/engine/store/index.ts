/**
 * The store's public face: openStore, startFreshBeside and the types others code against.
 *
 * Opening: the data folder is created; an existing file is first probed READ-ONLY (is it
 * SQLite, is it SetBeat's, which version), so a damaged, foreign or newer file is never
 * written to. Then the connection opens with WAL, migrations run, old soft deletions are
 * purged and sessions a dead process left 'recording' are recovered (store.recoveredAtOpen).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { activeDatabasePath, openConnection, probeDatabase, writeActivePointer } from './connection';
import { openErrorFrom, StoreOpenError } from './errors';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations/index';
import { Store } from './store';
import type { StoreOptions } from './types';

export { Store } from './store';
export { SessionWriter, CHUNK_SPAN_MS, type SessionWriterOptions, type WriterState } from './writer';
export { StoreOpenError, StoreWriteError, StoreUsageError, type StoreOpenErrorKind, type StoreWriteErrorKind } from './errors';
export { activeDatabasePath, readActivePointer, sqliteNativeBinding, useSqliteNativeBinding, ACTIVE_POINTER_FILE, type ActivePointer } from './connection';
export { LATEST_VERSION, MIGRATIONS } from './migrations/index';
export { DEFAULT_HR_PROFILE, zoneBounds, type HrProfile, type ZonesMethod } from './zones';
export type * from './types';

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function openStore(dataDir: string, options: StoreOptions = {}): Store {
  return openStoreFile(dataDir, activeDatabasePath(dataDir), options);
}

/** A read-only store on one database file, for readers beside the engine (an export worker). */
export function openStoreFileReadonly(file: string, options: Omit<StoreOptions, 'readonly'> = {}): Store {
  return openStoreFile(path.dirname(file), file, { ...options, readonly: true });
}

function openStoreFile(dataDir: string, file: string, options: StoreOptions): Store {
  try {
    return openStoreFileUnchecked(dataDir, file, options);
  } catch (err) {
    const explained = explainUnwritableFolder(err, dataDir, file);
    // Reading needs no writing: a read-only folder still lists and exports, from a copy.
    if (options.readonly && explained instanceof StoreOpenError && explained.kind === 'readonly' && fs.existsSync(file) && !writableFolder(dataDir)) {
      return openReadOnlyCopy(dataDir, file, options);
    }
    throw explained;
  }
}

function writableFolder(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLite cannot open a WAL database, even read-only, where it cannot create the -shm file
 * beside it: the database (and its WAL, which may hold the latest writes) is copied to a
 * temporary folder and read there; the copy goes when the store closes.
 */
function openReadOnlyCopy(dataDir: string, file: string, options: StoreOptions): Store {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-readonly-'));
  try {
    const copy = path.join(tmp, path.basename(file));
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const store = openStoreFileUnchecked(tmp, copy, options);
    store.readOnlyFolder = dataDir;
    store.onClose = () => fs.rmSync(tmp, { recursive: true, force: true });
    return store;
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw openErrorFrom(err, file);
  }
}

/** What a command that only reads says when the folder cannot be written. */
export function readOnlyFolderNote(store: Store): string | null {
  return store.readOnlyFolder
    ? `The data folder ${store.readOnlyFolder} cannot be written, so SetBeat read a copy of the database: it can list and export here, but cannot record or import until the folder is writable.`
    : null;
}

/**
 * SQLite says only "unable to open database file" when it cannot create the -wal/-shm files
 * beside the database; a folder that cannot be written is the usual reason, so say that.
 */
function explainUnwritableFolder(err: unknown, dataDir: string, file: string): unknown {
  if (!(err instanceof StoreOpenError) || err.kind !== 'io') return err;
  try {
    fs.accessSync(dataDir, fs.constants.W_OK);
    return err;
  } catch {
    return new StoreOpenError(
      'readonly',
      file,
      `${file} cannot be opened because its folder ${dataDir} cannot be written (SQLite needs to keep its journal files beside the database). Nothing was changed. Make the folder writable or choose another data folder.`,
    );
  }
}

function openStoreFileUnchecked(dataDir: string, file: string, options: StoreOptions): Store {
  const readonly = options.readonly === true;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (!readonly) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      throw openErrorFrom(err, file);
    }
  }
  const probe = probeDatabase(file, busyTimeoutMs);
  if (readonly && !probe.exists) {
    throw new StoreOpenError('io', file, `There is no SetBeat database at ${file} yet. Record or import a session first, or check --data-dir.`);
  }
  if (readonly && probe.version < LATEST_VERSION) {
    throw new StoreOpenError(
      'readonly',
      file,
      `${file} was written by an older SetBeat (database version ${probe.version}) and must be upgraded, which a read-only open cannot do. Open it once without read-only.`,
    );
  }
  const db = openConnection(file, { readonly, busyTimeoutMs });
  const store = new Store(db, file, readonly, busyTimeoutMs);
  if (readonly) return store;
  try {
    // Fail now, with the right message, if the file or its folder cannot be written.
    db.transaction(() => db.pragma('user_version = ' + schemaVersion(db))).immediate();
    migrate(db);
    store.purgeDeleted(false);
    store.recoveredAtOpen = store.recoverInterrupted();
  } catch (err) {
    db.close();
    throw openErrorFrom(err, file);
  }
  return store;
}

/**
 * "Start a new database beside it": the old file is not renamed, moved or deleted. A new file
 * `setbeat-YYYY-MM-DDTHHMM.db` is created in the same folder and `setbeat-active.json` records
 * that it is now the one in use (and which file it replaces), so every later open uses it.
 */
export function startFreshBeside(dataDir: string, now: Date = new Date()): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const previous = path.basename(activeDatabasePath(dataDir));
  const stamp = now.toISOString().slice(0, 16).replace(/:/g, '');
  let name = `setbeat-${stamp}.db`;
  for (let i = 2; fs.existsSync(path.join(dataDir, name)); i++) name = `setbeat-${stamp}-${i}.db`;
  const store = openStoreFile(dataDir, path.join(dataDir, name), {});
  writeActivePointer(dataDir, {
    file: name,
    replaces: previous,
    reason: `${previous} could not be opened; it was left as it is`,
    at: now.toISOString(),
  });
  return store;
}
