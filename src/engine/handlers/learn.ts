import type { LEARN_COMMANDS } from '../../shared/commands/learn';
import { exerciseKeyFor, type CustomExercise } from '../../shared/custom-exercises';
import { EXERCISE_IDS, EXERCISE_NAMES, isExerciseId } from '../../shared/exercises';
import { StoreUsageError } from '../store/errors';
import { TeachError, TeachService, modelInfo } from '../learning/teach';
import { feedFromDevices } from '../workout/device-feed';
import { CommandError, type GroupHandlers } from '../router';
import type { DevicePort, HandlerContext, HandlerStore } from './context';
import { placementDefaults } from './routines';

interface Runtime {
  service: TeachService;
  fedFrom: DevicePort | null;
}

// One teach flow per engine, keyed by its event hub (as the live workout is).
const runtimes = new WeakMap<object, Runtime>();

function requireStore(ctx: HandlerContext): HandlerStore {
  const s = ctx.store();
  if (!s) throw new CommandError('The database is not open: see Settings > Data for why.');
  return s;
}

/** The engine's teach flow, created on first use and fed by the devices once they exist. */
export function teachService(ctx: HandlerContext): TeachService {
  let rt = runtimes.get(ctx.events);
  if (!rt) {
    const service = new TeachService({
      now: () => ctx.now(),
      placement: () => placementDefaults(ctx.store()).accelerometer,
      exercise: (key) => {
        if (isExerciseId(key)) return { name: EXERCISE_NAMES[key], profile: key };
        const c = ctx.store()?.listCustomExercises().find((x) => x.key === key);
        return c ? { name: c.name, profile: c.profile } : null;
      },
      model: (exercise, placement) => ctx.store()?.getRepModel(exercise, placement) ?? null,
      save: (model, prior) => requireStore(ctx).putRepModel(model, { setId: null, prior }),
      onFrame: (view) => ctx.events.emit('teach.frame', view),
    });
    rt = { service, fedFrom: null };
    runtimes.set(ctx.events, rt);
  }
  const devices = ctx.devices();
  if (devices && rt.fedFrom !== devices) {
    const svc = rt.service;
    feedFromDevices(devices, (input) => svc.ingest(input));
    rt.fedFrom = devices;
  }
  return rt.service;
}

/** The teach flow of the engine owning `events`, if one was created (tests feed it). */
export function teachServiceOf(events: object): TeachService | null {
  return runtimes.get(events)?.service ?? null;
}

function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TeachError || err instanceof StoreUsageError) throw new CommandError(err.message);
    throw err;
  }
}

/** Handlers for the commands of src/shared/commands/learn.ts. */
export function learnHandlers(ctx: HandlerContext): GroupHandlers<typeof LEARN_COMMANDS> {
  const svc = (): TeachService => teachService(ctx);
  return {
    'learn.exercises': () => {
      const s = ctx.store();
      return {
        builtIn: EXERCISE_IDS.map((id) => ({ id, name: EXERCISE_NAMES[id] })),
        custom: s?.listCustomExercises() ?? [],
        models: (s?.listRepModels().models ?? []).map(modelInfo),
        placement: placementDefaults(s).accelerometer,
      };
    },
    'learn.createExercise': ({ name, profile }): CustomExercise => {
      const s = requireStore(ctx);
      const key = exerciseKeyFor(name);
      if (!key) throw new CommandError('Give the exercise a name with at least one letter or digit.');
      if (isExerciseId(key)) throw new CommandError(`"${name}" is a built-in exercise already: choose it from the list.`);
      if (s.listCustomExercises().some((c) => c.key === key)) throw new CommandError(`There is an exercise called "${name}" already: choose it from the list.`);
      const created = run(() => s.createCustomExercise({ key, name: name.trim(), profile }));
      ctx.events.emit('sessions.changed', { reason: 'exercise created' });
      return created;
    },
    'learn.forgetModel': ({ exercise, placement }) => ({ deleted: run(() => requireStore(ctx).deleteRepModel(exercise, placement)) }),
    'learn.teachGet': () => svc().view(),
    'learn.teachStart': ({ exercise }) => {
      requireStore(ctx);
      if (ctx.workout.view().phase === 'set') throw new CommandError('A set is running: end it before teaching.');
      return run(() => svc().start(exercise));
    },
    'learn.teachFinish': ({ reps }) => run(() => svc().finish(reps)),
    'learn.teachCancel': () => svc().cancel(),
  };
}
