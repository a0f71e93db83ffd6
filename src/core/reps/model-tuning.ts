/**
 * How a learned rep model changes the detector: the person's tuning overrides the profile's
 * signal, cadence, band, threshold and floor. Everything else (walking veto, set rules,
 * latency bound) stays the profile's, so a model never makes the detector look ahead.
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
    // Another signal than the profile's has no shoulders to merge (that rule is the lunge tilt's).
    ...(tuning.signal !== base.signal ? { mergePeaks: false } : {}),
  };
}
