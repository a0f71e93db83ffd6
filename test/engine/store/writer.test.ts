import { mulberry32 } from '../../helpers/prng';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openStore, type Store, type StoreWriteError } from '../../../src/engine/store/index';
import { quantiseG, type AccPoint } from '../../../src/core/chunks/acc-chunk';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-writer-'));
let n = 0;
const stores: Store[] = [];
function freshStore(): Store {
  const s = openStore(path.join(tmp, `db${n++}`));
  stores.push(s);
  return s;
}
afterEach(() => {
  vi.useRealTimers();
  for (const s of stores.splice(0)) s.close();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const rng = mulberry32;

const T0 = 1_800_000_000_000;

/** Counts rows through a separate connection: what another process would see on disk. */
function countOnDisk(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('session writer', () => {
  it('stores acceleration as ~1 s chunks and reads any window back exactly (quantised), for random data', () => {
    const store = freshStore();
    const w = store.beginSession({ name: 'Random', startedAt: T0 }, { autoFlush: false });
    const r = rng(5);
    const written: Record<string, AccPoint[]> = { a: [], b: [] };
    for (const sensor of ['a', 'b'] as const) {
      let t = T0;
      for (let i = 0; i < 3000; i++) {
        // 200 Hz with jitter, dropouts and an occasional clock step back.
        t += r() < 0.01 ? 700 + r() * 3000 : r() < 0.005 ? -20 : 5 + (r() - 0.5) * (sensor === 'b' ? 1.5 : 0);
        written[sensor].push({ tMs: t, x: (r() - 0.5) * 16, y: (r() - 0.5) * 4, z: r() });
      }
      // Added in uneven batches, flushed at uneven moments.
      for (let i = 0; i < 3000; ) {
        const k = 1 + Math.floor(r() * 400);
        w.addAcc(sensor, written[sensor].slice(i, i + k));
        i += k;
        if (r() < 0.3) expect(w.flush()).toBe(true);
      }
    }
    expect(w.finish(T0 + 3_600_000)).toBe(true);
    const chunkRows = store.db.prepare('SELECT t0_ms, t1_ms, n FROM acc_chunks ORDER BY id').all() as { t0_ms: number; t1_ms: number; n: number }[];
    expect(chunkRows.reduce((s, c) => s + c.n, 0)).toBe(6000);
    for (const c of chunkRows) expect(c.t1_ms - c.t0_ms).toBeLessThan(1000);
    expect(store.accSensors(w.sessionId)).toEqual(['a', 'b']);

    for (let trial = 0; trial < 40; trial++) {
      const sensor = trial % 2 ? 'a' : 'b';
      const all = written[sensor];
      // Window edges halfway between neighbouring samples, so membership does not hinge on
      // the 10 µs time quantisation (the codec tests pin that down exactly).
      const sorted = all.map((p) => p.tMs).sort((p, q) => p - q);
      const edge = (): number => {
        for (;;) {
          const i = 1 + Math.floor(r() * (sorted.length - 1));
          if (sorted[i] - sorted[i - 1] > 0.05) return (sorted[i] + sorted[i - 1]) / 2;
        }
      };
      const [from, to] = [edge(), edge()].sort((p, q) => p - q);
      const got: number[][] = [];
      for (const c of store.iterateAcc(w.sessionId, sensor, from, to)) {
        expect(c.sensorId).toBe(sensor);
        for (let i = 0; i < c.count; i++) got.push([c.tMs[i], c.x[i], c.y[i], c.z[i]]);
      }
      const expected = all.filter((p) => p.tMs >= from && p.tMs <= to).map((p) => [p.tMs, quantiseG(p.x), quantiseG(p.y), quantiseG(p.z)]);
      const order = (p: number[], q: number[]): number => p[0] - q[0] || p[1] - q[1];
      got.sort(order);
      expected.sort(order);
      expect(got.length).toBe(expected.length);
      for (let i = 0; i < got.length; i++) {
        expect(Math.abs(got[i][0] - expected[i][0])).toBeLessThanOrEqual(0.005 + 1e-6);
        expect(got[i].slice(1)).toEqual(expected[i].slice(1));
      }
    }
    // And a whole-stream read gives back every sample at its exact quantised time.
    const first = store.db.prepare("SELECT t0_ms FROM acc_chunks WHERE sensor_id = 'a' ORDER BY id LIMIT 1").get() as { t0_ms: number };
    const whole = [...store.iterateAcc(w.sessionId, 'a')];
    expect(whole[0].tMs[0]).toBe(first.t0_ms);
    expect(whole.reduce((s, c) => s + c.count, 0)).toBe(3000);
  });

  it('a damaged chunk in the file is skipped and reported, the others still read', () => {
    const store = freshStore();
    const w = store.beginSession({ name: 'Damaged', startedAt: T0 }, { autoFlush: false });
    w.addAcc('imu', Array.from({ length: 600 }, (_, i) => ({ tMs: T0 + i * 5, x: 1, y: 0, z: 0 })));
    w.finish(T0 + 3000);
    store.db.prepare("UPDATE acc_chunks SET data = x'01020304' WHERE t0_ms = ?").run(T0 + 1000);
    const bad: string[] = [];
    const counts = [...store.iterateAcc(w.sessionId, undefined, undefined, undefined, { onBadChunk: (b) => bad.push(`${b.sensorId}@${b.t0Ms}: ${b.error}`) })].map((c) => c.count);
    expect(counts).toEqual([200, 200]);
    expect(bad).toEqual([`imu@${T0 + 1000}: chunk too short (4 bytes)`]);
  });

  it('flushes on its own at least once a second, in one transaction, to a file other processes can read', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = freshStore();
    const w = store.beginSession({ name: 'Timer', startedAt: T0 }, {});
    for (let i = 0; i < 50; i++) w.addHr({ tMs: T0 + i * 1000, bpm: 120, contact: true });
    w.addAcc('imu', Array.from({ length: 200 }, (_, i) => ({ tMs: T0 + i * 5, x: 0, y: 0, z: 1 })));
    expect(countOnDisk(store.path, 'hr_samples')).toBe(0);
    vi.advanceTimersByTime(999);
    expect(countOnDisk(store.path, 'hr_samples')).toBe(0);
    vi.advanceTimersByTime(1);
    expect(countOnDisk(store.path, 'hr_samples')).toBe(50);
    expect(countOnDisk(store.path, 'acc_chunks')).toBe(1);
    expect(w.pending).toBe(0);
    expect(store.listSessions()[0]).toMatchObject({ status: 'recording', avgHr: 120, durationS: 49 });
  });

  it('disk full (SQLite max_page_count): clear message, nothing lost, nothing written twice after the retry', () => {
    const store = freshStore();
    const errors: StoreWriteError[] = [];
    let resumed = 0;
    const w = store.beginSession({ name: 'Full disk', startedAt: T0 }, { autoFlush: false, onError: (e) => errors.push(e), onResumed: () => resumed++ });
    const setId = w.startSet({ exerciseId: 'deadlift', side: 'both', order: 0, startedAt: T0 });
    w.addHr({ tMs: T0, bpm: 100, contact: true });
    expect(w.flush()).toBe(true);
    // A real SQLITE_FULL: the database may not grow by one more page.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    for (let i = 1; i <= 3000; i++) w.addHr({ tMs: T0 + i * 1000, bpm: 100 + (i % 50), contact: true });
    w.addAcc('imu', Array.from({ length: 4000 }, (_, i) => ({ tMs: T0 + i * 5, x: Math.sin(i), y: 0, z: 1 })));
    w.addRep(setId, { t: 1, start: 0.5, end: 1.5, amplitude: 1, confidence: 1, detectedAt: 1.6, quality: { durationS: 1 } });
    w.endSet(setId, T0 + 20_000);
    const pending = w.pending;
    expect(pending).toBe(3000 + 4000 + 2);
    expect(w.flush()).toBe(false);
    expect(w.flush()).toBe(false);
    expect(errors).toHaveLength(1); // a repeat of the same cause is not reported again at once
    expect(errors[0].kind).toBe('full');
    expect(errors[0].message).toBe(
      `Could not save to ${store.path}: the disk is full (database or disk is full). ${pending} unsaved rows and samples are kept in memory and will be saved when this is fixed. Free some space.`,
    );
    expect(w.pending).toBe(pending);
    expect(countOnDisk(store.path, 'hr_samples')).toBe(1);

    store.db.pragma('max_page_count = 1073741823');
    expect(w.flush()).toBe(true);
    expect(resumed).toBe(1);
    expect(w.lastError).toBeNull();
    expect(countOnDisk(store.path, 'hr_samples')).toBe(3001);
    const hr = [...store.iterateHeartRate(w.sessionId)];
    expect(new Set(hr.map((h) => h.tMs)).size).toBe(3001);
    let acc = 0;
    for (const c of store.iterateAcc(w.sessionId)) acc += c.count;
    expect(acc).toBe(4000);
    const set = store.getSession(w.sessionId)?.sets[0];
    expect(set).toMatchObject({ repsDetected: 1, endedAt: T0 + 20_000 });
  });

  it('read-only database (PRAGMA query_only, as root cannot be stopped by chmod): message, retry after', () => {
    const store = freshStore();
    const errors: StoreWriteError[] = [];
    const w = store.beginSession({ name: 'RO', startedAt: T0 }, { autoFlush: false, onError: (e) => errors.push(e) });
    store.db.pragma('query_only = 1');
    w.addRr({ tMs: T0 + 800, rrMs: 800 });
    w.addRr({ tMs: T0 + 1590, rrMs: 790 });
    expect(w.finish(T0 + 2000)).toBe(false);
    expect(w.state).toBe('finishing');
    expect(errors[0].kind).toBe('readonly');
    expect(errors[0].message).toBe(
      `Could not save to ${store.path}: it cannot be written (attempt to write a readonly database). 2 unsaved rows and samples are kept in memory and will be saved when this is fixed.`,
    );
    // A new session cannot even start meanwhile; the message says nothing was lost.
    expect(() => store.beginSession({ name: 'Second', startedAt: T0 })).toThrow(
      `Could not save to ${store.path}: it cannot be written (attempt to write a readonly database). The session was not started; nothing was lost.`,
    );
    store.db.pragma('query_only = 0');
    expect(w.flush()).toBe(true);
    expect(w.state).toBe('finished');
    expect([...store.iterateRr(w.sessionId)]).toEqual([
      { tMs: T0 + 800, rrMs: 800 },
      { tMs: T0 + 1590, rrMs: 790 },
    ]);
    expect(store.getSession(w.sessionId)).toMatchObject({ status: 'finished', endedAt: T0 + 2000, durationS: 2 });
  });

  it('database locked by another program while recording: message, then saved once it is free', () => {
    const dir = path.join(tmp, `db${n++}`);
    const store = openStore(dir, { busyTimeoutMs: 20 });
    stores.push(store);
    const errors: StoreWriteError[] = [];
    const w = store.beginSession({ name: 'Locked', startedAt: T0 }, { autoFlush: false, onError: (e) => errors.push(e) });
    const other = new Database(store.path);
    other.exec('BEGIN IMMEDIATE');
    w.addHr({ tMs: T0, bpm: 90, contact: true });
    expect(w.flush()).toBe(false);
    expect(errors.map((e) => [e.kind, e.message])).toEqual([
      [
        'locked',
        `Could not save to ${store.path}: another program holds it (database is locked). 1 unsaved rows and samples are kept in memory and will be saved when this is fixed.`,
      ],
    ]);
    other.exec('ROLLBACK');
    other.close();
    expect(w.flush()).toBe(true);
    expect([...store.iterateHeartRate(w.sessionId)]).toEqual([{ tMs: T0, bpm: 90, contact: true }]);
  });

  it('refuses or drops bad rows when they are queued, so one cannot block every later flush', () => {
    const store = freshStore();
    const w = store.beginSession({ name: 'Bad rows', startedAt: T0 }, { autoFlush: false });
    const set = w.startSet({ exerciseId: 'squat', side: 'both', order: 0, startedAt: T0 });
    const rep = { t: 1, start: 0.5, end: 1.5, amplitude: 1, confidence: 1, detectedAt: 1.6, quality: { durationS: 1 } };
    expect(() => w.addRep(999_999, rep)).toThrow('set 999999 was not started by this session\'s writer');
    expect(() => w.endSet(999_999, T0)).toThrow('set 999999 was not started by this session\'s writer');
    expect(() => w.startSet({ exerciseId: 'squat', side: 'up' as 'both', order: 1, startedAt: T0 })).toThrow('side must be left, right or both; got "up"');
    w.addRep(set, { ...rep, amplitude: NaN });
    w.addRep(set, { ...rep, quality: { durationS: 1, impactG: Infinity } });
    w.addHr({ tMs: T0, bpm: NaN, contact: true });
    w.addAcc('imu', [{ tMs: T0, x: NaN, y: 0, z: 0 }, { tMs: T0 + 5, x: 0, y: 0, z: 1 }]);
    w.markGap('imu', NaN, T0);
    w.addRep(set, rep);
    expect(w.dropped).toBe(5);
    expect(w.flush()).toBe(true);
    expect(store.getSession(w.sessionId)?.sets[0].reps.map((r) => r.t)).toEqual([1]);
  });

  it('set ids are reserved at startSet: a second writer on the same file (another process) never takes one', () => {
    const dir = path.join(tmp, `db${n++}`);
    const a = openStore(dir);
    const b = openStore(dir);
    stores.push(a, b);
    const wa = a.beginSession({ name: 'App', startedAt: T0 }, { autoFlush: false });
    const wb = b.beginSession({ name: 'Import', startedAt: T0 }, { autoFlush: false });
    const sa = wa.startSet({ exerciseId: 'deadlift', side: 'both', order: 0, startedAt: T0 });
    const sb = wb.startSet({ exerciseId: 'squat', side: 'both', order: 0, startedAt: T0 });
    expect(sb).not.toBe(sa);
    expect(wb.finish(T0 + 1000)).toBe(true);
    expect(wa.finish(T0 + 1000)).toBe(true); // A's set is written under its reserved id, no clash
    expect(a.getSession(wa.sessionId)?.sets.map((s) => [s.id, s.exerciseId])).toEqual([[sa, 'deadlift']]);
    expect(a.getSession(wb.sessionId)?.sets.map((s) => [s.id, s.exerciseId])).toEqual([[sb, 'squat']]);
  });

  it('keeps the summary current: sets, reps (retractions and corrections), HR average, max and zones', () => {
    const store = freshStore();
    store.saveSettings({ maxHr: 200 });
    const w = store.beginSession({ name: 'Summary', routineName: "Runner's strength", startedAt: T0 }, { autoFlush: false });
    w.addDevice({ id: 'H10', name: 'Polar H10', kind: 'hr-strap' });
    // 60 s at 110 bpm (zone 1: 100-119 for max 200), then 30 s at 185 (zone 5: >= 180).
    for (let i = 0; i < 60; i++) w.addHr({ tMs: T0 + i * 1000, bpm: 110, contact: true });
    for (let i = 60; i <= 90; i++) w.addHr({ tMs: T0 + i * 1000, bpm: 185, contact: true });
    const s1 = w.startSet({ exerciseId: 'calf-raise', side: 'left', order: 0, startedAt: T0 + 5000, target: 12 });
    const rep = (t: number) => ({ t, start: t - 0.5, end: t + 0.5, amplitude: 0.3, confidence: 0.9, detectedAt: t + 0.6, quality: { durationS: 1, swayG: 0.02 } });
    for (const t of [6, 8, 10, 12]) w.addRep(s1, rep(t));
    w.retractRep(s1, 10, 'double peak');
    w.endSet(s1, T0 + 20_000);
    const s2 = w.startSet({ exerciseId: 'calf-raise', side: 'right', order: 1, startedAt: T0 + 50_000 });
    w.addRep(s2, rep(55));
    expect(w.flush()).toBe(true);
    let sum = store.listSessions()[0];
    expect(sum).toMatchObject({ setCount: 2, repCount: 4, maxHr: 185, status: 'recording', routineName: "Runner's strength" });
    expect(sum.zoneSeconds).toEqual([60, 0, 0, 0, 30]); // the 59->60 s step counts at 110 bpm
    expect(sum.avgHr).toBeCloseTo((60 * 110 + 31 * 185) / 91, 1);
    expect(w.finish(T0 + 95_000)).toBe(true);
    expect(store.correctSetReps(s1, 12)).toBe(true);
    sum = store.listSessions()[0];
    expect(sum).toMatchObject({ repCount: 13, status: 'finished', durationS: 95 });
    const d = store.getSession(w.sessionId);
    expect(d?.devices).toEqual([{ id: 'H10', name: 'Polar H10', kind: 'hr-strap' }]);
    expect(d?.sets.map((s) => [s.side, s.repsDetected, s.repsCorrected, s.reps.map((r) => r.t), s.restBeforeS])).toEqual([
      ['left', 3, 12, [6, 8, 12], null],
      ['right', 1, null, [55], 30],
    ]);
    expect(d?.sets[0]).toMatchObject({ avgHr: 110, maxHr: 110, target: 12, exerciseName: 'Toe touch to calf raise' });
    expect(d?.sets[1].endedAt).toBe(T0 + 95_000); // closed by finish()
    expect(d?.sets[0].reps[0].quality).toEqual({ durationS: 1, swayG: 0.02 });
    expect(store.correctSetReps(s1, null)).toBe(true);
    expect(store.listSessions()[0].repCount).toBe(4);
  });

  it('keeps the WAL file bounded through a long session (autocheckpoint + periodic PASSIVE checkpoint)', () => {
    const store = freshStore();
    let simNow = T0;
    const w = store.beginSession({ name: 'Long WAL', startedAt: T0 }, { autoFlush: false, now: () => simNow, checkpointIntervalMs: 60_000 });
    const walSize = (): number => (fs.existsSync(`${store.path}-wal`) ? fs.statSync(`${store.path}-wal`).size : 0);
    let largest = 0;
    const frame = Array.from({ length: 200 }, () => ({ tMs: 0, x: 0.5, y: -1, z: 0.1 }));
    for (let sec = 0; sec < 1800; sec++) {
      frame.forEach((f, i) => (f.tMs = T0 + sec * 1000 + i * 5));
      w.addAcc('imu', frame);
      w.addHr({ tMs: T0 + sec * 1000, bpm: 120, contact: true });
      simNow = T0 + (sec + 1) * 1000;
      expect(w.flush()).toBe(true);
      if (sec % 60 === 59) largest = Math.max(largest, walSize());
    }
    w.finish(simNow);
    const dbSize = fs.statSync(store.path).size;
    // 30 min of 200 Hz is ~2.5 MB of chunks; the WAL never grows past a few MB (~1000 pages).
    expect(dbSize).toBeGreaterThan(2_000_000);
    expect(largest).toBeLessThan(6_000_000);
  });

  it('downsamples a long HR series keeping each bucket’s min and max', () => {
    const store = freshStore();
    const w = store.beginSession({ name: 'Long', startedAt: T0 }, { autoFlush: false });
    const bpm = (i: number) => 100 + Math.round(40 * Math.sin(i / 300)) + (i === 4321 ? 60 : 0) + (i === 5000 ? -50 : 0);
    for (let i = 0; i < 7200; i++) w.addHr({ tMs: T0 + i * 1000, bpm: bpm(i), contact: null });
    w.finish(T0 + 7_200_000);
    const s = store.hrSeries(w.sessionId, 400);
    expect(s.tMs.length).toBeLessThanOrEqual(400);
    expect(s.tMs.length).toBeGreaterThan(350);
    expect(Math.max(...s.bpm)).toBe(bpm(4321));
    expect(Math.min(...s.bpm)).toBe(bpm(5000));
    expect(s.tMs).toEqual([...s.tMs].sort((a, b) => a - b));
    expect(s.tMs[0]).toBe(T0);
    const short = store.hrSeries(w.sessionId, 10_000);
    expect(short.tMs.length).toBe(7200);
    const zoom = store.hrSeries(w.sessionId, 1000, T0 + 4_000_000, T0 + 4_599_000);
    expect(zoom.tMs.length).toBe(600);
    expect(zoom.tMs[0]).toBe(T0 + 4_000_000);
    expect(zoom.bpm[321]).toBe(bpm(4321));
  });
});

