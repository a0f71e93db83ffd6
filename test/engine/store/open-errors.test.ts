/**
 * Bad files at the database path. Tests run as root here, where chmod does not stop writes,
 * so "read-only" is made real with `chattr +i` (the immutable flag, which binds root too);
 * the test is skipped with a note where chattr is not permitted.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { activeDatabasePath, openStore, startFreshBeside, StoreOpenError } from '../../../src/engine/store/index';
import { LATEST_VERSION, SETBEAT_APPLICATION_ID } from '../../../src/engine/store/migrations/index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-open-'));
const immutable: string[] = [];
afterAll(() => {
  for (const f of immutable) execFileSync('chattr', ['-i', f]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

function dirWith(name: string, bytes?: Buffer): { dir: string; file: string } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'setbeat.db');
  if (bytes) fs.writeFileSync(file, bytes);
  return { dir, file };
}

function openError(dir: string, opts: { readonly?: boolean; busyTimeoutMs?: number } = {}): StoreOpenError {
  try {
    openStore(dir, opts).close();
  } catch (err) {
    if (err instanceof StoreOpenError) return err;
    throw err;
  }
  throw new Error('openStore did not fail');
}

const chattrWorks = ((): boolean => {
  const probe = path.join(tmp, 'chattr-probe');
  fs.writeFileSync(probe, 'x');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('opening a bad database file', () => {
  it('garbage at setbeat.db: exact message, file bytes unchanged, nothing created beside it', () => {
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131 + 7) % 256));
    const { dir, file } = dirWith('garbage', garbage);
    const err = openError(dir);
    expect(err.kind).toBe('corrupt');
    expect(err.file).toBe(file);
    expect(err.message).toBe(
      `${file} is not a SetBeat database (file is not a database). It was left untouched. Start a new database beside it?`,
    );
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['setbeat.db']);
  });

  it("another program's SQLite file is refused the same way and not modified", () => {
    const { dir, file } = dirWith('foreign');
    const other = new Database(file);
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
    other.close();
    const before = fs.readFileSync(file);
    const err = openError(dir);
    expect(err.kind).toBe('corrupt');
    expect(err.message).toBe(
      `${file} is not a SetBeat database (it is the SQLite database of another program). It was left untouched. Start a new database beside it?`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a newer database version: clear message, touched not at all', () => {
    const { dir, file } = dirWith('newer');
    const db = new Database(file);
    db.pragma(`application_id = ${SETBEAT_APPLICATION_ID}`);
    db.pragma('user_version = 42');
    db.exec('CREATE TABLE future (x)');
    db.close();
    const before = fs.readFileSync(file);
    const mtime = fs.statSync(file).mtimeMs;
    const err = openError(dir);
    expect(err.kind).toBe('newer-version');
    expect(err.message).toBe(
      `${file} was written by a newer SetBeat (database version 42; this app knows up to ${LATEST_VERSION}). It was left untouched. Update SetBeat to open it.`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  it('a database locked by another program: exact message', () => {
    const { dir, file } = dirWith('locked');
    openStore(dir).close();
    const other = new Database(file);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const err = openError(dir, { busyTimeoutMs: 50 });
      expect(err.kind).toBe('locked');
      expect(err.message).toBe(
        `${file} is in use by another program (database is locked). Close other SetBeat windows or programs using it, then try again.`,
      );
    } finally {
      other.close();
    }
    // Once the other program lets go, the store opens.
    openStore(dir).close();
  });

  it.skipIf(!chattrWorks)('a read-only file (chattr +i): exact message; a read-only open still reads it', () => {
    const { dir, file } = dirWith('readonly');
    const store = openStore(dir);
    const w = store.beginSession({ name: 'Kept', startedAt: 1_800_000_000_000 }, { autoFlush: false });
    w.finish(1_800_000_060_000);
    store.close();
    execFileSync('chattr', ['+i', file]);
    immutable.push(file);
    const err = openError(dir);
    expect(err.kind).toBe('readonly');
    expect(err.message).toBe(
      `${file} cannot be written (attempt to write a readonly database). Nothing was changed. Check that the folder is on a writable disk and that you may write to it, or choose another data folder.`,
    );
    const ro = openStore(dir, { readonly: true });
    expect(ro.listSessions().map((s) => s.name)).toEqual(['Kept']);
    ro.close();
  });

  it.skipIf(!chattrWorks)('a data folder that cannot be written (chattr +i on the folder): says so', () => {
    const { dir, file } = dirWith('readonly-folder');
    openStore(dir).close();
    execFileSync('chattr', ['+i', dir]);
    immutable.push(dir);
    const err = openError(dir);
    expect(err.kind).toBe('readonly');
    expect(err.message).toBe(
      `${file} cannot be opened because its folder ${dir} cannot be written (SQLite needs to keep its journal files beside the database). Nothing was changed. Make the folder writable or choose another data folder.`,
    );
  });

  it('startFreshBeside leaves the bad file as it is and every later open uses the new one', () => {
    const garbage = Buffer.from('not a database, but somebody might want these bytes back');
    const { dir, file } = dirWith('fresh', garbage);
    const store = startFreshBeside(dir, new Date('2026-11-26T14:30:00Z'));
    expect(path.basename(store.path)).toBe('setbeat-2026-11-26T1430.db');
    store.beginSession({ name: 'After', startedAt: 1 }, { autoFlush: false }).finish(2);
    store.close();
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    expect(activeDatabasePath(dir)).toBe(path.join(dir, 'setbeat-2026-11-26T1430.db'));
    const again = openStore(dir);
    expect(again.listSessions().map((s) => s.name)).toEqual(['After']);
    again.close();
  });
});
