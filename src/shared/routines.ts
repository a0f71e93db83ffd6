/**
 * Routines as the UI and the engine see them, and SetBeat's built-in "Runner's strength"
 * routine. The shape matches the store's routine rows (src/engine/store/types.ts), so the
 * built-in one is seeded into SQLite as it is, then copied and edited like any other.
 */
import { z } from 'zod';
import { EXERCISE_KEY_PATTERN, isExerciseId, type ExerciseId } from './exercises';

export const routineSidesSchema = z.enum(['both', 'each']);
export const routineTargetKindSchema = z.enum(['reps', 'seconds', 'steps']);

export const routineExerciseSchema = z.object({
  /** A built-in exercise id, or the key of one the person made by teaching. */
  exerciseId: z.string().min(1).max(60).regex(EXERCISE_KEY_PATTERN, 'an exercise id: lower-case letters, digits and single dashes'),
  sets: z.number().int().min(1).max(20),
  /** 'each' = one set per side (left, then right). */
  sides: routineSidesSchema,
  targetKind: routineTargetKindSchema,
  /** The number to reach (reps, steps each way, seconds); null when free. */
  targetValue: z.number().int().min(1).max(1000).nullable(),
  restS: z.number().int().min(0).max(900),
  /** Where the sensor works best, e.g. 'chest strap', 'ankle band'. */
  placement: z.string().max(100).nullable(),
  /** Steps, what to feel, a safety note: one per line, "Steps: ...". */
  instructions: z.string().max(4000),
});
export type RoutineExerciseSpec = z.infer<typeof routineExerciseSchema>;

/**
 * The one limit on a workout's sets, for routines, plans and repeated sets alike: a routine
 * of 2,000 sets once passed the editor while every live update (capped at 500) was refused.
 */
export const MAX_PLANNED_SETS = 500;

/** How many sets a routine's plan has: each set of each exercise, each side. */
export function plannedSetCount(exercises: readonly Pick<RoutineExerciseSpec, 'sets' | 'sides'>[]): number {
  return exercises.reduce((n, e) => n + e.sets * (e.sides === 'each' ? 2 : 1), 0);
}

export function planSizeProblem(exercises: readonly Pick<RoutineExerciseSpec, 'sets' | 'sides'>[]): string | null {
  const n = plannedSetCount(exercises);
  return n > MAX_PLANNED_SETS ? `a routine holds at most ${MAX_PLANNED_SETS} sets (sides counted apart); this one has ${n}` : null;
}

/** For the routine schemas: the plan-size rule as a zod refinement. */
export function refinePlanSize(exercises: readonly Pick<RoutineExerciseSpec, 'sets' | 'sides'>[], ctx: z.RefinementCtx): void {
  const problem = planSizeProblem(exercises);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

export const routineSpecSchema = z.object({
  name: z.string().min(1).max(200),
  notes: z.string().max(4000),
  /** Start a set on motion and end it on stillness. */
  autoSets: z.boolean(),
  exercises: z.array(routineExerciseSchema).min(1).max(50).superRefine(refinePlanSize),
});
export type RoutineSpec = z.infer<typeof routineSpecSchema>;

/** Words for a target, e.g. "8 reps each leg", "10 steps each way". */
export function describeTarget(e: Pick<RoutineExerciseSpec, 'exerciseId' | 'targetKind' | 'targetValue' | 'sides'>): string {
  if (e.targetValue === null) return 'As many as feel good';
  if (e.exerciseId === 'deadlift' && e.targetKind === 'reps' && e.targetValue === DEADLIFT_REP_RANGE[0]) {
    return `${DEADLIFT_REP_RANGE[0]}–${DEADLIFT_REP_RANGE[1]} reps`;
  }
  const builtIn = isExerciseId(e.exerciseId) ? e.exerciseId : null;
  const unit = (builtIn && TARGET_UNITS[builtIn]?.[e.targetKind]) ?? e.targetKind;
  const per = e.sides === 'each' ? ` ${(builtIn && EACH_WORDS[builtIn]) ?? 'each side'}` : '';
  return `${e.targetValue} ${unit}${per}`;
}

const TARGET_UNITS: Partial<Record<ExerciseId, Partial<Record<RoutineExerciseSpec['targetKind'], string>>>> = {
  'band-walk': { steps: 'steps' },
  'box-step-off': { reps: 'landings' },
  'lunge-matrix': { reps: 'lunges (forward, diagonal, side)' },
};

const EACH_WORDS: Partial<Record<ExerciseId, string>> = {
  'calf-raise': 'each leg',
  'band-walk': 'each way',
  'box-step-off': 'each leg',
  'lunge-matrix': 'each leg',
};

/** Deadlift reps are a range; the lower end is the target the counter aims at. */
export const DEADLIFT_REP_RANGE = [6, 10] as const;

export const RUNNERS_STRENGTH: RoutineSpec = {
  name: "Runner's strength",
  notes: 'Five moves for the springs, hips and landings running asks for. About 25 minutes with rests.',
  autoSets: false,
  exercises: [
    {
      exerciseId: 'calf-raise',
      sets: 2,
      sides: 'each',
      targetKind: 'reps',
      targetValue: 8,
      restS: 60,
      placement: 'Ankle band on the working leg, or a chest strap',
      instructions: [
        'Steps: Stand on one foot, reach down and touch your toes with the opposite hand, then stand tall and rise as high as you can onto the ball of the foot. Lower slowly.',
        'Feel: The calf and the arch working; your hip and ankle steady over the foot.',
        'Safety: Keep a wall within reach for balance. Stop if the Achilles tendon hurts.',
      ].join('\n'),
    },
    {
      exerciseId: 'band-walk',
      sets: 2,
      sides: 'each',
      targetKind: 'steps',
      targetValue: 10,
      restS: 45,
      placement: 'Ankle band',
      instructions: [
        'Steps: Loop a band just above the knees or around the ankles. Sit back into a quarter squat and step sideways, keeping the band taut. Walk one way, then back.',
        'Feel: The outside of the hip (gluteus medius) warming up.',
        'Safety: Keep the knees pointing over the toes; do not let them cave in.',
      ].join('\n'),
    },
    {
      exerciseId: 'deadlift',
      sets: 3,
      sides: 'both',
      targetKind: 'reps',
      targetValue: DEADLIFT_REP_RANGE[0],
      restS: 120,
      placement: 'Chest strap, or a wristband',
      instructions: [
        `Steps: Feet hip-width, bar or weights over the middle of the foot. Hinge at the hips with a long back, grip, push the floor away and stand tall. Lower under control. ${DEADLIFT_REP_RANGE[0]} to ${DEADLIFT_REP_RANGE[1]} reps.`,
        'Feel: Hamstrings and glutes doing the work; the back stays still.',
        'Safety: Pick a load you can move with a flat back for every rep. Stop at the first rounded rep.',
      ].join('\n'),
    },
    {
      exerciseId: 'box-step-off',
      sets: 2,
      sides: 'each',
      targetKind: 'reps',
      targetValue: 6,
      restS: 60,
      placement: 'Ankle band on the landing leg, or a chest strap',
      instructions: [
        'Steps: Stand on a low box (20-30 cm). Step off forward and land on one foot, knee soft, then stand tall and hold for a second. Step back up.',
        'Feel: A quiet, springy landing absorbed by ankle, knee and hip together.',
        'Safety: Land quietly: the impact figure should stay low. Start with a low box.',
      ].join('\n'),
    },
    {
      exerciseId: 'lunge-matrix',
      sets: 1,
      sides: 'each',
      targetKind: 'reps',
      targetValue: 6,
      restS: 60,
      placement: 'Chest strap',
      instructions: [
        'Steps: From a half-kneeling start, lunge forward, then diagonally, then to the side, returning to the start between each. Two of each direction.',
        'Feel: The front hip and thigh loading in three directions; the trunk tall.',
        'Safety: Use a mat under the knee. Keep the front knee over the foot.',
      ].join('\n'),
    },
  ],
};

/** The routine's sets in the order they are done: each set of each exercise, each side. */
export interface PlannedSet {
  exerciseIndex: number;
  /** A built-in id or a taught exercise's key. */
  exerciseId: string;
  setNumber: number;
  side: 'left' | 'right' | 'both';
  target: number | null;
  restS: number;
}

export function planSets(routine: Pick<RoutineSpec, 'exercises'>): PlannedSet[] {
  const out: PlannedSet[] = [];
  routine.exercises.forEach((e, exerciseIndex) => {
    for (let s = 1; s <= e.sets; s++) {
      const sides = e.sides === 'each' ? (['left', 'right'] as const) : (['both'] as const);
      for (const side of sides) {
        out.push({ exerciseIndex, exerciseId: e.exerciseId, setNumber: s, side, target: e.targetValue, restS: e.restS });
      }
    }
  });
  return out;
}

/** Where each kind of sensor is usually worn, set once in Settings (exercises may say otherwise). */
import { PLACEMENTS } from './placements';
export { PLACEMENTS, PLACEMENT_WORDS } from './placements';
export const placementDefaultsSchema = z.object({
  heartRate: z.enum(PLACEMENTS),
  accelerometer: z.enum(PLACEMENTS),
});
export type PlacementDefaults = z.infer<typeof placementDefaultsSchema>;
export const DEFAULT_PLACEMENTS: PlacementDefaults = { heartRate: 'chest', accelerometer: 'ankle' };
