/**
 * Learning a person's rep model from sets with their true count (a correction in History, a
 * "teach" recording, `cli learn`). The detector stays the same; what is learned is which of a
 * fixed grid of tunings (rep signal, cadence, band, threshold, floor) counts this person's
 * sets right. Every set adds its count errors to the grid's, so a model improves with each
 * correction and one odd set does not overturn it.
 */
import type { AccSample } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import { REP_MODEL_FORMAT, REP_MODEL_VERSION, type RepModel, type RepModelTuning } from '../../shared/rep-model';
import { createStreamingRepDetector } from './detector';
import { placementPrior, type Placement } from './placement-priors';
import { getProfile, type ExerciseProfile, type RepSignal } from './profiles';


export type { Placement };

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

/** The detector counts the same at 50 Hz as at 200 Hz for these movements; learning runs the grid at most this fast. */
const LEARN_MIN_DT_S = 0.018;
/** A set longer than this is learned from its first part (bounded memory and time). */
const LEARN_MAX_SAMPLES = 50 * 60 * 5;

const PERIOD_MINS = [0.8, 1.2, 1.8, 2.6] as const;
const BAND_HIGHS = [0.6, 1.0, 1.6] as const;
const THRESHOLD_SCALES = [0.8, 1.3] as const;
/** Floors as a fraction of the typical rep: walking about and turning between bouts are smaller. */
const FLOOR_FRACTIONS = [0, 0.3, 0.5] as const;

interface GridPoint {
  signal: RepSignal;
  periodS: [number, number];
  bandHz: [number, number];
  thresholdScale: number;
  floorFraction: number;
  /** The floor before any fraction of the rep size, g. */
  floorG: number;
  extremum: 'max' | 'min';
  /** Grid coordinates for neighbours (null: the profile or the placement's prior as it is). */
  at: [number, number, number, number, number] | null;
  /** Index of the same point without a floor (whose rep size sets the floor). */
  base: number;
}

/**
 * The grid for one profile (and the placement's built-in prior, if any): their own settings
 * first, then the alternatives; stable per version.
 */
export function learningGrid(profile: ExerciseProfile, prior: RepModelTuning | null = null): { id: string; points: GridPoint[] } {
  const points: GridPoint[] = [];
  const add = (p: Omit<GridPoint, 'base' | 'floorFraction'>): void => {
    const base = points.length;
    for (const floorFraction of FLOOR_FRACTIONS) points.push({ ...p, floorFraction, base });
  };
  const own = profile.extremum;
  add({ signal: profile.signal, periodS: [...profile.periodS], bandHz: [...profile.bandHz], thresholdScale: 1, floorG: profile.minAmplitudeG, extremum: own, at: null });
  if (prior !== null) add({ signal: prior.signal, periodS: [...prior.periodS], bandHz: [...prior.bandHz], thresholdScale: prior.thresholdScale, floorG: prior.minAmplitudeG, extremum: prior.extremum ?? own, at: null });
  const signals: RepSignal[] = [...new Set<RepSignal>(['magnitude', 'auto', 'principal', profile.signal])];
  // The profile's extreme first: on a tie the prior's idea of the rep stands.
  const extrema = [own, own === 'max' ? 'min' : 'max'] as const;
  extrema.forEach((extremum, e) =>
    signals.forEach((signal, s) =>
      PERIOD_MINS.forEach((pmin, p) =>
        BAND_HIGHS.forEach((high, h) =>
          THRESHOLD_SCALES.forEach((thresholdScale, r) =>
            add({
              signal,
              periodS: [pmin, Math.max(profile.periodS[1], 4 * pmin)],
              bandHz: [Math.min(profile.bandHz[0], 0.08), high],
              thresholdScale,
              floorG: 0.5 * profile.minAmplitudeG,
              extremum,
              at: [s, p, h, r, e],
            }),
          ),
        ),
      ),
    ),
  );
  return { id: `g2-${prior === null ? '' : 'p'}${points.length}`, points };
}

function tuningOf(point: GridPoint, amplitudeG: number): RepModelTuning {
  return {
    signal: point.signal,
    periodS: point.periodS,
    bandHz: point.bandHz,
    amplitudeG,
    minAmplitudeG: Math.max(point.floorG, point.floorFraction * amplitudeG),
    thresholdScale: point.thresholdScale,
    extremum: point.extremum,
  };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Counts a set with one tuning: the count and the median size of its reps. */
function countWith(samples: readonly AccSample[], exercise: ExerciseId, placement: Placement, tuning: RepModelTuning): { count: number; amplitude: number } {
  // With the placement, as the detector will count with the model (its walking veto holds).
  const d = createStreamingRepDetector(exercise, { placement, tuning });
  for (const s of samples) d.push(s);
  d.flush();
  const reps = d.reps();
  return { count: reps.length, amplitude: median(reps.map((r) => r.amplitude)) };
}

/** Mean error over a point's grid neighbours (itself included): a tuning in a flat valley is trusted over a lucky one. */
function neighbourhoodError(points: GridPoint[], errors: number[], i: number): number {
  const a = points[i].at;
  if (a === null) return errors[i];
  let sum = 0;
  let n = 0;
  points.forEach((q, j) => {
    const b = q.at;
    if (b === null || b[0] !== a[0] || b[4] !== a[4] || q.floorFraction !== points[i].floorFraction) return;
    if (Math.abs(b[1] - a[1]) <= 1 && Math.abs(b[2] - a[2]) <= 1 && Math.abs(b[3] - a[3]) <= 1) {
      sum += errors[j];
      n++;
    }
  });
  return sum / n;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -Infinity;
    const y = b[i] ?? -Infinity;
    if (x !== y) return x < y;
  }
  return false;
}

export function createRepModelLearner(options: RepModelLearnerOptions): RepModelLearner {
  const samples: AccSample[] = [];
  let lastKept = -Infinity;
  return {
    push(sample: AccSample) {
      if (samples.length >= LEARN_MAX_SAMPLES || sample.t - lastKept < LEARN_MIN_DT_S) return;
      samples.push(sample);
      lastKept = sample.t;
    },
    finish(trueReps: number): RepModel {
      const profile = getProfile(options.profile);
      const grid = learningGrid(profile, placementPrior(options.profile, options.placement));
      const prior = options.prior ?? null;
      const priorFit = prior?.fit && prior.fit.grid === grid.id && prior.profile === options.profile ? prior.fit : null;
      const setsBefore = priorFit ? prior?.sets ?? 0 : 0;
      const errors = priorFit ? [...priorFit.errors] : grid.points.map(() => 0);
      const amplitudes = priorFit ? [...priorFit.amplitudes] : grid.points.map(() => 0);
      if (samples.length > 0) {
        grid.points.forEach((point, i) => {
          // Floors scale with the rep size counted without one (the point's base, run first).
          const amp = amplitudes[point.base];
          const { count, amplitude } = countWith(samples, options.profile, options.placement, tuningOf(point, amp));
          if (i === point.base && amplitude > 0) amplitudes[i] = setsBefore > 0 && amp > 0 ? (amp * setsBefore + amplitude) / (setsBefore + 1) : amplitude;
          else if (i !== point.base) amplitudes[i] = amplitudes[point.base];
          errors[i] += Math.abs(count - trueReps);
        });
      }
      // Ties: a first set is often clean, so many tunings count it right; the one with the
      // highest floor, then the flattest valley, then the higher threshold, also leaves out the
      // smaller movements between bouts of a session.
      let best = 0;
      let bestKey: number[] = [Infinity];
      grid.points.forEach((p, i) => {
        const key = [errors[i], -p.floorFraction, neighbourhoodError(grid.points, errors, i), -p.thresholdScale];
        if (lexLess(key, bestKey)) {
          best = i;
          bestKey = key;
        }
      });
      const learned = samples.length > 0 || priorFit !== null;
      return {
        format: REP_MODEL_FORMAT,
        version: REP_MODEL_VERSION,
        exercise: options.exercise,
        name: options.name,
        profile: options.profile,
        placement: options.placement,
        sets: setsBefore + (samples.length > 0 ? 1 : 0),
        updatedAt: options.now,
        tuning: learned ? tuningOf(grid.points[best], amplitudes[grid.points[best].base]) : null,
        fit: learned ? { grid: grid.id, errors, amplitudes } : null,
      };
    },
  };
}
