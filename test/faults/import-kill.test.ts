/**
 * Fault (issue 17 item 2): an import is all or nothing. `import FILE.json` killed with SIGKILL
 * while it writes leaves a session marked as an import; the next open removes it instead of
 * keeping a "recovered" half. A clean-up that itself fails is also finished at the next open.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSessionJson } from '../../src/core/export/json';
import { collectText } from '../../src/core/export/sink';
import { openStore } from '../../src/engine/store/index';
import { makeFixture } from '../core/export/fixture';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function rowCounts(dbFile: string): { sessions: number; sets: number; hr: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    return { sessions: n('SELECT count(*) AS n FROM sessions'), sets: n('SELECT count(*) AS n FROM sets'), hr: n('SELECT count(*) AS n FROM hr_samples') };
  } catch {
    return { sessions: 0, sets: 0, hr: 0 };
  } finally {
    db.close();
  }
}

describe('fault: an import is killed part-way', () => {
  it('SIGKILL while writing: the next open removes the half import, recovers nothing', async () => {
    const d = (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-import-kill-')));
    const dataDir = path.join(d, 'data');
    // Created first, so the child and this test agree on the file.
    openStore(dataDir).close();
    const file = path.join(d, 'big.json');
    const fx = makeFixture({ rounds: 20, accHz: 50 });
    fs.writeFileSync(file, collectText((sink) => writeSessionJson(fx.source, sink, { exportedAt: '2026-11-21T08:00:00.000Z' })));
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/engine/cli/main.ts'), 'import', file, '--data-dir', dataDir], { stdio: 'ignore' });
    const dbFile = path.join(dataDir, 'setbeat.db');
    let seen = { sessions: 0, sets: 0, hr: 0 };
    const deadline = Date.now() + 120_000;
    // Killed once rows are on disk and before the import has finished.
    while (Date.now() < deadline && child.exitCode === null) {
      seen = rowCounts(dbFile);
      if (seen.sets > 0 && seen.hr > 0) break;
      await sleep(10);
    }
    expect(child.exitCode, 'the import finished before it could be killed: make the file bigger').toBeNull();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(seen.sessions).toBe(1);

    const store = openStore(dataDir);
    try {
      expect(store.recoveredAtOpen).toEqual([]);
      expect(store.listSessions()).toEqual([]);
    } finally {
      store.close();
    }
    expect(rowCounts(dbFile)).toEqual({ sessions: 0, sets: 0, hr: 0 });
  }, 180_000);

  it('an import whose own clean-up fails is hidden at once and removed at the next open', () => {
    const d = (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-import-cleanup-')));
    const dataDir = path.join(d, 'data');
    const store = openStore(dataDir);
    const w = store.beginSession({ name: 'half', startedAt: Date.UTC(2026, 0, 1), importing: true }, { autoFlush: false });
    w.startSet({ exerciseId: 'squat', side: 'both', order: 0, startedAt: Date.UTC(2026, 0, 1) + 1000 });
    w.flush();
    // The process "dies" here: the writer is dropped without finishing or cleaning up, and
    // the session names a writer process that no longer exists.
    w.detach();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    store.db.prepare('UPDATE sessions SET writer_pid = ? WHERE id = ?').run(gone, w.sessionId);
    expect(store.listSessions()).toEqual([]);
    store.close();
    const again = openStore(dataDir);
    try {
      expect(again.recoveredAtOpen).toEqual([]);
      expect(again.listSessions()).toEqual([]);
      expect((again.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n).toBe(0);
    } finally {
      again.close();
    }
  });
});
