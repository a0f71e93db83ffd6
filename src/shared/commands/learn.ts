/**
 * Commands for learning from the person: the exercises one can teach (built-in and custom),
 * the models learned so far, and the "teach" flow (choose or create an exercise, Start, do
 * about three reps, confirm the count, saved). Handlers: src/engine/handlers/learn.ts.
 */
import { z } from 'zod';
import { customExerciseSchema } from '../custom-exercises';
import { EXERCISE_IDS } from '../exercises';
import { exerciseKeySchema } from '../rep-model';
import { PLACEMENTS } from '../routines';
import { defineCommands, defineEvents } from './define';

const text = (max: number) => z.string().max(max);
const empty = z.object({}).strict();

/** What a stored model says about itself, for the UI. */
export const modelInfoSchema = z.object({
  exercise: exerciseKeySchema,
  name: text(100),
  profile: z.enum(EXERCISE_IDS),
  placement: z.enum(PLACEMENTS),
  sets: z.number().int().nonnegative(),
  updatedAt: text(40),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const teachViewSchema = z.object({
  state: z.enum(['idle', 'recording', 'saved']),
  exercise: exerciseKeySchema.nullable(),
  name: text(100).nullable(),
  /** Where the accelerometer is worn (Settings): the model is learned for that placement. */
  placement: z.enum(PLACEMENTS),
  /** Reps the detector counts live, with what was learned before. */
  count: z.number().int().nonnegative(),
  elapsedS: z.number().nonnegative(),
  samples: z.number().int().nonnegative(),
  /** The sensor whose samples are taken (the first accelerometer heard), or null. */
  sensor: text(200).nullable(),
  /** After "I did N": the model as saved. */
  saved: modelInfoSchema.nullable(),
});
export type TeachView = z.infer<typeof teachViewSchema>;

export const LEARN_COMMANDS = defineCommands({
  'learn.exercises': {
    params: empty,
    result: z.object({
      builtIn: z.array(z.object({ id: z.enum(EXERCISE_IDS), name: text(200) })).max(100),
      custom: z.array(customExerciseSchema).max(1000),
      models: z.array(modelInfoSchema).max(10_000),
      placement: z.enum(PLACEMENTS),
    }),
  },
  /** A new exercise, counted with a built-in profile until taught. */
  'learn.createExercise': {
    params: z.object({ name: z.string().trim().min(1, 'give the exercise a name').max(100), profile: z.enum(EXERCISE_IDS) }).strict(),
    result: customExerciseSchema,
  },
  /** Forgets what was learned for an exercise at a placement (the counter goes back to the profile). */
  'learn.forgetModel': {
    params: z.object({ exercise: exerciseKeySchema, placement: z.enum(PLACEMENTS) }).strict(),
    result: z.object({ deleted: z.boolean() }),
  },
  'learn.teachGet': { params: empty, result: teachViewSchema },
  'learn.teachStart': { params: z.object({ exercise: exerciseKeySchema }).strict(), result: teachViewSchema },
  /** "I did N": learns from the recording with that count and stores the model. */
  'learn.teachFinish': { params: z.object({ reps: z.number().int().min(1).max(100) }).strict(), result: teachViewSchema },
  'learn.teachCancel': { params: empty, result: teachViewSchema },
});

export const LEARN_EVENTS = defineEvents({
  /** The teach flow's live state (count, time), at most a few times a second. */
  'teach.frame': teachViewSchema,
});
