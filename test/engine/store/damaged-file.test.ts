/**
 * Issue 17 item 10: a database whose structure is damaged inside (bytes overwritten in the
 * middle of the file, the header intact) is caught when it is opened, with what to do,
 * instead of taking new imports and failing later with SQLite's bare "malformed"; the file
 * is left byte for byte as it was. Real SQLite files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreOpenError } from '../../../src/engine/store/index';
import { runCli } from '../../../src/engine/cli/main';
import { checkDatabaseIntegrity } from '../../../src/engine/store/integrity';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-damaged-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function storeWithData(dir: string): void {
  const store = openStore(dir);
  const t0 = Date.UTC(2026, 0, 1);
  const w = store.beginSession({ name: 'Long', startedAt: t0 }, { autoFlush: false });
  for (let i = 0; i < 200_000; i += 500) {
    w.addAcc('imu', Array.from({ length: 500 }, (_, k) => ({ tMs: t0 + (i + k) * 5, x: Math.sin(i + k), y: 0, z: 1 })));
  }
  for (let s = 0; s < 1000; s++) w.addHr({ tMs: t0 + s * 1000, bpm: 90, contact: true });
  w.finish(t0 + 1_000_000);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}

describe('a damaged database is caught at open', () => {
  it('bytes overwritten inside the file: refused at open with the way out, the file untouched', async () => {
    const dir = path.join(tmp, 'a');
    storeWithData(dir);
    const file = path.join(dir, 'setbeat.db');
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(1024 * 1024);
    // Garbage over a few pages half-way through (b-tree pages, not the header).
    const fd = fs.openSync(file, 'r+');
    const junk = Buffer.alloc(4096 * 4, 0xa5);
    fs.writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const before = fs.readFileSync(file);

    let error: unknown;
    try {
      openStore(dir).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).kind).toBe('corrupt');
    expect((error as Error).message, (error as Error).message).toMatch(/is damaged .*left untouched.*backup.*new database beside it/);

    const cli = await runCli(['sessions', '--data-dir', dir]);
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toMatch(/is damaged/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('doctor runs the full integrity check: damage found and named, the file untouched; a sound file passes', async () => {
    const dir = path.join(tmp, 'doctor');
    storeWithData(dir);
    const file = path.join(dir, 'setbeat.db');
    expect(checkDatabaseIntegrity(dir)).toMatchObject({ exists: true, ok: true, problems: [] });
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    const junk = Buffer.alloc(4096 * 4, 0xa5);
    fs.writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const before = fs.readFileSync(file);
    const r = checkDatabaseIntegrity(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.length).toBeGreaterThan(0);
    // The real doctor (this machine's Bluetooth checks as they are): the database part of its report.
    const doctor = await runCli(['doctor', '--json', '--data-dir', dir]);
    const report = JSON.parse(doctor.stdout) as { database: { ok: boolean; problems: string[] } };
    expect(doctor.exitCode).toBe(1);
    expect(report.database.ok).toBe(false);
    expect(report.database.problems.join(' ')).toMatch(/page|tree|malformed|corrupt/i);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    // A folder with no database yet has nothing to check.
    expect(checkDatabaseIntegrity(path.join(tmp, 'empty'))).toMatchObject({ exists: false, ok: true });
  });

  it('an undamaged file opens as before', () => {
    const dir = path.join(tmp, 'b');
    storeWithData(dir);
    const store = openStore(dir);
    try {
      expect(store.listSessions()).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});
