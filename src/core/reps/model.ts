/**
 * Learning a person's rep model from a recording with its true count, and the detector
 * options a model turns into. (First cut: the interface; the learning itself lands with the
 * staged detector.)
 */
import type { AccSample } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import { REP_MODEL_FORMAT, REP_MODEL_VERSION, type RepModel } from '../../shared/rep-model';
import type { PLACEMENTS } from '../../shared/routines';

export type Placement = (typeof PLACEMENTS)[number];

export interface RepModelLearnerOptions {
  exercise: string;
  name: string;
  profile: ExerciseId;
  placement: Placement;
  /** The model learned so far, if any: the new set is added to it. */
  prior?: RepModel | null;
  /** ISO time stamp written into the model (callers pass their clock; core reads none). */
  now: string;
}

export interface RepModelLearner {
  /** Feed the set's samples in time order (stream seconds, g), as for a detector. */
  push(sample: AccSample): void;
  /** The set's true rep count: returns the updated model. */
  finish(trueReps: number): RepModel;
}

export function createRepModelLearner(options: RepModelLearnerOptions): RepModelLearner {
  let samples = 0;
  return {
    push() {
      samples++;
    },
    finish(trueReps: number): RepModel {
      const prior = options.prior ?? null;
      return {
        format: REP_MODEL_FORMAT,
        version: REP_MODEL_VERSION,
        exercise: options.exercise,
        name: options.name,
        profile: options.profile,
        placement: options.placement,
        sets: (prior?.sets ?? 0) + (samples > 0 && trueReps >= 0 ? 1 : 0),
        updatedAt: options.now,
        tuning: prior?.tuning ?? null,
      };
    },
  };
}
