import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type RoutineExerciseInput } from '../../../src/engine/store/index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-edits-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const T0 = 1_800_000_000_000;

function recordOne(dir: string, name: string, startedAt: number): number {
  const store = openStore(dir);
  const w = store.beginSession({ name, startedAt }, { autoFlush: false });
  w.addHr({ tMs: startedAt, bpm: 100, contact: true });
  w.addAcc('imu', Array.from({ length: 400 }, (_, i) => ({ tMs: startedAt + i * 5, x: 0, y: 0, z: 1 })));
  w.finish(startedAt + 60_000);
  store.close();
  return w.sessionId;
}

describe('edits', () => {
  it('rename, notes and search', () => {
    const dir = path.join(tmp, 'rename');
    const a = recordOne(dir, 'Tuesday', T0);
    recordOne(dir, 'Thursday', T0 + 86_400_000);
    const store = openStore(dir);
    expect(store.renameSession(a, '  Hill day legs ')).toBe(true);
    expect(store.setSessionNotes(a, 'Left calf tight; 100% effort')).toBe(true);
    expect(store.renameSession(999, 'x')).toBe(false);
    expect(() => store.renameSession(a, '   ')).toThrow('a name needs 1 to 200 characters');
    expect(store.listSessions().map((s) => s.name)).toEqual(['Thursday', 'Hill day legs']);
    expect(store.listSessions({ search: 'hill' }).map((s) => s.id)).toEqual([a]);
    expect(store.listSessions({ search: '100%' }).map((s) => s.id)).toEqual([a]);
    expect(store.listSessions({ search: '%' }).map((s) => s.id)).toEqual([a]); // % is literal
    expect(store.listSessions({ limit: 1, offset: 1 }).map((s) => s.id)).toEqual([a]);
    // By exercise, through the sets: id or display name.
    const w = store.beginSession({ name: 'Box day', startedAt: T0 + 2 * 86_400_000 }, { autoFlush: false });
    w.startSet({ exerciseId: 'box-step-off', side: 'left', order: 0, startedAt: T0 + 2 * 86_400_000 });
    w.finish(T0 + 2 * 86_400_000 + 60_000);
    expect(store.listSessions({ search: 'step-off' }).map((s) => s.name)).toEqual(['Box day']);
    expect(store.listSessions({ search: 'Box Step' }).map((s) => s.name)).toEqual(['Box day']);
    expect(store.listSessions({ search: 'deadlift' })).toEqual([]);
    expect(store.getSession(a)?.notes).toBe('Left calf tight; 100% effort');
    store.close();
  });

  it('delete hides a session at once, undo brings it back whole, close purges it with its raw chunks', () => {
    const dir = path.join(tmp, 'delete');
    const a = recordOne(dir, 'Keep', T0);
    const b = recordOne(dir, 'Drop', T0 + 1000);
    let store = openStore(dir);
    expect(store.deleteSession(b)).toBe(true);
    expect(store.listSessions().map((s) => s.id)).toEqual([a]);
    expect(store.getSession(b)).toBeNull();
    expect(store.undoLastDelete()).toBe(b);
    expect(store.undoLastDelete()).toBeNull();
    expect(store.getSession(b)?.name).toBe('Drop');
    expect([...store.iterateAcc(b)].reduce((s, c) => s + c.count, 0)).toBe(400);

    expect(store.deleteSession(b)).toBe(true);
    store.close();
    store = openStore(dir);
    const count = (table: string, id: number) =>
      (store.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE session_id = ?`).get(id) as { n: number }).n;
    expect(store.db.prepare('SELECT id FROM sessions').all()).toEqual([{ id: a }]);
    expect(count('acc_chunks', b)).toBe(0);
    expect(count('hr_samples', b)).toBe(0);
    expect(count('acc_chunks', a)).toBeGreaterThan(0);
    expect(store.undoLastDelete()).toBeNull(); // undo lives only as long as the process that deleted
    store.close();
  });

  it('a session still recording cannot be deleted', () => {
    const store = openStore(path.join(tmp, 'live'));
    const w = store.beginSession({ name: 'Live', startedAt: T0 }, { autoFlush: false });
    expect(() => store.deleteSession(w.sessionId)).toThrow('this session is still recording; finish it before deleting it');
    w.finish(T0 + 1000);
    expect(store.deleteSession(w.sessionId)).toBe(true);
    store.close();
  });

  it('devices: remember, update, list, forget', () => {
    const store = openStore(path.join(tmp, 'devices'));
    store.rememberDevice({ id: 'C0:FF:EE', name: 'Polar H10 12345', kind: 'hr-strap', manufacturer: 'Polar' });
    store.rememberDevice({ id: 'IMU-1', name: 'Ankle band', kind: 'generic-imu' });
    store.rememberDevice({ id: 'C0:FF:EE', name: 'Polar H10 12345', kind: 'polar-pmd', firmware: '5.0.0' });
    expect(store.listDevices().find((d) => d.id === 'C0:FF:EE')).toEqual({
      id: 'C0:FF:EE',
      name: 'Polar H10 12345',
      kind: 'polar-pmd',
      manufacturer: 'Polar',
      firmware: '5.0.0',
    });
    expect(store.forgetDevice('IMU-1')).toBe(true);
    expect(store.forgetDevice('IMU-1')).toBe(false);
    expect(store.listDevices().map((d) => d.id)).toEqual(['C0:FF:EE']);
    store.close();
  });

  it('settings: typed profile values persist; invalid ones are refused; others by key', () => {
    const dir = path.join(tmp, 'settings');
    let store = openStore(dir);
    expect(store.getSettings()).toEqual({});
    store.saveSettings({ maxHr: 184, restingHr: 52, zonesMethod: 'reserve', theme: 'dark' });
    expect(() => store.saveSettings({ maxHr: 9 })).toThrow(/^setting maxHr is not valid: /);
    store.setSetting('lastRoutineId', 3);
    store.close();
    store = openStore(dir);
    expect(store.getSettings()).toEqual({ maxHr: 184, restingHr: 52, zonesMethod: 'reserve', theme: 'dark' });
    expect(store.hrProfile()).toEqual({ maxHr: 184, restingHr: 52, zonesMethod: 'reserve' });
    expect(store.getSetting('lastRoutineId')).toBe(3);
    // A damaged stored value falls back to the default instead of breaking the app.
    store.db.prepare("UPDATE settings SET value = '\"very high\"' WHERE key = 'maxHr'").run();
    expect(store.getSettings().maxHr).toBeUndefined();
    store.close();
  });

  it('routines: create, reorder, edit rows, delete', () => {
    const store = openStore(path.join(tmp, 'routines'));
    const row = (exerciseId: RoutineExerciseInput['exerciseId'], sides: 'both' | 'each' = 'each'): RoutineExerciseInput => ({
      exerciseId,
      sets: 2,
      sides,
      targetKind: 'reps',
      targetValue: 10,
      restS: 60,
      placement: 'ankle band',
      instructions: 'Steps: slow down',
    });
    const r = store.createRoutine({ name: "Runner's strength", builtin: true, exercises: [row('calf-raise'), row('deadlift', 'both')] });
    expect(r.exercises.map((e) => [e.order, e.exerciseId])).toEqual([
      [0, 'calf-raise'],
      [1, 'deadlift'],
    ]);
    const added = store.addRoutineExercise(r.id, { ...row('band-walk'), targetKind: 'steps' }, 1);
    expect(store.getRoutine(r.id)?.exercises.map((e) => e.exerciseId)).toEqual(['calf-raise', 'band-walk', 'deadlift']);
    expect(store.updateRoutineExercise(added.id, { targetValue: 15, restS: 45 })).toMatchObject({ targetValue: 15, restS: 45, targetKind: 'steps' });
    expect(store.removeRoutineExercise(r.exercises[0].id)).toBe(true);
    expect(store.getRoutine(r.id)?.exercises.map((e) => [e.order, e.exerciseId])).toEqual([
      [0, 'band-walk'],
      [1, 'deadlift'],
    ]);
    expect(r.autoSets).toBe(false);
    expect(store.updateRoutine(r.id, { name: 'Mine', autoSets: true })).toMatchObject({ name: 'Mine', autoSets: true });
    expect(store.updateRoutine(r.id, { notes: 'n' })?.autoSets).toBe(true);
    expect(() => store.addRoutineExercise(r.id, { ...row('squat'), sets: 0 })).toThrow('sets must be a whole number from 1 to 100');
    expect(store.listRoutines()).toHaveLength(1);
    expect(store.deleteRoutine(r.id)).toBe(true);
    expect(store.db.prepare('SELECT count(*) AS n FROM routine_exercises').get()).toEqual({ n: 0 });
    store.close();
  });
});
