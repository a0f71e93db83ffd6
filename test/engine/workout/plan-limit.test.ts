/**
 * One limit on a workout's sets (issue 17 item 8), through the engine's router on a real
 * store: the routine editor refuses a routine past it, a routine stored before the limit is
 * refused at start with a reason (it once started and then every live update was refused),
 * a routine at the limit runs, and repeating a set stops at it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/create';
import type { Engine } from '../../../src/engine/engine';
import { openStore } from '../../../src/engine/store/index';
import { MAX_PLANNED_SETS, type RoutineExerciseSpec } from '../../../src/shared/routines';
import { workoutViewSchema } from '../../../src/shared/commands/workout';

function exercises(n: number, sets: number, sides: 'both' | 'each'): RoutineExerciseSpec[] {
  return Array.from({ length: n }, () => ({
    exerciseId: 'squat',
    sets,
    sides,
    targetKind: 'reps',
    targetValue: 10,
    restS: 0,
    placement: null,
    instructions: '',
  }));
}

let dataDir: string | null = null;
let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

describe('one limit on a workout plan', () => {
  it('the editor refuses 2,000 sets with the reason; 500 sets save and run, and repeat stops at 500', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-plan-limit-'));
    engine = createEngine({ dataDir, transport: 'web' });
    const big = await engine.router.call('routines.save', { routine: { name: 'Huge', notes: '', exercises: exercises(50, 20, 'each') } });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.message).toMatch(/at most 500 sets .* this one has 2000/);

    const limit = await engine.router.call('routines.save', { routine: { name: 'At the limit', notes: '', exercises: exercises(25, 10, 'each') } });
    if (!limit.ok) throw new Error(limit.error.message);
    const begun = await engine.router.call('workout.begin', { routineId: (limit.result as { id: number }).id });
    if (!begun.ok) throw new Error(begun.error.message);
    expect(workoutViewSchema.parse(begun.result).plan).toHaveLength(MAX_PLANNED_SETS);
    await engine.router.call('workout.startSet', {});
    await engine.router.call('workout.endSet', {});
    const repeated = await engine.router.call('workout.repeat', {});
    expect(repeated.ok).toBe(false);
    if (!repeated.ok) expect(repeated.error.message).toMatch(/at most 500 sets/);
  });

  it('a routine stored before the limit is refused at start, with what to do', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-plan-legacy-'));
    const store = openStore(dataDir);
    const legacy = store.createRoutine({ name: 'Old huge', exercises: exercises(50, 20, 'each') });
    store.close();
    engine = createEngine({ dataDir, transport: 'web' });
    const begun = await engine.router.call('workout.begin', { routineId: legacy.id });
    expect(begun.ok).toBe(false);
    if (!begun.ok) expect(begun.error.message).toMatch(/cannot be started: a routine holds at most 500 sets.*Edit it/);
  });
});
