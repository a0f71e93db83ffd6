import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/engine/store/index';
import { runCli } from '../../../src/engine/cli/main';
import { T0 } from './fixtures/writer-process';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The copy is consistent: SQLite's check passes and the stream has no holes. */
function checkCopy(file: string): { acc: number; sessions: number } {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT t0_ms, n FROM acc_chunks ORDER BY t0_ms').all() as { t0_ms: number; n: number }[];
    let k = 0;
    for (const r of rows) {
      expect(r.t0_ms).toBe(T0 + k * 5);
      k += r.n;
    }
    return { acc: k, sessions: (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n };
  } finally {
    db.close();
  }
}

describe('backup', () => {
  it('CLI backup copies the database consistently while another process records into it', async () => {
    const dir = path.join(tmp, 'live');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/writer-process.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      // Wait for a few commits.
      await new Promise<void>((resolve) => {
        let lines = 0;
        child.stdout.on('data', (d: Buffer) => {
          lines += d.toString().split('\n').length - 1;
          if (lines >= 6) resolve();
        });
      });
      const copies: number[] = [];
      for (let i = 0; i < 3; i++) {
        const out = path.join(tmp, `copy-${i}.db`);
        const res = await runCli(['backup', out, '--data-dir', dir]);
        expect(res.stderr).toBe('');
        expect(res.exitCode).toBe(0);
        expect(res.stdout).toContain(out);
        const c = checkCopy(out);
        expect(c.sessions).toBe(1);
        copies.push(c.acc);
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(copies[2]).toBeGreaterThan(copies[0]); // the recording went on meanwhile
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses to overwrite a file and leaves no partial file on failure', async () => {
    const dir = path.join(tmp, 'own');
    const store = openStore(dir);
    const w = store.beginSession({ name: 'x', startedAt: T0 }, { autoFlush: false });
    w.addAcc('imu', Array.from({ length: 1000 }, (_, i) => ({ tMs: T0 + i * 5, x: 1, y: 0, z: 0 })));
    w.flush();
    const target = path.join(tmp, 'own-copy.db');
    await store.backup(target);
    expect(checkCopy(target).acc).toBe(1000);
    await expect(store.backup(target)).rejects.toThrow(`${target} already exists; choose a new file name (nothing was overwritten)`);
    await expect(store.backup(path.join(tmp, 'no-such-dir', 'x.db'))).rejects.toThrow(/^Backup to .* failed \(.*\)\. The database itself is unchanged\.$/);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('partial'))).toEqual([]);
    w.finish(T0 + 5000);
    store.close();
    const res = await runCli(['backup', target, '--data-dir', dir]);
    expect(res.exitCode).toBe(1);
  });
});
