/**
 * The sessions, routines and devices command groups through the engine's router (params
 * validated as over a transport), on a real SQLite store in a temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { openStore } from '../../../src/engine/store';
import type { CommandName, CommandResult } from '../../../src/shared/contract';
import { syntheticCalfRaises } from '../workout/synthetic';

describe('command groups on a real store', () => {
  let dir: string;
  let engine: Engine;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-groups-'));
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

  /** One finished workout with one calf-raise set of 8 (wall-clock times, fed faster). */
  async function recordOneSet(): Promise<number> {
    await call('workout.begin', {});
    await call('workout.startSet', {});
    const svc = engine.workout;
    const t0 = Date.now();
    const acc = syntheticCalfRaises({ reps: 8 });
    svc.ingest({ type: 'acc', sensorId: 'imu', samples: acc.map((s) => ({ tMs: t0 + s.t * 1000, x: s.x, y: s.y, z: s.z })) });
    for (let k = 0; k < 20; k++) svc.ingest({ type: 'hr', sensorId: 'hr', samples: [{ tMs: t0 + k * 1000, bpm: 110 + k, contact: true }] });
    await call('workout.endSet', {});
    const v = await call('workout.finish', {});
    expect(v.sessionId).not.toBeNull();
    return v.sessionId ?? -1;
  }

  it('shows, edits, exports, deletes and restores a recorded session', async () => {
    const id = await recordOneSet();
    const list = await call('sessions.list', {});
    expect(list.sessions.map((s) => s.id)).toEqual([id]);

    let d = await call('sessions.get', { id });
    expect(d.sets).toHaveLength(1);
    expect(d.sets[0]).toMatchObject({ exerciseId: 'calf-raise', repsDetected: 8, repsCorrected: null, target: 8 });
    expect(d.sets[0].reps).toHaveLength(8);
    expect(d.sets[0].reps[0].swayG).not.toBeNull();

    d = await call('sessions.correctReps', { sessionId: id, setId: d.sets[0].id, reps: 9 });
    expect(d.repCount).toBe(9);
    d = await call('sessions.rename', { id, name: 'Tuesday legs' });
    expect(d.name).toBe('Tuesday legs');
    d = await call('sessions.setNotes', { id, notes: 'Left calf tight.' });
    expect(d.notes).toBe('Left calf tight.');
    expect((await call('sessions.list', { search: 'tuesday' })).sessions).toHaveLength(1);

    const hr = await call('sessions.hr', { id });
    expect(hr.bpm.length).toBeGreaterThan(5);
    expect(Math.max(...hr.bpm)).toBe(129);

    const exp = await call('sessions.export', { id, format: 'json' });
    expect(exp.folder).toBe(path.join(dir, 'exports'));
    expect(exp.files).toHaveLength(1);
    const json = JSON.parse(fs.readFileSync(exp.files[0].path, 'utf8')) as { name?: string; session?: { name?: string } };
    expect(JSON.stringify(json)).toContain('Tuesday legs');

    expect(await call('sessions.delete', { id })).toEqual({ deleted: true, undoable: true });
    expect((await call('sessions.list', {})).sessions).toHaveLength(0);
    expect(await call('sessions.undoDelete', {})).toEqual({ restoredId: id });
    expect((await call('sessions.list', {})).sessions).toHaveLength(1);

    expect(await failure('sessions.get', { id: 999 })).toMatch(/no session 999/);
    expect(await failure('sessions.rename', { id, name: '   ' })).toMatch(/Invalid parameters/);
  });

  it('seeds the built-in routine, refuses to edit it, and edits a copy the workout then follows', async () => {
    const { routines } = await call('routines.list', {});
    expect(routines).toHaveLength(1);
    const builtin = routines[0];
    expect(builtin).toMatchObject({ name: "Runner's strength", builtin: true });
    expect(builtin.exercises.map((e) => e.exerciseId)).toEqual(['calf-raise', 'band-walk', 'deadlift', 'box-step-off', 'lunge-matrix']);
    expect(builtin.exercises[0].instructions).toMatch(/^Steps: .*\nFeel: .*\nSafety: /);
    // Listing again does not seed twice.
    expect((await call('routines.list', {})).routines).toHaveLength(1);

    expect(await failure('routines.save', { id: builtin.id, routine: { name: 'x', notes: '', exercises: builtin.exercises } })).toMatch(/built in: make a copy/);
    const copy = await call('routines.copy', { id: builtin.id });
    expect(copy).toMatchObject({ name: "Runner's strength (my copy)", builtin: false });
    const reordered = [copy.exercises[2], { ...copy.exercises[0], sets: 1, targetValue: 12 }];
    const saved = await call('routines.save', { id: copy.id, routine: { name: 'Short day', notes: 'Quick', exercises: reordered } });
    expect(saved.exercises.map((e) => [e.exerciseId, e.sets, e.targetValue])).toEqual([
      ['deadlift', 3, 6],
      ['calf-raise', 1, 12],
    ]);
    expect(await failure('routines.save', { routine: { name: 'Empty', notes: '', exercises: [] } })).toMatch(/at least one exercise/);

    const v = await call('workout.begin', { routineId: saved.id });
    expect(v.routineName).toBe('Short day');
    expect(v.plan.map((p) => `${p.exerciseId}:${p.side}`)).toEqual(['deadlift:both', 'deadlift:both', 'deadlift:both', 'calf-raise:left', 'calf-raise:right']);
    await call('workout.finish', {});

    expect(await failure('routines.delete', { id: builtin.id })).toMatch(/built in/);

    // Placement defaults: stored, validated, and shown where an exercise names none.
    expect(await call('routines.placements', {})).toEqual({ heartRate: 'chest', accelerometer: 'ankle' });
    expect(await call('routines.setPlacements', { accelerometer: 'wrist' })).toEqual({ heartRate: 'chest', accelerometer: 'wrist' });
    expect(await call('routines.placements', {})).toEqual({ heartRate: 'chest', accelerometer: 'wrist' });
    expect(await failure('routines.setPlacements', { accelerometer: 'nose' })).toMatch(/Invalid parameters/);
    const bare = await call('routines.save', { routine: { name: 'Bare', notes: '', exercises: [{ ...saved.exercises[0], placement: null }] } });
    const w = await call('workout.begin', { routineId: bare.id });
    expect(w.placement).toBe('Wristband for the accelerometer, chest strap for heart rate (your defaults)');
    await call('workout.finish', {});
    expect(await call('routines.delete', { id: saved.id })).toEqual({ deleted: true });
  });

  it('answers the Devices screen in words before Bluetooth is started, offering the demo sensors', async () => {
    const s = await call('devices.list', {});
    expect(s).toEqual({ adapter: null, devices: [], scanning: false, demoAvailable: true });
    expect(await failure('devices.scan', { on: true })).toMatch(/Bluetooth is not set up/);
  });

  it('starts the demo sensors, connects them, and their heart rate reaches the live workout', async () => {
    const frames: number[] = [];
    engine.events.subscribe((event, payload) => {
      if (event === 'workout.frame') {
        const hr = (payload as { hr: { bpm: number } | null }).hr;
        if (hr) frames.push(hr.bpm);
      }
    });
    const s = await call('devices.useDemo', {});
    expect(s.adapter?.backend).toBe('simulator');
    expect(s.demoAvailable).toBe(false);
    await expect.poll(async () => (await call('devices.list', {})).devices.filter((d) => d.state === 'connected').length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const listed = await call('devices.list', {});
    expect(listed.devices.map((d) => d.kind)).toEqual(expect.arrayContaining(['hr-strap', 'generic-imu']));
    await call('workout.begin', {});
    await expect.poll(() => frames.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(frames[frames.length - 1]).toBeGreaterThan(30);
    const v = await call('workout.get', {});
    expect(v.sensors.filter((x) => x.state === 'connected').length).toBeGreaterThanOrEqual(2);
    await call('workout.finish', {});
  }, 40_000);
});
