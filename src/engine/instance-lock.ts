/**
 * One live SetBeat per data folder. The Electron app has its single-instance lock; web mode
 * (and the app next to a web server on the same folder) needs one that any process sees, so
 * two engines never record into the same database at once.
 *
 * The lock is an EXCLUSIVE SQLite lock on `setbeat.instance.lock` in the data folder: the
 * operating system drops it when the process ends, however it ends (SIGKILL, power cut), so
 * a crash never leaves a stale lock behind — unlike a pid file. Who holds it is written beside
 * it (`setbeat.instance.json`) so the refusal can say which program to go to.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteOptions } from './store/connection';

export const INSTANCE_LOCK_FILE = 'setbeat.instance.lock';
export const INSTANCE_INFO_FILE = 'setbeat.instance.json';

export interface InstanceHolder {
  pid: number;
  transport: string;
  startedAt: string;
  url?: string;
}

export class InstanceLockedError extends Error {
  override name = 'InstanceLockedError';
  constructor(
    readonly dataDir: string,
    readonly holder: InstanceHolder | null,
  ) {
    super(lockedMessage(dataDir, holder));
  }
}

export interface InstanceLock {
  readonly dataDir: string;
  /** Tells a second instance where this one can be reached (web mode's address). */
  describe(extra: { url?: string }): void;
  release(): void;
}

function lockedMessage(dataDir: string, h: InstanceHolder | null): string {
  const who = h
    ? `${h.transport === 'web' ? 'SetBeat in web mode' : 'the SetBeat app'} (process ${h.pid}, since ${h.startedAt.replace('T', ' ').slice(0, 16)} UTC)`
    : 'another SetBeat';
  const where = h?.url ? ` Open ${h.url} to use it,` : ' Use that window,';
  return `${who} is already recording into ${dataDir}.${where} or stop it first; two at once would write the same database.`;
}

function readHolder(dataDir: string): InstanceHolder | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dataDir, INSTANCE_INFO_FILE), 'utf8')) as Partial<InstanceHolder>;
    if (typeof v.pid !== 'number' || typeof v.transport !== 'string' || typeof v.startedAt !== 'string') return null;
    return { pid: v.pid, transport: v.transport, startedAt: v.startedAt, url: typeof v.url === 'string' ? v.url : undefined };
  } catch {
    return null;
  }
}

function writeHolder(dataDir: string, holder: InstanceHolder): void {
  const file = path.join(dataDir, INSTANCE_INFO_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(holder, null, 2) + '\n');
    fs.renameSync(tmp, file);
  } catch {
    // Only the refusal message of a second instance is poorer without it.
  }
}

/** The data folder cannot be written: nothing can be recorded there, though it can still be read. */
export class DataFolderReadOnlyError extends Error {
  override name = 'DataFolderReadOnlyError';
  constructor(readonly dataDir: string) {
    super(
      `The data folder ${dataDir} cannot be written, so SetBeat cannot record or import there. ` +
        'Make the folder writable, or choose another with --data-dir; `npm run -s cli -- sessions` and `export` can still read it.',
    );
  }
}

function folderWritable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Takes the data folder's instance lock, or throws InstanceLockedError naming the holder. */
export function acquireInstanceLock(dataDir: string, who: { transport: string; url?: string }): InstanceLock {
  fs.mkdirSync(dataDir, { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path.join(dataDir, INSTANCE_LOCK_FILE), sqliteOptions({ timeout: 0 }));
  } catch (err) {
    // SQLite says only "unable to open database file"; a folder that cannot be written is why.
    if (!folderWritable(dataDir)) throw new DataFolderReadOnlyError(dataDir);
    throw err;
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write in EXCLUSIVE locking mode takes the lock and keeps it until close().
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder; COMMIT');
  } catch (err) {
    db.close();
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new InstanceLockedError(dataDir, readHolder(dataDir));
    throw err;
  }
  const holder: InstanceHolder = { pid: process.pid, transport: who.transport, startedAt: new Date().toISOString(), url: who.url };
  writeHolder(dataDir, holder);
  let released = false;
  return {
    dataDir,
    describe(extra) {
      if (released) return;
      Object.assign(holder, extra);
      writeHolder(dataDir, holder);
    },
    release() {
      if (released) return;
      released = true;
      db.close();
      // The info file goes too, unless another instance has taken over already.
      if (readHolder(dataDir)?.pid === process.pid) fs.rmSync(path.join(dataDir, INSTANCE_INFO_FILE), { force: true });
    },
  };
}
