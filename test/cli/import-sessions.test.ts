import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { openStore } from '../../src/engine/store/index';
import { quantiseG } from '../../src/core/chunks/acc-chunk';
import { explainMissingData, HAS_SHARED_DATA, SHARED_DATA_DIR } from '../data-dir';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-cli-store-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** 10 s of stillness at 50 Hz. */
function tinyAcc(): string {
  const file = path.join(tmp, 'tiny.acc.csv');
  fs.writeFileSync(file, 't,ax,ay,az\n' + Array.from({ length: 500 }, (_, i) => `${(i / 50).toFixed(2)},0,0,1`).join('\n') + '\n');
  return file;
}

function csvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

if (!HAS_SHARED_DATA) console.log(explainMissingData('CLI import of real recordings'));

describe.skipIf(!HAS_SHARED_DATA)('import and sessions on real recordings', () => {
  const dir = path.join(tmp, 'real');
  const dead = path.join(SHARED_DATA_DIR, 'barbell-wrist', 'A-dead-heavy-2019-01-15T2035.acc.csv');
  const shirtAcc = path.join(SHARED_DATA_DIR, 'chest-shirt', 'shirt-004.acc.csv');
  const shirtRr = path.join(SHARED_DATA_DIR, 'chest-shirt', 'shirt-004.rr.csv');

  it('imports a barbell set: prints the id, stores every sample, sets and reps agree everywhere', async () => {
    const res = await runCli(['import', dead, '--exercise', 'deadlift', '--data-dir', dir]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toBe('1\n');
    expect(res.stderr).toMatch(/Imported session 1 "A-dead-heavy-2019-01-15T2035": \d+ set\(s\), \d+ rep\(s\), \d+ samples\./);

    const rows = csvRows(dead);
    const store = openStore(dir, { readonly: true });
    try {
      const d = store.getSession(1);
      expect(d?.startedAt).toBe(Math.round(fs.statSync(dead).mtimeMs));
      expect(d?.durationS).toBeCloseTo(Number(rows[rows.length - 1][0]) - Number(rows[0][0]), 6);
      const xs: number[] = [];
      for (const c of store.iterateAcc(1)) xs.push(...c.x);
      expect(xs).toEqual(rows.map((r) => quantiseG(Number(r[1]))));
      expect(d?.sets.length).toBeGreaterThanOrEqual(1);
      expect(d?.repCount).toBe(d?.sets.reduce((n, s) => n + s.reps.length, 0));
      for (const s of d?.sets ?? []) expect(s.repsDetected).toBe(s.reps.length);
    } finally {
      store.close();
    }
  });

  it('imports acceleration with an RR file (t,rr_ms, 0 = no interval) and lists it with --json', async () => {
    const res = await runCli(['import', shirtAcc, '--exercise', 'calf-raise', '--hr', shirtRr, '--name', 'Shirt walk', '--json', '--data-dir', dir]);
    expect(res.exitCode).toBe(0);
    const out = JSON.parse(res.stdout) as {
      id: number;
      samples: number;
      rrIntervals: number;
      hrSamples: number;
      startedAt: number;
      endedAt: number;
      setsFrom: string;
      sets: { order: number; startedAt: number; endedAt: number; reps: number }[];
    };
    expect(out.id).toBe(2);
    // 25 minutes of walking, stairs and jogging with pauses: the segmenter finds several
    // movements, in order, none overlapping, all inside the recording.
    expect(out.setsFrom).toBe('motion-segmenter');
    expect(out.sets.length).toBeGreaterThan(1);
    out.sets.forEach((s, i) => {
      expect(s.order).toBe(i);
      expect(s.startedAt).toBeGreaterThanOrEqual(out.startedAt);
      expect(s.endedAt).toBeGreaterThanOrEqual(s.startedAt);
      expect(s.endedAt).toBeLessThanOrEqual(out.endedAt);
      if (i > 0) expect(s.startedAt).toBeGreaterThanOrEqual(out.sets[i - 1].endedAt);
    });
    const rr = csvRows(shirtRr);
    expect(out.rrIntervals).toBe(rr.filter((r) => Number(r[1]) > 0).length);
    expect(out.samples).toBe(csvRows(shirtAcc).length);
    expect(out.hrSamples).toBeGreaterThan(out.rrIntervals * 0.8);

    const list = await runCli(['sessions', '--json', '--data-dir', dir]);
    expect(list.exitCode).toBe(0);
    const { sessions } = JSON.parse(list.stdout) as { sessions: { id: number; name: string; avgHr: number | null; maxHr: number | null; zoneSeconds: number[]; durationS: number }[] };
    expect(sessions.map((s) => s.id)).toEqual([2, 1]);
    const shirt = sessions[0];
    expect(shirt.name).toBe('Shirt walk');
    expect(shirt.avgHr).toBeGreaterThan(60);
    expect(shirt.avgHr).toBeLessThan(180);
    expect(shirt.zoneSeconds.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(shirt.zoneSeconds.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(shirt.durationS + 1);

    const search = await runCli(['sessions', '--json', '--search', 'shirt', '--data-dir', dir]);
    expect((JSON.parse(search.stdout) as { sessions: { id: number }[] }).sessions.map((s) => s.id)).toEqual([2]);
    const text = await runCli(['sessions', '--data-dir', dir]);
    expect(text.stdout).toMatch(/^\s+2 .* Shirt walk$/m);
  });
});

describe('import and sessions: bad input', () => {
  it('a t,bpm HR file is accepted beside the acceleration', async () => {
    const dir = path.join(tmp, 'bpm');
    const acc = tinyAcc();
    const hr = path.join(tmp, 'tiny.hr.csv');
    fs.writeFileSync(hr, 't,bpm\n0,100\n1,110\noops,1\n2,120\n');
    const res = await runCli(['import', acc, '--exercise', 'squat', '--hr', hr, '--json', '--data-dir', dir]);
    expect(res.exitCode).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ id: 1, samples: 500, hrSamples: 3, rrIntervals: 0, hrSkippedLines: 1 });
    expect(res.stderr).toContain(`1 unreadable line(s) in ${hr} skipped.`);
    const list = JSON.parse((await runCli(['sessions', '--json', '--data-dir', dir])).stdout) as { sessions: { avgHr: number; maxHr: number }[] };
    expect(list.sessions[0]).toMatchObject({ avgHr: 110, maxHr: 120 });
  });

  it('a strap recording from `record` (t,bpm,rr_ms) gives HR from its bpm column and every RR interval', async () => {
    const dir = path.join(tmp, 'strap');
    const acc = tinyAcc();
    const hr = path.join(tmp, 'strap.hr.csv');
    fs.writeFileSync(hr, 't,bpm,rr_ms\n0.81,,812.5\n1.62,74,810.0\n2.40,76,0\n3.2,78,790\n');
    const res = await runCli(['import', acc, '--exercise', 'squat', '--hr', hr, '--json', '--data-dir', dir]);
    expect(res.exitCode).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ hrSamples: 3, rrIntervals: 3 });
    const store = openStore(dir, { readonly: true });
    const start = store.getSession(1)?.startedAt ?? 0;
    expect([...store.iterateRr(1)].map((r) => [r.tMs - start, r.rrMs])).toEqual([
      [810, 812.5],
      [1620, 810],
      [3200, 790],
    ]);
    expect([...store.iterateHeartRate(1)].map((h) => h.bpm)).toEqual([74, 76, 78]);
    store.close();
  });

  it('usage errors exit 2; an unreadable recording exits 1 and leaves no session', async () => {
    const dir = path.join(tmp, 'bad');
    const bad = path.join(tmp, 'bad.acc.csv');
    fs.writeFileSync(bad, 'time,heart\n1,2\n');
    expect((await runCli(['import', bad, '--exercise', 'jumping', '--data-dir', dir])).exitCode).toBe(2);
    expect((await runCli(['import', bad, '--data-dir', dir])).exitCode).toBe(2);
    const res = await runCli(['import', bad, '--exercise', 'squat', '--data-dir', dir]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toBe(`setbeat import: ${bad}:1: header "time,heart" lacks column(s) ax, ay, az (expected t,ax,ay,az)\n`);
    expect(JSON.parse((await runCli(['sessions', '--json', '--data-dir', dir])).stdout)).toEqual({ sessions: [] });
  });

  it('a corrupt database: every store command exits 1 with the message and the file stays as it was', async () => {
    const dir = path.join(tmp, 'corrupt');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'setbeat.db');
    const junk = Buffer.from('SQLite? no. '.repeat(500));
    fs.writeFileSync(file, junk);
    const acc = tinyAcc();
    const expected = `${file} is not a SetBeat database (file is not a database). It was left untouched. Start a new database beside it?`;
    for (const argv of [['sessions'], ['import', acc, '--exercise', 'squat'], ['backup', path.join(tmp, 'never.db')]]) {
      const res = await runCli([...argv, '--data-dir', dir]);
      expect(res.exitCode).toBe(1);
      expect(res.stderr).toBe(`setbeat ${argv[0]}: ${expected}\n`);
    }
    expect(fs.readFileSync(file).equals(junk)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['setbeat.db']);
  });
});
