import type { ROUTINES_COMMANDS, RoutineView } from '../../shared/commands/routines';
import { DEFAULT_PLACEMENTS, RUNNERS_STRENGTH, placementDefaultsSchema, type PlacementDefaults, type RoutineExerciseSpec } from '../../shared/routines';
import type { Routine } from '../store/types';
import { CommandError, type GroupHandlers } from '../router';
import type { HandlerContext, HandlerStore } from './context';

/** A stored routine's exercises in the shape the contract and the workout use. */
export function routineExercisesOf(r: Routine): RoutineExerciseSpec[] {
  return r.exercises.map((e) => ({
    exerciseId: e.exerciseId,
    sets: e.sets,
    sides: e.sides,
    targetKind: e.targetKind,
    targetValue: e.targetValue,
    restS: e.restS,
    placement: e.placement,
    instructions: e.instructions,
  }));
}

function toView(r: Routine): RoutineView {
  return { id: r.id, name: r.name, notes: r.notes, builtin: r.builtin, exercises: routineExercisesOf(r) };
}

function requireStore(ctx: HandlerContext): HandlerStore {
  const s = ctx.store();
  if (!s) throw new CommandError('The database is not open: routines cannot be read or saved.');
  return s;
}

/** The built-in routine lives in SQLite like any other; it is put there the first time. */
function ensureBuiltin(s: HandlerStore): void {
  if (s.listRoutines().some((r) => r.builtin)) return;
  s.createRoutine({ name: RUNNERS_STRENGTH.name, notes: RUNNERS_STRENGTH.notes, builtin: true, exercises: RUNNERS_STRENGTH.exercises });
}

function unusedName(s: HandlerStore, base: string): string {
  const names = new Set(s.listRoutines().map((r) => r.name));
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} (${i})`)) return `${base} (${i})`;
}

const PLACEMENTS_KEY = 'placementDefaults';

/** Stored defaults, or the built-in ones where nothing (or something unreadable) is stored. */
export function placementDefaults(s: HandlerStore | null): PlacementDefaults {
  const parsed = placementDefaultsSchema.partial().safeParse(s?.getSetting(PLACEMENTS_KEY));
  return { ...DEFAULT_PLACEMENTS, ...(parsed.success ? parsed.data : {}) };
}

/** Handlers for the routine commands of src/shared/commands/routines.ts. */
export function routinesHandlers(ctx: HandlerContext): GroupHandlers<typeof ROUTINES_COMMANDS> {
  return {
    'routines.list': () => {
      const s = requireStore(ctx);
      ensureBuiltin(s);
      return { routines: s.listRoutines().map(toView) };
    },
    'routines.save': ({ id, routine }) => {
      const s = requireStore(ctx);
      if (id === undefined) return toView(s.createRoutine({ name: unusedName(s, routine.name), notes: routine.notes, exercises: routine.exercises }));
      const existing = s.getRoutine(id);
      if (!existing) throw new CommandError(`There is no routine ${id}.`);
      if (existing.builtin) throw new CommandError(`"${existing.name}" is built in: make a copy to change it.`);
      const updated = s.updateRoutine(id, { name: routine.name, notes: routine.notes, exercises: routine.exercises });
      if (!updated) throw new CommandError(`There is no routine ${id}.`);
      return toView(updated);
    },
    'routines.copy': ({ id }) => {
      const s = requireStore(ctx);
      const r = s.getRoutine(id);
      if (!r) throw new CommandError(`There is no routine ${id}.`);
      const copy = toView(r);
      return toView(s.createRoutine({ name: unusedName(s, `${r.name} (my copy)`), notes: copy.notes, exercises: copy.exercises }));
    },
    'routines.delete': ({ id }) => {
      const s = requireStore(ctx);
      const r = s.getRoutine(id);
      if (r?.builtin) throw new CommandError(`"${r.name}" is built in and stays; delete your copies instead.`);
      return { deleted: s.deleteRoutine(id) };
    },
    'routines.placements': () => placementDefaults(ctx.store()),
    'routines.setPlacements': (patch) => {
      const s = requireStore(ctx);
      const next = { ...placementDefaults(s), ...patch };
      s.setSetting(PLACEMENTS_KEY, next);
      return next;
    },
  };
}
