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

/** Which part of the movement carries this person's rep (see the detector's profiles). */
export const REP_SIGNALS = ['magnitude', 'auto', 'principal', 'combined'] as const;

export const repModelTuningSchema = z.object({
  /** The part of the signal that counted the learned sets right. */
  signal: z.enum(REP_SIGNALS),
  /** Rep period the person keeps, seconds [fastest, slowest]. */
  periodS: z.tuple([z.number().positive().max(60), z.number().positive().max(60)]),
  /** Pass band of the rep signal, Hz [low, high]. */
  bandHz: z.tuple([z.number().positive().max(10), z.number().positive().max(25)]),
  /** Typical rep size in that signal, g. */
  amplitudeG: z.number().nonnegative().max(16),
  /** Smallest movement that counts, g (a fraction of the typical rep: other activity is smaller). */
  minAmplitudeG: z.number().nonnegative().max(16),
  /** Scale on the profile's adaptive threshold that made the learned sets count right. */
  thresholdScale: z.number().min(0.2).max(5),
  /**
   * Which extreme of the rep signal marks this person's rep (absent: the profile's). One picks
   * up without a pause at the floor, another stops there: the turnaround without a pause is the
   * one tall lobe a rep.
   */
  extremum: z.enum(['max', 'min']).optional(),
});

/**
 * What the model has seen, so a new set adds to it rather than replacing it: for each
 * candidate tuning of a fixed grid, the summed count error over the learned sets and the
 * typical rep size it saw.
 */
export const repModelFitSchema = z.object({
  grid: z.string().max(20),
  errors: z.array(z.number().nonnegative()).max(1000),
  amplitudes: z.array(z.number().nonnegative()).max(1000),
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
  fit: repModelFitSchema.nullable().optional(),
});
export type RepModel = z.infer<typeof repModelSchema>;
