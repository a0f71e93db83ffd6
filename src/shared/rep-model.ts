/**
 * A person's rep model: what SetBeat learned about one person's reps of one exercise at one
 * sensor placement, from corrected sets and "teach" recordings. It is a prior for the
 * detector (never a replacement for it), stored in SQLite and as a JSON file for the CLI.
 */
import { z } from 'zod';
import { EXERCISE_IDS } from './exercises';
import { PLACEMENTS } from './routines';

export const REP_MODEL_FORMAT = 'setbeat-rep-model';
export const REP_MODEL_VERSION = 1;

/** Custom exercise ids made by teaching: lower-case words joined by dashes. */
export const exerciseKeySchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single dashes');

export const repModelTuningSchema = z.object({
  /** Rep period the person keeps, seconds [fastest, slowest], within the profile's range. */
  periodS: z.tuple([z.number().positive().max(60), z.number().positive().max(60)]),
  /** Typical rep size in the detector's rep signal, g. */
  amplitudeG: z.number().positive().max(16),
  /** Scale on the profile's adaptive threshold that made the learned sets count right. */
  thresholdScale: z.number().min(0.2).max(5),
});
export type RepModelTuning = z.infer<typeof repModelTuningSchema>;

export const repModelSchema = z.object({
  format: z.literal(REP_MODEL_FORMAT),
  version: z.literal(REP_MODEL_VERSION),
  /** A built-in exercise id or a taught one. */
  exercise: exerciseKeySchema,
  /** The display name (the built-in name, or what the person called a taught exercise). */
  name: z.string().min(1).max(100),
  /** The built-in profile used as the prior. */
  profile: z.enum(EXERCISE_IDS),
  placement: z.enum(PLACEMENTS),
  /** How many sets (corrections and teach recordings) it has learned from. */
  sets: z.number().int().nonnegative().max(1_000_000),
  updatedAt: z.string().max(40),
  tuning: repModelTuningSchema.nullable(),
});
export type RepModel = z.infer<typeof repModelSchema>;
