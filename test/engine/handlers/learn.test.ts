/**
 * Learning from the person through the engine's router on a real SQLite store: a History
 * correction learns from the set's stored acceleration, the next set's detector gets the
 * model for its exercise at the accelerometer's placement, and the teach flow (create an
 * exercise, Start, samples, "I did N") stores a model. The learner's quality is not tested.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { openStore, type Store } from '../../../src/engine/store';
import { teachServiceOf } from '../../../src/engine/handlers/learn';
import { WorkoutService } from '../../../src/engine/workout/service';
import { createStreamingRepDetector } from '../../../src/core/reps';
import type { CommandName, CommandResult } from '../../../src/shared/contract';
import { DEFAULT_SETTINGS } from '../../../src/shared/contract';
import type { RepModel } from '../../../src/shared/rep-model';
import { syntheticCalfRaises } from '../workout/synthetic';

/**
 * Samples of a set as they would have arrived since `t0`: the set's stored window ends at
 * endSet (wall clock here), so only what is in the past is fed, after a moment of waiting.
 */
async function feedSoFar(ingest: (samples: { tMs: number; x: number; y: number; z: number }[]) => void, t0: number, waitMs = 400): Promise<number> {
  await new Promise((r) => setTimeout(r, waitMs));
  const now = Date.now();
  const samples = syntheticCalfRaises({ reps: 8 })
    .map((s) => ({ tMs: t0 + s.t * 1000, x: s.x, y: s.y, z: s.z }))
    .filter((s) => s.tMs < now);
  ingest(samples);
  return samples.length;
}

describe('learning from corrections and teach sets', () => {
  let dir: string;
  let engine: Engine;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-learn-'));
    engine = new Engine({ dataDir: dir, transport: 'web', openStore: (d) => openStore(d) });
  });

  afterEach(async () => {
    engine.workout.dispose();
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function call<K extends CommandName>(name: K, params: unknown): Promise<CommandResult<K>> {
    const res = await engine.router.call(name, params);
    if (!res.ok) throw new Error(res.error.message);
    return res.result as CommandResult<K>;
  }

  async function failure(name: CommandName, params: unknown): Promise<string> {
    const res = await engine.router.call(name, params);
    if (res.ok) throw new Error(`${name} should have failed`);
    return res.error.message;
  }

  async function recordOneSet(withAcc = true): Promise<{ sessionId: number; setId: number }> {
    await call('workout.begin', {});
    await call('workout.startSet', {});
    const svc = engine.workout;
    const t0 = Date.now();
    if (withAcc) {
      expect(await feedSoFar((samples) => svc.ingest({ type: 'acc', sensorId: 'imu', samples }), t0)).toBeGreaterThan(10);
    }
    await call('workout.endSet', {});
    const v = await call('workout.finish', {});
    const sessionId = v.sessionId ?? -1;
    const d = await call('sessions.get', { id: sessionId });
    return { sessionId, setId: d.sets[0].id };
  }

  it('a History correction learns from the set and stores the model for the placement in Settings', async () => {
    const { sessionId, setId } = await recordOneSet();
    await call('routines.setPlacements', { accelerometer: 'shank' });
    const d = await call('sessions.correctReps', { sessionId, setId, reps: 9 });
    expect(d.repCount).toBe(9);
    expect(d.learned).toEqual({ exercise: 'calf-raise', name: 'Toe touch to calf raise', placement: 'shank', sets: 1 });
    // The same set corrected again right away (+, −) replaces what it taught: one set learned.
    const again = await call('sessions.correctReps', { sessionId, setId, reps: 8 });
    expect(again.learned?.sets).toBe(1);
    // Back to the detector's count: the model forgets the set (here: no model is left).
    expect((await call('sessions.correctReps', { sessionId, setId, reps: null })).learned).toBeNull();
    expect((await call('learn.exercises', {})).models).toEqual([]);
    // A second set corrected adds to the first.
    const second = await recordOneSet();
    await call('sessions.correctReps', { sessionId, setId, reps: 9 });
    expect((await call('sessions.correctReps', { ...second, reps: 7 })).learned?.sets).toBe(2);
    const { models } = await call('learn.exercises', {});
    expect(models.map((m) => [m.exercise, m.placement, m.sets])).toEqual([['calf-raise', 'shank', 2]]);
    // Forgetting it takes the counter back to the profile for that exercise and placement.
    expect(await call('learn.forgetModel', { exercise: 'calf-raise', placement: 'shank' })).toEqual({ deleted: true });
    expect(await call('learn.forgetModel', { exercise: 'calf-raise', placement: 'shank' })).toEqual({ deleted: false });
    expect((await call('learn.exercises', {})).models).toEqual([]);
  });

  it('a set without stored acceleration keeps its correction and learns nothing', async () => {
    const { sessionId, setId } = await recordOneSet(false);
    const d = await call('sessions.correctReps', { sessionId, setId, reps: 5 });
    expect(d.repCount).toBe(5);
    expect(d.learned).toBeNull();
    expect((await call('learn.exercises', {})).models).toEqual([]);
  });

  it('teaches a new exercise: create, Start, samples, "I did 3", saved', async () => {
    const created = await call('learn.createExercise', { name: 'Kettlebell Swing', profile: 'deadlift' });
    expect(created).toEqual({ key: 'kettlebell-swing', name: 'Kettlebell Swing', profile: 'deadlift' });
    expect(await failure('learn.createExercise', { name: 'kettlebell swing!', profile: 'squat' })).toMatch(/already/);
    expect(await failure('learn.createExercise', { name: 'Squat', profile: 'squat' })).toMatch(/built-in/);
    expect(await failure('learn.createExercise', { name: '!!!', profile: 'squat' })).toMatch(/letter or digit/);
    const list = await call('learn.exercises', {});
    expect(list.custom).toEqual([created]);
    expect(list.builtIn.map((e) => e.id)).toContain('squat');
    expect(list.placement).toBe('ankle');

    expect(await failure('learn.teachFinish', { reps: 3 })).toMatch(/press Start first/);
    expect(await failure('learn.teachStart', { exercise: 'no-such-thing' })).toMatch(/no exercise "no-such-thing"/);
    const started = await call('learn.teachStart', { exercise: 'kettlebell-swing' });
    expect(started).toMatchObject({ state: 'recording', exercise: 'kettlebell-swing', name: 'Kettlebell Swing', count: 0, samples: 0 });
    expect(await failure('learn.teachFinish', { reps: 3 })).toMatch(/No movement was recorded/);

    const teach = teachServiceOf(engine.events);
    if (!teach) throw new Error('no teach service');
    const t0 = Date.now();
    const acc = syntheticCalfRaises({ reps: 3 });
    teach.ingest({ type: 'acc', sensorId: 'imu', samples: acc.map((s) => ({ tMs: t0 + s.t * 1000, x: s.x, y: s.y, z: s.z })) });
    // A second sensor is not mixed in.
    teach.ingest({ type: 'acc', sensorId: 'other', samples: [{ tMs: t0 + 1, x: 0, y: 0, z: 1 }] });
    const live = await call('learn.teachGet', {});
    expect(live.samples).toBe(acc.length);
    expect(live.sensor).toBe('imu');

    const saved = await call('learn.teachFinish', { reps: 3 });
    expect(saved.state).toBe('saved');
    expect(saved.saved).toMatchObject({ exercise: 'kettlebell-swing', name: 'Kettlebell Swing', profile: 'deadlift', placement: 'ankle', sets: 1 });
    expect((await call('learn.teachGet', {})).state).toBe('saved');
    const store = openStore(dir, { readonly: true });
    expect(store.getRepModel('kettlebell-swing', 'ankle')?.sets).toBe(1);
    store.close();

    // Teaching again adds to the same model.
    await call('learn.teachStart', { exercise: 'kettlebell-swing' });
    const t1 = Date.now();
    teach.ingest({ type: 'acc', sensorId: 'imu', samples: acc.map((s) => ({ tMs: t1 + s.t * 1000, x: s.x, y: s.y, z: s.z })) });
    expect((await call('learn.teachFinish', { reps: 3 })).saved?.sets).toBe(2);
    expect((await call('learn.teachCancel', {})).state).toBe('idle');
  });

  it('a taught exercise goes into a routine, its sets keep its name and key, and corrections teach it', async () => {
    await call('learn.createExercise', { name: 'Goblet squat', profile: 'squat' });
    const spec = { exerciseId: 'goblet-squat', sets: 1, sides: 'both', targetKind: 'reps', targetValue: 8, restS: 60, placement: null, instructions: '' };
    expect(await failure('routines.save', { routine: { name: 'Bad', notes: '', exercises: [{ ...spec, exerciseId: 'Goblet Squat' }] } })).toMatch(/Invalid parameters/);
    const saved = await call('routines.save', { routine: { name: 'Mine', notes: '', exercises: [spec, { ...spec, exerciseId: 'deadlift' }] } });
    expect(saved.exercises.map((e) => e.exerciseId)).toEqual(['goblet-squat', 'deadlift']);

    const v = await call('workout.begin', { routineId: saved.id });
    expect(v.plan.map((p) => [p.exerciseId, p.name])).toEqual([
      ['goblet-squat', 'Goblet squat'],
      ['deadlift', 'Deadlift'],
    ]);
    await call('workout.startSet', {});
    const svc = engine.workout;
    const t0 = Date.now();
    expect(await feedSoFar((samples) => svc.ingest({ type: 'acc', sensorId: 'imu', samples }), t0)).toBeGreaterThan(10);
    await call('workout.endSet', {});
    const sessionId = (await call('workout.finish', {})).sessionId ?? -1;

    const d = await call('sessions.get', { id: sessionId });
    // History names it as taught; formats that need a built-in id get its base profile.
    expect(d.sets[0]).toMatchObject({ exerciseId: 'squat', exerciseName: 'Goblet squat' });
    const corrected = await call('sessions.correctReps', { sessionId, setId: d.sets[0].id, reps: 8 });
    expect(corrected.learned).toEqual({ exercise: 'goblet-squat', name: 'Goblet squat', placement: 'ankle', sets: 1 });
    const store = openStore(dir, { readonly: true });
    expect(store.getRepModel('goblet-squat', 'ankle')?.profile).toBe('squat');
    store.close();
  });

  it('refuses to teach while a workout set runs', async () => {
    await call('workout.begin', {});
    await call('workout.startSet', {});
    expect(await failure('learn.teachStart', { exercise: 'squat' })).toMatch(/set is running/);
    await call('workout.finish', {});
  });
});

describe('the workout hands the learned model to each set\'s detector', () => {
  let dir: string;
  let store: Store;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-learn-svc-'));
    store = openStore(dir);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('looks the model up at each set start, for the exercise and the placement of the moment', () => {
    const given: { profile: string; model: RepModel | null }[] = [];
    let placement = 'ankle';
    const svc = new WorkoutService({
      now: () => Date.now(),
      settings: () => DEFAULT_SETTINGS,
      store: () => store,
      onFrame: () => {},
      repModel: (exercise) => store.getRepModel(exercise, placement),
      createDetector: (profile, options) => {
        given.push({ profile, model: options.model ?? null });
        return createStreamingRepDetector(profile, options);
      },
    });
    const model: RepModel = {
      format: 'setbeat-rep-model',
      version: 1,
      exercise: 'calf-raise',
      name: 'Toe touch to calf raise',
      profile: 'calf-raise',
      placement: 'ankle',
      sets: 4,
      updatedAt: '2026-12-03T10:00:00.000Z',
      tuning: null,
    };
    svc.begin();
    svc.startSet();
    svc.endSet();
    store.putRepModel(model); // learned between sets: used from the next one
    svc.startSet();
    svc.endSet();
    placement = 'chest'; // no model for the chest
    svc.startSet();
    svc.endSet();
    svc.finish();
    svc.dispose();
    expect(given.map((g) => [g.profile, g.model?.sets ?? null])).toEqual([
      ['calf-raise', null],
      ['calf-raise', 4],
      ['calf-raise', null],
    ]);
  });
});

describe("a taught exercise's sets count with its base profile", () => {
  it('gives the detector the base profile and the model learned under the taught key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-learn-custom-'));
    const store = openStore(dir);
    try {
      store.createCustomExercise({ key: 'goblet-squat', name: 'Goblet squat', profile: 'squat' });
      store.putRepModel({
        format: 'setbeat-rep-model',
        version: 1,
        exercise: 'goblet-squat',
        name: 'Goblet squat',
        profile: 'squat',
        placement: 'ankle',
        sets: 2,
        updatedAt: '2026-12-03T10:00:00.000Z',
        tuning: null,
      });
      const given: [string, number | null][] = [];
      const svc = new WorkoutService({
        now: () => Date.now(),
        settings: () => DEFAULT_SETTINGS,
        store: () => store,
        onFrame: () => {},
        repModel: (exercise) => store.getRepModel(exercise, 'ankle'),
        exerciseInfo: (key) => store.getCustomExercise(key),
        createDetector: (profile, options) => {
          given.push([profile, options.model?.sets ?? null]);
          return createStreamingRepDetector(profile, options);
        },
      });
      const spec = { exerciseId: 'goblet-squat', sets: 1, sides: 'both', targetKind: 'reps', targetValue: 8, restS: 60, placement: null, instructions: '' } as const;
      const v = svc.begin({ name: 'Mine', notes: '', autoSets: false, exercises: [spec] });
      expect(v.plan[0].name).toBe('Goblet squat');
      svc.startSet();
      svc.finish();
      svc.dispose();
      expect(given).toEqual([['squat', 2]]);
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
