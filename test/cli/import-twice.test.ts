/** Importing the same recording twice (issue 16, item 17): noticed by its samples, refused, `--again` to insist. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { openStore } from '../../src/engine/store/index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-import-twice-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** 20 s at 50 Hz: still, ten squat-like dips, still. */
function recording(name: string, wobble = 0): string {
  const file = path.join(tmp, name);
  const lines = ['t,ax,ay,az'];
  for (let i = 0; i < 1000; i++) {
    const t = i / 50;
    const moving = t >= 5 && t < 15;
    const z = 1 + (moving ? 0.4 * Math.sin(2 * Math.PI * 0.5 * (t - 5)) : 0) + wobble;
    lines.push(`${t.toFixed(2)},0.01,0.02,${z.toFixed(4)}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function sessionRows(dir: string): { id: number; content_hash: string | null }[] {
  const db = new Database(path.join(dir, 'setbeat.db'), { readonly: true });
  try {
    return db.prepare('SELECT id, content_hash FROM sessions ORDER BY id').all() as { id: number; content_hash: string | null }[];
  } finally {
    db.close();
  }
}

describe('import the same recording twice', () => {
  it('refuses the second import (exit 1, naming the session), keeps one session; --again makes two', async () => {
    const dir = path.join(tmp, 'csv');
    const file = recording('squats.acc.csv');
    const first = await runCli(['import', file, '--exercise', 'squat', '--data-dir', dir]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe('1\n');

    const second = await runCli(['import', file, '--exercise', 'squat', '--data-dir', dir]);
    expect(second.exitCode).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is already imported: session 1 "squats" \\(\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d\\) has the same samples\\. Nothing was imported; add --again to import it anyway\\.\\n$`));
    const rows = sessionRows(dir);
    expect(rows.map((r) => r.id)).toEqual([1]);
    expect(rows[0].content_hash).toMatch(/^acc-csv:v1:[0-9a-f]{64}$/);

    // The same samples under another name and time (a copy) are the same recording.
    const copy = path.join(tmp, 'copy-of-squats.acc.csv');
    fs.copyFileSync(file, copy);
    fs.utimesSync(copy, new Date('2026-01-02T10:00:00Z'), new Date('2026-01-02T10:00:00Z'));
    const json = await runCli(['import', copy, '--exercise', 'squat', '--json', '--data-dir', dir]);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ id: null, duplicateOf: { id: 1, name: 'squats', startedAt: Math.round(fs.statSync(file).mtimeMs) } });

    const again = await runCli(['import', file, '--exercise', 'squat', '--again', '--data-dir', dir]);
    expect(again.exitCode).toBe(0);
    // The refused imports were removed whole; their ids are not reused (SQLite AUTOINCREMENT).
    const secondId = Number(again.stdout);
    expect(sessionRows(dir).map((r) => r.id)).toEqual([1, secondId]);
    expect(sessionRows(dir)[1].content_hash).toBe(rows[0].content_hash);
    const list = JSON.parse((await runCli(['sessions', '--json', '--data-dir', dir])).stdout) as { sessions: { id: number }[] };
    expect(list.sessions.map((s) => s.id).sort()).toEqual([1, secondId]);
  });

  it('other samples, or a heart-rate file beside the same acceleration, are a new recording', async () => {
    const dir = path.join(tmp, 'different');
    const a = recording('a.acc.csv');
    const b = recording('b.acc.csv', 0.001);
    expect((await runCli(['import', a, '--exercise', 'squat', '--data-dir', dir])).exitCode).toBe(0);
    expect((await runCli(['import', b, '--exercise', 'squat', '--data-dir', dir])).exitCode).toBe(0);
    const hr = path.join(tmp, 'a.hr.csv');
    fs.writeFileSync(hr, 't,bpm\n0,100\n1,104\n2,108\n');
    expect((await runCli(['import', a, '--exercise', 'squat', '--hr', hr, '--data-dir', dir])).exitCode).toBe(0);
    // ...and that one, imported again with its HR file, is refused.
    expect((await runCli(['import', a, '--exercise', 'squat', '--hr', hr, '--data-dir', dir])).exitCode).toBe(1);
    const hashes = sessionRows(dir).map((r) => r.content_hash);
    expect(hashes).toHaveLength(3);
    expect(new Set(hashes).size).toBe(3);
  });

  it('a deleted session does not block importing its recording again', async () => {
    const dir = path.join(tmp, 'deleted');
    const file = recording('gone.acc.csv');
    expect((await runCli(['import', file, '--exercise', 'squat', '--data-dir', dir])).exitCode).toBe(0);
    const store = openStore(dir);
    expect(store.deleteSession(1)).toBe(true);
    store.close();
    const res = await runCli(['import', file, '--exercise', 'squat', '--data-dir', dir]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toMatch(/^\d+\n$/);
  });

  it('a session JSON export imported twice: the second is refused before anything is written', async () => {
    const dir = path.join(tmp, 'json');
    const file = recording('for-json.acc.csv');
    expect((await runCli(['import', file, '--exercise', 'squat', '--data-dir', dir])).exitCode).toBe(0);
    const out = path.join(tmp, 'json-out');
    expect((await runCli(['export', '1', '--format', 'json', '--out', out + path.sep, '--data-dir', dir])).exitCode).toBe(0);
    const exported = fs.readdirSync(out).find((f) => f.endsWith('.json'));
    expect(exported).toBeDefined();
    const jsonFile = path.join(out, exported ?? '');

    const first = await runCli(['import', jsonFile, '--data-dir', dir]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe('2\n');
    const second = await runCli(['import', jsonFile, '--data-dir', dir]);
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toContain('is already imported: session 2 "for-json"');
    expect(sessionRows(dir).map((r) => r.id)).toEqual([1, 2]);
    expect(sessionRows(dir)[1].content_hash).toMatch(/^session-json:v1:[0-9a-f]{64}$/);
    const again = await runCli(['import', jsonFile, '--again', '--data-dir', dir]);
    expect(again.exitCode).toBe(0);
    expect(sessionRows(dir).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('--help says what happens to a recording already imported', async () => {
    const help = await runCli(['import', '--help']);
    expect(help.stdout).toMatch(/--again\s+import even if these samples are already stored; without it such a file is refused: exit 1/);
  });
});
