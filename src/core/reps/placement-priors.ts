/**
 * Built-in priors per sensor placement: where a profile made for the chest or the shank
 * counts badly at another place, a tuning learned from real people at that place stands in
 * until the person's own model exists. Fitted by `scripts/learn-placement-priors.ts` with
 * the same learner a person's corrections use, from the labelled wrist recordings beside the
 * project (smartwatch sessions of five people, barbell lifts of two; walking and rest as sets
 * of 0 reps). Left out on purpose: the squat, whose wrist looks nothing alike with and
 * without a bar (a prior for one broke the other), and exercises with no recording.
 */
import type { ExerciseId } from '../../shared/exercises';
import type { RepModelTuning } from '../../shared/rep-model';
import type { PLACEMENTS } from '../../shared/routines';

export type Placement = (typeof PLACEMENTS)[number];

const WRIST: Partial<Record<ExerciseId, RepModelTuning>> = {
  // Picking up from the floor and barbell deadlifts: the rise is vertical motion at the wrist.
  deadlift: { signal: 'magnitude', periodS: [0.8, 7], bandHz: [0.08, 1], amplitudeG: 0.1505, minAmplitudeG: 0.0452, thresholdScale: 1.3 },
  // The arm swings with the lunge: the profile's slow shank tilt misses it.
  'lunge-matrix': { signal: 'auto', periodS: [1.8, 10], bandHz: [0.05, 1.6], amplitudeG: 0.2069, minAmplitudeG: 0.0621, thresholdScale: 0.8 },
};

export function placementPrior(exercise: ExerciseId, placement: Placement | null | undefined): RepModelTuning | null {
  if (placement !== 'wrist') return null;
  return WRIST[exercise] ?? null;
}
