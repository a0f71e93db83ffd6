/**
 * The live workout service end to end below the UI: a real SQLite store in a temp folder, a
 * synthetic calf-raise set of known count fed as 50 ms sensor batches, heart rate at 1 Hz.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/contract';
import type { WorkoutView } from '../../../src/shared/commands/workout';
import { openStore, type Store } from '../../../src/engine/store';
import { WorkoutService } from '../../../src/engine/workout/service';
import type { LiveWriter, WorkoutStorePort } from '../../../src/engine/workout/ports';
import { RUNNERS_STRENGTH } from '../../../src/shared/routines';
import { syntheticCalfRaises } from './synthetic';

describe('WorkoutService', () => {
  let dir: string;
  let store: Store;
  let now: number;
  let frames: WorkoutView[];
  let svc: WorkoutService;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-workout-'));
    store = openStore(dir);
    now = Date.UTC(2026, 10, 26, 9, 0, 0);
    frames = [];
    svc = new WorkoutService({
      now: () => now,
      settings: () => DEFAULT_SETTINGS,
      store: () => store,
      onFrame: (v) => frames.push(v),
      frameMs: 0,
    });
  });

  afterEach(() => {
    svc.dispose();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Feeds `seconds` of heart rate at 1 Hz and the acc samples falling in that time. */
  function feed(acc: { t: number; x: number; y: number; z: number }[], originMs: number, bpm: (tS: number) => number): void {
    const end = originMs + (acc[acc.length - 1]?.t ?? 0) * 1000;
    let i = 0;
    let nextHr = now;
    while (now < end) {
      now += 50;
      const batch: { tMs: number; x: number; y: number; z: number }[] = [];
      while (i < acc.length && originMs + acc[i].t * 1000 <= now) {
        batch.push({ tMs: originMs + acc[i].t * 1000, x: acc[i].x, y: acc[i].y, z: acc[i].z });
        i++;
      }
      if (batch.length) svc.ingest({ type: 'acc', sensorId: 'demo-imu', samples: batch });
      if (now >= nextHr) {
        svc.ingest({ type: 'hr', sensorId: 'demo-hr', samples: [{ tMs: now, bpm: bpm((now - originMs) / 1000), contact: true }] });
        svc.ingest({ type: 'rr', sensorId: 'demo-hr', samples: [{ tMs: now, rrMs: 60000 / bpm((now - originMs) / 1000) }] });
        nextHr += 1000;
      }
    }
  }

  it('counts a calf-raise set, rests, takes a correction and saves it all in the store', () => {
    let v = svc.begin();
    expect(v.phase).toBe('ready');
    expect(v.routineName).toBe("Runner's strength");
    expect(v.plan[v.current ?? -1]).toMatchObject({ exerciseId: 'calf-raise', side: 'left', target: 8, targetText: '8 reps each leg' });
    expect(v.sessionId).not.toBeNull();

    v = svc.startSet();
    expect(v.phase).toBe('set');
    const setStart = now;
    feed(syntheticCalfRaises({ reps: 8 }), setStart, (t) => 100 + t);
    v = svc.view();
    expect(v.set?.reps).toBe(8);
    expect(v.hr?.bpm).toBeGreaterThan(100);
    expect(v.set?.quality.swayG).not.toBeNull();
    expect(v.set?.elapsedS).toBeCloseTo((now - setStart) / 1000, 3);

    v = svc.endSet();
    expect(v.phase).toBe('rest');
    expect(v.rest?.totalS).toBe(60);
    expect(v.plan[0]).toMatchObject({ status: 'done', reps: 8, repsDetected: 8 });
    expect(v.plan[v.current ?? -1]).toMatchObject({ exerciseId: 'calf-raise', side: 'right' });
    expect(v.recovery?.startBpm).not.toBeNull();

    // The person saw one rep too many: -1 after the set.
    v = svc.adjustReps(-1);
    expect(v.plan[0]).toMatchObject({ reps: 7, repsDetected: 8 });

    // Rest runs out while paused time does not count.
    svc.pause();
    now += 120_000;
    expect(svc.view().rest?.remainingS).toBeCloseTo(60, 0);
    svc.resume();
    now += 61_000;
    expect(svc.view().phase).toBe('ready');

    v = svc.finish();
    expect(v.phase).toBe('finished');
    expect(v.totals).toMatchObject({ sets: 1, reps: 7 });

    const sessions = store.listSessions({});
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ routineName: "Runner's strength", status: 'finished', setCount: 1, repCount: 7 });
    const detail = store.getSession(sessions[0].id);
    expect(detail?.sets[0]).toMatchObject({ exerciseId: 'calf-raise', side: 'left', repsDetected: 8, repsCorrected: 7, target: 8 });
    expect(detail?.sets[0].reps).toHaveLength(8);

    // From the summary, after the session is closed: +2 on that set, then -1 (back to the detected 8).
    v = svc.adjustReps(2, 0);
    expect(v.plan[0].reps).toBe(9);
    expect(store.getSession(sessions[0].id)?.sets[0].repsCorrected).toBe(9);
    svc.adjustReps(-1, 0);
    expect(store.getSession(sessions[0].id)?.sets[0].repsCorrected).toBeNull();
    expect(store.listSessions({})[0].repCount).toBe(8);
  });

  it('coalesces a 200 Hz stream into at most one frame per frame period', async () => {
    const slow = new WorkoutService({ now: () => Date.now(), settings: () => DEFAULT_SETTINGS, store: () => null, onFrame: (f) => frames.push(f), frameMs: 33 });
    slow.begin();
    slow.startSet();
    frames.length = 0;
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) slow.ingest({ type: 'acc', sensorId: 'a', samples: [{ tMs: t0 + i * 5, x: 0, y: 0, z: 1 }] });
    await new Promise((r) => setTimeout(r, 120));
    slow.dispose();
    // 200 pushes in well under 120 ms: a handful of frames, never one per sample.
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(5);
    expect(frames[0].banner?.message).toMatch(/not being saved/);
  });

  it('skips, repeats and reorders sets, and shows a sensor dropping out and coming back', () => {
    svc.begin();
    svc.ingest({ type: 'connected', sensorId: 'h', name: 'Demo heart-rate strap', kind: 'hr-strap', reconnected: false });
    let v = svc.skip();
    expect(v.plan[0].status).toBe('skipped');
    expect(v.current).toBe(1);
    v = svc.move(5, 1);
    expect(v.plan[1].exerciseId).toBe('band-walk');
    expect(v.current).toBe(2);
    v = svc.select(1);
    expect(v.current).toBe(1);
    svc.startSet();
    now += 5000;
    svc.endSet();
    v = svc.repeat();
    expect(v.plan[2]).toMatchObject({ exerciseId: 'band-walk', status: 'todo', side: 'right', setNumber: 3, sets: 3 });
    expect(v.plan[1]).toMatchObject({ setNumber: 1, sets: 3 });
    expect(v.current).toBe(2);

    svc.ingest({ type: 'disconnected', sensorId: 'h', willReconnect: true, reason: 'Link lost.' });
    v = svc.view();
    expect(v.banner).toMatchObject({ level: 'warning' });
    expect(v.banner?.message).toMatch(/Demo heart-rate strap dropped out/);
    expect(v.sensors[0].state).toBe('reconnecting');
    svc.ingest({ type: 'connected', sensorId: 'h', name: 'Demo heart-rate strap', kind: 'hr-strap', reconnected: true });
    v = svc.view();
    expect(v.banner).toEqual({ level: 'info', message: 'Demo heart-rate strap is back.' });
    now += 7000;
    expect(svc.view().banner).toBeNull();
  });

  it('starts a set on motion and ends it on stillness when the routine says so, losing no rep', () => {
    let v = svc.begin({ ...RUNNERS_STRENGTH, autoSets: true });
    expect(v.autoSets).toBe(true);
    const origin = now;
    // Still for 2 s, 8 big rises, then 8 s still (the segmenter wants 4 s of stillness).
    const acc = syntheticCalfRaises({ reps: 8, riseM: 0.3, leadS: 2, tailS: 8 });
    let sawSet = false;
    const end = origin + acc[acc.length - 1].t * 1000;
    let i = 0;
    while (now < end) {
      now += 50;
      const batch: { tMs: number; x: number; y: number; z: number }[] = [];
      for (; i < acc.length && origin + acc[i].t * 1000 <= now; i++) batch.push({ tMs: origin + acc[i].t * 1000, x: acc[i].x, y: acc[i].y, z: acc[i].z });
      svc.ingest({ type: 'acc', sensorId: 'imu', samples: batch });
      if (svc.view().phase === 'set') sawSet = true;
    }
    v = svc.view();
    expect(sawSet).toBe(true);
    expect(v.phase).toBe('rest');
    expect(v.plan[0]).toMatchObject({ status: 'done', repsDetected: 8 });
  });

  it('switched on during a rest, automatic sets ignore the movement already going on and start on the next', () => {
    svc.begin();
    svc.startSet();
    now += 20_000;
    svc.endSet();
    expect(svc.view().phase).toBe('rest');
    // The person is moving about in the rest (no stillness before) when they switch it on.
    const play = (acc: { t: number; x: number; y: number; z: number }[], onAt?: number): string[] => {
      const origin = now;
      const phases: string[] = [];
      const end = origin + acc[acc.length - 1].t * 1000;
      let i = 0;
      while (now < end) {
        now += 50;
        if (onAt !== undefined && now - origin >= onAt && !svc.view().autoSets) svc.setAuto(true);
        const batch: { tMs: number; x: number; y: number; z: number }[] = [];
        for (; i < acc.length && origin + acc[i].t * 1000 <= now; i++) batch.push({ tMs: origin + acc[i].t * 1000, x: acc[i].x, y: acc[i].y, z: acc[i].z });
        if (batch.length) svc.ingest({ type: 'acc', sensorId: 'imu', samples: batch });
        phases.push(svc.view().phase);
      }
      return phases;
    };
    const moving = play(syntheticCalfRaises({ reps: 8, riseM: 0.3, leadS: 0, tailS: 8 }), 1000);
    expect(svc.view().autoSets).toBe(true);
    expect(moving).not.toContain('set');
    // After standing still, the next movement starts the set.
    const next = play(syntheticCalfRaises({ reps: 8, riseM: 0.3, leadS: 2, tailS: 8 }));
    expect(next).toContain('set');
  });

  it('keeps the paused clocks right when a set ends or a rest is skipped while paused', () => {
    svc.begin();
    const begun = now;
    svc.startSet();
    now += 10_000;
    svc.pause();
    now += 30_000;
    // Ending a paused set: its time stops at the pause, and the workout goes on (not paused).
    let v = svc.endSet();
    expect(v.plan[0].durationS).toBeCloseTo(10, 6);
    expect(v).toMatchObject({ phase: 'rest', paused: false });
    expect(v.elapsedS).toBeCloseTo(10, 6);
    now += 5000;
    v = svc.pause();
    expect(v.rest?.remainingS).toBeCloseTo(55, 6);
    // Skipping the rest while paused: no rest left, still paused, the session clock held.
    now += 20_000;
    v = svc.skipRest();
    expect(v).toMatchObject({ phase: 'ready', paused: true, rest: null });
    expect(v.elapsedS).toBeCloseTo(15, 6);
    svc.resume();
    now += 1000;
    expect(svc.view().elapsedS).toBeCloseTo(16, 6);
    expect(svc.view().startedAt).toBe(begun);
    v = svc.finish();
    expect(v).toMatchObject({ phase: 'finished', paused: false });
    // The session's duration is start to end, the pauses in it included: what History shows.
    expect(v.totals.durationS).toBeCloseTo(66, 6);
    expect(store.getSession(v.sessionId ?? 0)?.durationS).toBeCloseTo(66, 6);
    // The set ended while paused is stored ending at the pause: History's time for it is 10 s too.
    const stored = store.getSession(v.sessionId ?? 0)?.sets[0];
    expect(stored && stored.endedAt !== null ? (stored.endedAt - stored.startedAt) / 1000 : null).toBeCloseTo(10, 6);
    now += 60_000;
    expect(svc.view().elapsedS).toBeCloseTo(16, 6);
    expect(svc.view().totals.durationS).toBeCloseTo(66, 6);
  });

  it('shows a failing write on the banner and reports it once to the log, not per batch', () => {
    const failures: string[] = [];
    let failing = true;
    // The real store's writer, with heart-rate writes refused while `failing` (as a closed queue would).
    const port: WorkoutStorePort = {
      beginSession: (input, callbacks) => {
        const w = store.beginSession(input, callbacks);
        const writer: LiveWriter = {
          sessionId: w.sessionId,
          addHr: (x) => {
            if (failing) throw new Error('the queue is closed');
            w.addHr(x);
          },
          addRr: (x) => w.addRr(x),
          addAcc: (id, xs) => w.addAcc(id, xs),
          startSet: (x) => w.startSet(x),
          addRep: (id, rep) => w.addRep(id, rep),
          retractRep: (id, t, reason) => w.retractRep(id, t, reason),
          endSet: (id, at) => w.endSet(id, at),
          markGap: (id, from, to) => w.markGap(id, from, to),
          flush: () => w.flush(),
          finish: (at) => w.finish(at),
        };
        return writer;
      },
      correctSetReps: (id, n) => store.correctSetReps(id, n),
    };
    const logged = new WorkoutService({ now: () => now, settings: () => DEFAULT_SETTINGS, store: () => port, onFrame: () => undefined, onWriteFailed: (m) => failures.push(m), frameMs: 0 });
    try {
      logged.begin();
      for (let k = 0; k < 5; k++) logged.ingest({ type: 'hr', sensorId: 'strap', samples: [{ tMs: now + k * 1000, bpm: 100 + k, contact: true }] });
      expect(logged.view().banner?.message).toBe('Saving is failing: the queue is closed');
      expect(failures).toEqual(['the queue is closed']);
      failing = false;
      logged.ingest({ type: 'hr', sensorId: 'strap', samples: [{ tMs: now + 6000, bpm: 110, contact: true }] });
      failing = true;
      logged.ingest({ type: 'hr', sensorId: 'strap', samples: [{ tMs: now + 7000, bpm: 111, contact: true }] });
      expect(failures).toEqual(['the queue is closed', 'the queue is closed']);
      logged.finish();
    } finally {
      logged.dispose();
    }
  });

  it('refuses intents that make no sense, with words', () => {
    expect(() => svc.startSet()).toThrow(/No workout is running/);
    svc.begin();
    expect(() => svc.begin()).toThrow(/already running/);
    expect(() => svc.adjustReps(1)).toThrow(/No set to correct/);
    svc.startSet();
    expect(() => svc.skip()).toThrow(/End the set/);
  });
});
