/**
 * Built-in priors per sensor placement: where a profile counts badly at one place, a tuning
 * for that place stands in until the person's own model exists. The wrist's pick-up and lunge
 * priors were fitted by `scripts/learn-placement-priors.ts` with the same learner a person's
 * corrections use, from the labelled wrist recordings beside the project (smartwatch sessions of five people,
 * barbell lifts of two; walking and rest as sets of 0 reps). Left out on purpose: the squat,
 * whose wrist looks nothing alike with and without a bar (a prior for one broke the other),
 * and exercises with no recording. */
import type { ExerciseId } from '../../shared/exercises';
import type { RepModelTuning } from '../../shared/rep-model';
import type { PLACEMENTS } from '../../shared/routines';
import type { ExerciseProfile } from './profiles';

export type Placement = (typeof PLACEMENTS)[number];

const WRIST: Partial<Record<ExerciseId, RepModelTuning>> = {
  // Picking up from the floor and barbell deadlifts: the rise is vertical motion at the wrist.
  // The floor stays the profile's 0.08 g (the fit's 0.045 g counted 4 reps in a rest between
  // barbell sets, where the profile counts none), and so does the extreme, the top: the fit
  // now takes the bottom (a pick-up turns there without a pause), which lost two of the four
  // barbell deadlifts (they rest on the floor); a person's model learns theirs.
  deadlift: { signal: 'magnitude', periodS: [0.8, 7], bandHz: [0.08, 1], amplitudeG: 0.1505, minAmplitudeG: 0.08, thresholdScale: 1.3 },
  // Toe touch to calf raise: the hand goes down to the toes and back up, the wrist's vertical
  // motion as in picking up, so the pick-up's tuning. (The profile's own, made for a heel
  // raise at the chest or shank, counted a walk's arm swing: 173 false reps in 13 walks.)
  'calf-raise': { signal: 'magnitude', periodS: [0.8, 7], bandHz: [0.08, 1], amplitudeG: 0.15, minAmplitudeG: 0.08, thresholdScale: 1.3 },
  // Not fitted (no wrist recording of box step-offs): a walk's arm swing, a lobe every 1.3 s,
  // passed for landings (144 false reps in 18 walks). Stepping off, landing, stepping back up
  // takes 2 s at the quickest, and the arm's landing lobe is far above a swing's: 51.
  'box-step-off': { signal: 'magnitude', periodS: [2.0, 16], bandHz: [0.1, 1.0], amplitudeG: 0.15, minAmplitudeG: 0.08, thresholdScale: 1.3 },
  // The arm swings with the lunge: the profile's slow shank tilt misses it.
  'lunge-matrix': { signal: 'auto', periodS: [1.8, 10], bandHz: [0.05, 1.6], amplitudeG: 0.2069, minAmplitudeG: 0.0621, thresholdScale: 0.8 },
};

/**
 * Not fitted (no labelled chest recording of these): what the movement does to a chest strap.
 * A forward lunge moves the trunk some 45 cm forward and back in under half a second each way;
 * those accelerations lean the apparent gravity by 15-30 degrees while the trunk itself stays
 * upright, so the profile's tilt (the shank's rep) counted a lunge two or three times. At the
 * chest the rep is the vertical drop and rise alone.
 */
const CHEST: Partial<Record<ExerciseId, RepModelTuning>> = {
  'lunge-matrix': { signal: 'magnitude', periodS: [1.0, 10], bandHz: [0.05, 0.4], amplitudeG: 0.15, minAmplitudeG: 0.015, thresholdScale: 1 },
};

/**
 * What a placement needs besides its tuning: a walking veto, a faint floor. It holds with a
 * person's model too: a model learns the person's rep, not how their walk looks at that place.
 */
export type PlacementVeto = Partial<Pick<ExerciseProfile, 'busyVeto' | 'busyAgainst' | 'steadyStepsRatio' | 'faintFloorG'>>;

/**
 * Some people pick up quickly with a small bend: lobes of 0.05-0.1 g every 1.1 s at the wrist,
 * under the 0.08 g floor that keeps a standing wrist's wobble out (0.05-0.12 g, irregular). Such
 * a set counts from 0.05 g once four alike come at a steady beat (pick-ups MAE 4.65 -> 2.76 in
 * the smartwatch sessions; a standing rest still counts none).
 */
const PICK_UP_FAINT: PlacementVeto = { faintFloorG: 0.05 };

const WRIST_VETO: Partial<Record<ExerciseId, PlacementVeto>> = {
  // The lunge prior's band takes in a walk's arm swing, so its steps never outweigh it: 78
  // false reps in 18 smartwatch walks. Weighed against the fixed slow band (as the presses
  // are) a walk's steps stand out: 52, and no lunge session counts differently.
  'lunge-matrix': { busyVeto: 2, busyAgainst: 'movement' },
  deadlift: PICK_UP_FAINT,
  // A walk's steps outweigh the arm's slow swing for seconds on end (51 false reps in 18 walks
  // with the wrist tuning above; 4 with this). Not at the chest or shank: landings there fill
  // the step band as steadily (synthetic box and drop sets broke).
  'box-step-off': { steadyStepsRatio: 1.2 },
  // The toe touch moves the wrist as a pick-up does (its tuning above); walks count no more with it.
  'calf-raise': PICK_UP_FAINT,
};

const VETOES: Partial<Record<Placement, Partial<Record<ExerciseId, PlacementVeto>>>> = { wrist: WRIST_VETO };

/**
 * The placement's veto and faint floor; the faint floor only with the placement's own tuning (a
 * person's model has its floor from their reps: with the faint floor under it too, the learned
 * smartwatch pick-ups went from 1.67 to 1.83 MAE and their walks from 10 to 24 false reps).
 */
export function placementVeto(exercise: ExerciseId, placement: Placement | null | undefined, builtInTuning = true): PlacementVeto | null {
  if (!placement) return null;
  const veto = VETOES[placement]?.[exercise] ?? null;
  if (veto === null || builtInTuning) return veto;
  const { faintFloorG: _faint, ...rest } = veto;
  return rest;
}

const PRIORS: Partial<Record<Placement, Partial<Record<ExerciseId, RepModelTuning>>>> = { wrist: WRIST, chest: CHEST };

export function placementPrior(exercise: ExerciseId, placement: Placement | null | undefined): RepModelTuning | null {
  if (!placement) return null;
  return PRIORS[placement]?.[exercise] ?? null;
}
