import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/engine/store/index';
import type { RepModel } from '../../../src/shared/rep-model';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-models-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function model(over: Partial<RepModel> = {}): RepModel {
  return {
    format: 'setbeat-rep-model',
    version: 1,
    exercise: 'squat',
    name: 'Squat',
    profile: 'squat',
    placement: 'wrist',
    sets: 1,
    updatedAt: '2026-12-03T10:00:00.000Z',
    tuning: { signal: 'auto', periodS: [1.5, 3], bandHz: [0.3, 2], amplitudeG: 0.4, minAmplitudeG: 0.1, thresholdScale: 0.8 },
    ...over,
  };
}

describe('rep models and custom exercises in SQLite', () => {
  it('round-trip a model per (exercise, placement) through a real file and a reopen', () => {
    const dir = path.join(tmp, 'round');
    let store = openStore(dir);
    store.putRepModel(model());
    store.putRepModel(model({ placement: 'chest', sets: 3 }));
    store.putRepModel(model({ sets: 2 })); // replaces the wrist one
    store.close();

    store = openStore(dir);
    expect(store.getRepModel('squat', 'wrist')).toEqual(model({ sets: 2 }));
    expect(store.getRepModel('squat', 'chest')?.sets).toBe(3);
    expect(store.getRepModel('squat', 'ankle')).toBeNull();
    expect(store.listRepModels().models.map((m) => [m.exercise, m.placement, m.sets])).toEqual([
      ['squat', 'chest', 3],
      ['squat', 'wrist', 2],
    ]);
    expect(store.deleteRepModel('squat', 'chest')).toBe(true);
    expect(store.deleteRepModel('squat', 'chest')).toBe(false);
    expect(store.listRepModels().models).toHaveLength(1);
    store.close();
  });

  it('refuse an invalid model and leave the stored one as it was', () => {
    const store = openStore(path.join(tmp, 'bad'));
    store.putRepModel(model());
    expect(() => store.putRepModel({ ...model(), placement: 'knee' } as unknown as RepModel)).toThrow(/placement/);
    expect(() => store.putRepModel({ ...model(), tuning: { signal: 'auto', periodS: [1, 2], bandHz: [0.3, 2], amplitudeG: -1, minAmplitudeG: 0, thresholdScale: 1 } })).toThrow(/amplitudeG/);
    expect(store.getRepModel('squat', 'wrist')).toEqual(model());
    store.close();
  });

  it('log what a model learned from, so a set corrected again replaces its own contribution', () => {
    const store = openStore(path.join(tmp, 'sources'));
    const m1 = model({ sets: 1 });
    store.putRepModel(m1, { setId: 5, prior: null });
    expect(store.lastRepModelSource('squat', 'wrist')).toEqual({ setId: 5, prior: null });
    // Set 5 again: its row is replaced, the prior kept as given.
    store.putRepModel(model({ sets: 1, updatedAt: 'again' }), { setId: 5, prior: null });
    expect(store.db.prepare('SELECT count(*) AS n FROM rep_model_sources').get()).toEqual({ n: 1 });
    // A teach set after it: set 5 is no longer the last source and cannot be taken back.
    const m2 = model({ sets: 2 });
    store.putRepModel(m2, { setId: null, prior: store.getRepModel('squat', 'wrist') });
    expect(store.unlearnSet('squat', 'wrist', 5)).toBe(false);
    // Set 6, then taken back: the model returns to what it was before set 6.
    store.putRepModel(model({ sets: 3 }), { setId: 6, prior: m2 });
    expect(store.unlearnSet('squat', 'wrist', 6)).toBe(true);
    expect(store.getRepModel('squat', 'wrist')).toEqual(m2);
    expect(store.lastRepModelSource('squat', 'wrist')?.setId).toBeNull();
    // Forgetting the model forgets its log too.
    expect(store.deleteRepModel('squat', 'wrist')).toBe(true);
    expect(store.lastRepModelSource('squat', 'wrist')).toBeNull();
    store.close();
  });

  it('take back a first set entirely: no model is left', () => {
    const store = openStore(path.join(tmp, 'first'));
    store.putRepModel(model(), { setId: 9, prior: null });
    expect(store.unlearnSet('squat', 'wrist', 9)).toBe(true);
    expect(store.getRepModel('squat', 'wrist')).toBeNull();
    store.close();
  });

  it('leave out a stored row that no longer parses, and count it', () => {
    const store = openStore(path.join(tmp, 'damaged'));
    store.putRepModel(model());
    store.db.prepare("INSERT INTO rep_models (exercise, placement, model, updated_at) VALUES ('row', 'wrist', '{not json', 1)").run();
    expect(store.getRepModel('row', 'wrist')).toBeNull();
    expect(store.listRepModels()).toEqual({ models: [model()], skipped: 1 });
    store.close();
  });

  it('create custom exercises with new keys only, and delete one with its models', () => {
    const store = openStore(path.join(tmp, 'custom'));
    store.createCustomExercise({ key: 'kettlebell-swing', name: 'Kettlebell swing', profile: 'deadlift' });
    expect(() => store.createCustomExercise({ key: 'kettlebell-swing', name: 'Again', profile: 'squat' })).toThrow(/already exists/);
    expect(() => store.createCustomExercise({ key: 'squat', name: 'Squat', profile: 'squat' })).toThrow(/built-in/);
    expect(() => store.createCustomExercise({ key: 'Bad Key', name: 'x', profile: 'squat' })).toThrow(/key/);
    store.putRepModel(model({ exercise: 'kettlebell-swing', name: 'Kettlebell swing', profile: 'deadlift' }));
    expect(store.listCustomExercises()).toEqual([{ key: 'kettlebell-swing', name: 'Kettlebell swing', profile: 'deadlift' }]);
    expect(store.deleteCustomExercise('kettlebell-swing')).toBe(true);
    expect(store.listCustomExercises()).toEqual([]);
    expect(store.getRepModel('kettlebell-swing', 'wrist')).toBeNull();
    store.close();
  });
});
