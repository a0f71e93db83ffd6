import fs from 'node:fs';

/**
 * Typed store failures. Every message names the database file and says what to do, because
 * it is shown to the person as it is (CLI exit 1, the app's banner).
 */

export type StoreOpenErrorKind = 'corrupt' | 'newer-version' | 'locked' | 'readonly' | 'io';

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
  constructor(
    readonly kind: StoreOpenErrorKind,
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export type StoreWriteErrorKind = 'full' | 'readonly' | 'locked' | 'corrupt' | 'io';

/** A flush that did not reach the disk; the writer keeps its queue and retries. */
export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
  constructor(
    readonly kind: StoreWriteErrorKind,
    readonly file: string,
    message: string,
    /** Rows and samples still held in memory for the retry. */
    readonly pending: number,
  ) {
    super(message);
  }
}

/** Bad use of the store API (unknown id, invalid value): the caller's mistake, said plainly. */
export class StoreUsageError extends Error {
  override name = 'StoreUsageError';
}

/** better-sqlite3 errors carry SQLite's result code name in `code` (e.g. SQLITE_FULL). */
export function sqliteCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return '';
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Maps a failure while opening to the kind and the sentence the person reads. */
export function openErrorFrom(err: unknown, file: string): StoreOpenError {
  if (err instanceof StoreOpenError) return err;
  const code = sqliteCode(err);
  const why = errorText(err);
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return corruptError(file, why);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreOpenError(
      'locked',
      file,
      `${file} is in use by another program (${why}). Close other SetBeat windows or programs using it, then try again.`,
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new StoreOpenError(
      'readonly',
      file,
      `${file} cannot be written (${why}). Nothing was changed. Check that the folder is on a writable disk and that you may write to it, or choose another data folder.`,
    );
  }
  return new StoreOpenError(
    'io',
    file,
    `${file} could not be opened (${why}). Nothing was changed. Check that the disk is connected and has free space, then try again.`,
  );
}

/** The file is SetBeat's but its structure is damaged: nothing more is written to it. */
export function damagedError(file: string, check: string): StoreOpenError {
  return new StoreOpenError(
    'corrupt',
    file,
    `${file} is damaged (SQLite's check says: ${check.replace(/\s+/g, ' ').slice(0, 200)}). It was left untouched, and nothing more will be written to it. ` +
      'Close SetBeat and copy your latest backup (made with `npm run -s cli -- backup FILE`) over it, or start a new database beside it.',
  );
}

export function corruptError(file: string, why: string): StoreOpenError {
  return new StoreOpenError(
    'corrupt',
    file,
    `${file} is not a SetBeat database (${why}). It was left untouched. Start a new database beside it?`,
  );
}

/**
 * SQLite reports a write refused by the file system (EPERM/EROFS on an open handle) as a bare
 * "disk I/O error"; asking the file system tells that apart from a failing disk.
 */
function writable(file: string): boolean {
  try {
    for (const f of [file, `${file}-wal`]) if (fs.existsSync(f)) fs.accessSync(f, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Maps a failed flush to the kind and sentence for the 'error' callback. */
export function writeErrorFrom(err: unknown, file: string, pending: number | null): StoreWriteError {
  const code = sqliteCode(err);
  const why = errorText(err);
  // pending null: nothing was queued yet (a session could not even start).
  const kept =
    pending === null
      ? 'The session was not started; nothing was lost.'
      : `${pending} unsaved rows and samples are kept in memory and will be saved when this is fixed.`;
  pending ??= 0;
  if (code.startsWith('SQLITE_FULL')) {
    return new StoreWriteError('full', file, `Could not save to ${file}: the disk is full (${why}). ${kept} Free some space.`, pending);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || (code.startsWith('SQLITE_IOERR') && !writable(file))) {
    return new StoreWriteError('readonly', file, `Could not save to ${file}: it cannot be written (${why}). ${kept}`, pending);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreWriteError('locked', file, `Could not save to ${file}: another program holds it (${why}). ${kept}`, pending);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new StoreWriteError('corrupt', file, `Could not save to ${file}: the database is damaged (${why}). ${kept} Make a backup now.`, pending);
  }
  return new StoreWriteError('io', file, `Could not save to ${file} (${why}). ${kept}`, pending);
}
