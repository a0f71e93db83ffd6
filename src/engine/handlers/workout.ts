import type { WORKOUT_COMMANDS } from '../../shared/commands/workout';
import { PLACEMENT_WORDS, RUNNERS_STRENGTH, type RoutineSpec } from '../../shared/routines';
import { placementDefaults, routineExercisesOf } from './routines';
import { CommandError, type GroupHandlers } from '../router';
import { WorkoutError, WorkoutService } from '../workout/service';
import type { HandlerContext } from './context';

/**
 * The engine's live workout, wired to the engine's events, store and settings. The Engine
 * builds it once, owns it, feeds it from the devices and closes it.
 */
export function createLiveWorkout(ctx: Omit<HandlerContext, 'workout' | 'deviceList'>): WorkoutService {
  return new WorkoutService({
    now: () => ctx.now(),
    settings: () => ctx.settings(),
    store: () => ctx.store(),
    onFrame: (view) => ctx.events.emit('workout.frame', view),
    onSessionsChanged: (reason) => ctx.events.emit('sessions.changed', { reason }),
    onNotice: (level, message) => ctx.events.emit('notice', { level, message }),
    onWriteFailed: (message) => ctx.log.error({ event: 'store-write-failed' }, message),
    defaultPlacement: () => {
      const p = placementDefaults(ctx.store());
      return `${PLACEMENT_WORDS[p.accelerometer]} for the accelerometer, ${PLACEMENT_WORDS[p.heartRate].toLowerCase()} for heart rate (your defaults)`;
    },
  });
}

function routineFromStore(ctx: HandlerContext, id: number): RoutineSpec {
  const store = ctx.store();
  const r = store?.getRoutine(id);
  if (!r) throw new CommandError(`There is no routine ${id}.`);
  if (r.exercises.length === 0) throw new CommandError(`The routine "${r.name}" has no exercises yet.`);
  return { name: r.name, notes: r.notes, autoSets: r.autoSets, exercises: routineExercisesOf(r) };
}

/** Turns the service's refusals into command errors the person reads as they are. */
function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WorkoutError) throw new CommandError(err.message);
    throw err;
  }
}

/** Handlers for the live-workout commands of src/shared/commands/workout.ts. */
export function workoutHandlers(ctx: HandlerContext): GroupHandlers<typeof WORKOUT_COMMANDS> {
  const svc = (): WorkoutService => ctx.workout;
  return {
    'workout.get': () => svc().view(600),
    'workout.begin': ({ routine, routineId }) =>
      run(() => svc().begin(routine ?? (routineId !== undefined ? routineFromStore(ctx, routineId) : RUNNERS_STRENGTH))),
    'workout.startSet': () => run(() => svc().startSet()),
    'workout.endSet': () => run(() => svc().endSet()),
    'workout.toggleSet': () => run(() => svc().toggleSet()),
    'workout.adjustReps': ({ delta, index }) => run(() => svc().adjustReps(delta, index)),
    'workout.pause': () => run(() => svc().pause()),
    'workout.resume': () => run(() => svc().resume()),
    'workout.select': ({ index }) => run(() => svc().select(index)),
    'workout.skip': () => run(() => svc().skip()),
    'workout.repeat': () => run(() => svc().repeat()),
    'workout.move': ({ from, to }) => run(() => svc().move(from, to)),
    'workout.skipRest': () => run(() => svc().skipRest()),
    'workout.setAuto': ({ on }) => run(() => svc().setAuto(on)),
    'workout.finish': () => run(() => svc().finish()),
    'workout.close': () => run(() => svc().close()),
  };
}
