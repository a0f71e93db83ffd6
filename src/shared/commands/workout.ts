/**
 * Commands and events of the live workout (routines, sets, rest, live frames). Merged into
 * the contract in ../contract.ts; the engine's handlers live in src/engine/handlers/workout.ts.
 *
 * The engine owns the workout; the UI sends intents (start a set, +1 rep, skip) and draws the
 * `workout.frame` it streams back (coalesced to at most ~30 per second).
 */
import { z } from 'zod';
import { EXERCISE_KEY_PATTERN } from '../exercises';
import { MAX_PLANNED_SETS, routineSpecSchema } from '../routines';
import { defineCommands, defineEvents } from './define';

const text = (max: number) => z.string().max(max);
const empty = z.object({}).strict();
const nullableNumber = z.number().nullable();

export const repQualityFiguresSchema = z.object({
  /** Box step-off: mean landing impact, g. */
  impactG: nullableNumber,
  /** Calf raise, lunge matrix: mean balance sway, g. */
  swayG: nullableNumber,
  /** Deadlift: mean seconds down / up per rep. */
  downS: nullableNumber,
  upS: nullableNumber,
  /** The last rep's figures, for the live "land quietly" hint. */
  lastImpactG: nullableNumber,
  lastSwayG: nullableNumber,
});
export type RepQualityFigures = z.infer<typeof repQualityFiguresSchema>;

export const plannedSetViewSchema = z.object({
  /** A built-in id or a taught exercise's key. */
  exerciseId: z.string().min(1).max(60).regex(EXERCISE_KEY_PATTERN),
  name: text(200),
  setNumber: z.number().int(),
  sets: z.number().int(),
  side: z.enum(['left', 'right', 'both']),
  target: z.number().int().nullable(),
  targetText: text(200),
  restS: z.number(),
  status: z.enum(['todo', 'done', 'skipped']),
  /** Counted reps (correction included) once the set is done. */
  reps: z.number().int().nullable(),
  repsDetected: z.number().int().nullable(),
  durationS: nullableNumber,
  avgHr: nullableNumber,
  maxHr: nullableNumber,
  quality: repQualityFiguresSchema.nullable(),
});
export type PlannedSetView = z.infer<typeof plannedSetViewSchema>;

export const sensorViewSchema = z.object({
  id: text(100),
  name: text(200),
  kind: z.enum(['hr-strap', 'polar-pmd', 'generic-imu']),
  state: z.enum(['connected', 'lost', 'reconnecting']),
  battery: z.number().nullable(),
  contact: z.boolean().nullable(),
});
export type SensorView = z.infer<typeof sensorViewSchema>;

export const workoutViewSchema = z.object({
  phase: z.enum(['idle', 'ready', 'set', 'rest', 'finished']),
  paused: z.boolean(),
  /** Engine clock when the frame was made (epoch ms): the UI times nothing itself. */
  atMs: z.number(),
  sessionId: z.number().int().nullable(),
  routineName: text(200).nullable(),
  autoSets: z.boolean(),
  startedAt: nullableNumber,
  elapsedS: z.number(),
  plan: z.array(plannedSetViewSchema).max(MAX_PLANNED_SETS),
  /** Index into plan of the set being done or next; null when all are done. */
  current: z.number().int().nullable(),
  instructions: text(4000),
  placement: text(200).nullable(),
  set: z
    .object({
      startedAt: z.number(),
      elapsedS: z.number(),
      reps: z.number().int(),
      repsDetected: z.number().int(),
      quality: repQualityFiguresSchema,
      /** A rep the detector withdrew, in words, for a moment after it happened. */
      retracted: text(300).nullable(),
    })
    .nullable(),
  rest: z.object({ totalS: z.number(), remainingS: z.number() }).nullable(),
  recovery: z
    .object({
      startBpm: nullableNumber,
      nowBpm: nullableNumber,
      dropBpm: nullableNumber,
      elapsedS: z.number(),
      done: z.boolean(),
    })
    .nullable(),
  hr: z
    .object({
      bpm: z.number(),
      zone: z.number().int().min(0).max(5),
      atMs: z.number(),
      contact: z.boolean().nullable(),
    })
    .nullable(),
  /** Zone lower bounds (bpm) for zones 1..5, for the legend. */
  zoneBounds: z.array(z.number()).length(5),
  rmssdMs: nullableNumber,
  sensors: z.array(sensorViewSchema).max(20),
  banner: z.object({ level: z.enum(['info', 'warning']), message: text(500) }).nullable(),
  /** Heart rate per 1 s: the last few seconds in frames, up to 10 minutes from workout.get; the UI keeps the chart. */
  hrTail: z.array(z.tuple([z.number(), z.number()])).max(600),
  totals: z.object({
    sets: z.number().int(),
    reps: z.number().int(),
    avgHr: nullableNumber,
    maxHr: nullableNumber,
    /** Once finished: the session's start to end, pauses included, as History shows it (null before). */
    durationS: nullableNumber,
  }),
});
export type WorkoutView = z.infer<typeof workoutViewSchema>;

export const WORKOUT_COMMANDS = defineCommands({
  'workout.get': { params: empty, result: workoutViewSchema },
  /** Starts a workout from a routine (the built-in one when none is given). */
  'workout.begin': {
    params: z.object({ routine: routineSpecSchema.optional(), routineId: z.number().int().positive().optional() }).strict(),
    result: workoutViewSchema,
  },
  'workout.startSet': { params: empty, result: workoutViewSchema },
  'workout.endSet': { params: empty, result: workoutViewSchema },
  /** Space bar: start when ready or resting, end when in a set. */
  'workout.toggleSet': { params: empty, result: workoutViewSchema },
  /** +/- on the running set, or on a done set given its plan index. */
  'workout.adjustReps': {
    params: z.object({ delta: z.number().int().min(-50).max(50), index: z.number().int().min(0).optional() }).strict(),
    result: workoutViewSchema,
  },
  'workout.pause': { params: empty, result: workoutViewSchema },
  'workout.resume': { params: empty, result: workoutViewSchema },
  /** Makes another to-do set the next one (arrows). */
  'workout.select': { params: z.object({ index: z.number().int().min(0) }).strict(), result: workoutViewSchema },
  'workout.skip': { params: empty, result: workoutViewSchema },
  /** Adds another set like the last done one (or the current) right after it. */
  'workout.repeat': { params: empty, result: workoutViewSchema },
  /** Moves a to-do set within the plan. */
  'workout.move': {
    params: z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }).strict(),
    result: workoutViewSchema,
  },
  'workout.skipRest': { params: empty, result: workoutViewSchema },
  'workout.setAuto': { params: z.object({ on: z.boolean() }).strict(), result: workoutViewSchema },
  'workout.finish': { params: empty, result: workoutViewSchema },
  /** Leaves the summary for a fresh start. */
  'workout.close': { params: empty, result: workoutViewSchema },
});

export const WORKOUT_EVENTS = defineEvents({
  'workout.frame': workoutViewSchema,
});
