/**
 * How a learned rep model changes the detector: the person's tuning overrides the profile's
 * signal, its extreme, cadence, band, threshold and floor. Everything else (set rules, latency
 * bound) stays the profile's, so a model never makes the detector look ahead; the walking veto
 * stays too, weighed against a band the model does not move (`modelWalkingVeto`).
 */
import type { RepModelTuning } from '../../shared/rep-model';
import type { ExerciseProfile } from './profiles';

export type ProfileOverrides = Partial<Omit<ExerciseProfile, 'id'>>;

export function tuningOverrides(base: ExerciseProfile, tuning: RepModelTuning): ProfileOverrides {
  return {
    signal: tuning.signal,
    periodS: [tuning.periodS[0], tuning.periodS[1]],
    bandHz: [tuning.bandHz[0], tuning.bandHz[1]],
    relThreshold: base.relThreshold * tuning.thresholdScale,
    minAmplitudeG: tuning.minAmplitudeG,
    ...(tuning.extremum !== undefined ? { extremum: tuning.extremum } : {}),
    // Another signal than the profile's has no shoulders to merge (that rule is the lunge tilt's).
    ...(tuning.signal !== base.signal ? { mergePeaks: false } : {}),
  };
}

/**
 * A person's band may take in a walk's steps (quick pick-ups learned up to 1.6 Hz at a wrist),
 * and then steps never outweigh the rep signal: the busy veto weighs them against the fixed slow
 * band instead, at twice it, as for presses. Smartwatch walks under the learned models: 40
 * false reps -> 19 (1.5x lost pick-ups, 2.5x vetoed less than before); profiles with no busy
 * veto (steps are their reps, or make them) keep none.
 */
export function modelWalkingVeto(profile: Pick<ExerciseProfile, 'busyVeto'>): ProfileOverrides {
  return profile.busyVeto === null ? {} : { busyVeto: MODEL_BUSY_VETO, busyAgainst: 'movement' };
}

const MODEL_BUSY_VETO = 2;
