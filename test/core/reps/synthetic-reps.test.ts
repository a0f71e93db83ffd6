/**
 * The detector on synthetic movements (see synthetic.ts): the five routine exercises and the
 * squat, at the chest and the shank, at 12.5-200 Hz, any mounting, with noise, drift, jittered
 * timestamps, varied cadence and depth. No labelled recording of the routine exercises exists,
 * so this is where their behaviour is pinned; accuracy on real people is not measured here.
 */
import { describe, expect, it } from 'vitest';
import { createStreamingRepDetector } from '../../../src/core/reps/index';
import type { ExerciseId } from '../../../src/shared/exercises';
import type { AccSample } from '../../../src/shared/domain';
import { synthesize, type Movement, type Placement, type SyntheticOptions } from './synthetic';

/** Counts as the app does, knowing where the sensor sits (Settings) when the test says so. */
function count(exercise: ExerciseId, samples: AccSample[], placement: Placement | null = null): { count: number; late: number; reps: number[] } {
  const d = createStreamingRepDetector(exercise, { placement });
  for (const s of samples) d.push(s);
  d.flush();
  const reps = d.reps();
  return { count: d.count, late: reps.filter((r) => r.detectedAt - r.t > 1.5).length, reps: reps.map((r) => r.t) };
}

const RATES = [12.5, 50, 100, 200];
const SEEDS = [1, 2, 3, 4];

interface Case {
  movement: Movement;
  placement: Placement;
  exercise: ExerciseId;
  /** Sets (of 16; of 12 with `rates`) that must be exact, and that must be within one rep. */
  minExact: number;
  minWithin1: number;
  /** Rates to try, when not all of 12.5-200 Hz apply. */
  rates?: number[];
}

// Thresholds are what the detector does today, a little below, so a regression fails. Weak
// spots: a lunge seen from an ankle band (the swing, the strike and the knee travel each make
// a lobe; one-leg sets are often off by one or more, alternating legs are under-counted since
// the back leg's reps dwarf the front leg's); the box step-off at the shank at 12.5 Hz.
const CASES: Case[] = [
  { movement: 'heel-raise', placement: 'chest', exercise: 'calf-raise', minExact: 14, minWithin1: 16 },
  { movement: 'heel-raise', placement: 'shank', exercise: 'calf-raise', minExact: 14, minWithin1: 16 },
  { movement: 'lateral-step', placement: 'chest', exercise: 'band-walk', minExact: 14, minWithin1: 16 },
  // An ankle band sees the foot's lift-off too: the strike, after the foot's lowering, is the rep.
  { movement: 'lateral-step', placement: 'shank', exercise: 'band-walk', minExact: 13, minWithin1: 15 },
  { movement: 'hinge', placement: 'chest', exercise: 'deadlift', minExact: 14, minWithin1: 16 },
  { movement: 'box-drop', placement: 'chest', exercise: 'box-step-off', minExact: 14, minWithin1: 16 },
  { movement: 'box-drop', placement: 'shank', exercise: 'box-step-off', minExact: 11, minWithin1: 12 },
  // A landing is judged by its impact, which takes 40 Hz or more to see (about 50 ms long).
  { movement: 'drop-landing', placement: 'chest', exercise: 'box-step-off', minExact: 12, minWithin1: 12, rates: [50, 100, 200] },
  { movement: 'drop-landing', placement: 'shank', exercise: 'box-step-off', minExact: 10, minWithin1: 12, rates: [50, 100, 200] },
  { movement: 'lunge', placement: 'chest', exercise: 'lunge-matrix', minExact: 14, minWithin1: 16 },
  // One leg at a time, band on the stepping leg (swing, strike, knee travel): 12 of 12 today.
  { movement: 'lunge', placement: 'shank', exercise: 'lunge-matrix', minExact: 11, minWithin1: 12, rates: [50, 100, 200] },
  { movement: 'squat', placement: 'chest', exercise: 'squat', minExact: 14, minWithin1: 16 },
  { movement: 'squat', placement: 'shank', exercise: 'squat', minExact: 14, minWithin1: 16 },
];

describe('rep detector on synthetic movements', () => {
  for (const c of CASES) {
    const rates = c.rates ?? RATES;
    it(`${c.movement} at the ${c.placement} (${c.exercise}), ${rates[0]}-200 Hz, random mounting`, () => {
      let exact = 0;
      let within1 = 0;
      const misses: string[] = [];
      for (const rate of rates) {
        for (const seed of SEEDS) {
          const reps = 6 + (seed % 5);
          const rec = synthesize({ movement: c.movement, placement: c.placement, reps, rateHz: rate, seed: seed * 7919 + Math.round(rate) });
          const r = count(c.exercise, rec.samples, c.placement);
          expect(r.late, 'every rep within 1.5 s of its peak').toBe(0);
          if (r.count === reps) exact++;
          else misses.push(`${rate} Hz seed ${seed}: ${r.count}/${reps}`);
          if (Math.abs(r.count - reps) <= 1) within1++;
        }
      }
      if (misses.length) console.log(`${c.movement}/${c.placement}: ${exact}/${rates.length * SEEDS.length} exact; ${misses.join(', ')}`);
      expect(exact).toBeGreaterThanOrEqual(c.minExact);
      expect(within1).toBeGreaterThanOrEqual(c.minWithin1);
    });
  }

  it('reports each rep near its true peak (squat at the chest, 100 Hz)', () => {
    const rec = synthesize({ movement: 'squat', placement: 'chest', reps: 8, rateHz: 100, seed: 11 });
    const r = count('squat', rec.samples);
    expect(r.count).toBe(8);
    r.reps.forEach((t, i) => expect(Math.abs(t - rec.repTimes[i])).toBeLessThan(0.6));
  });

  it('counts the same whichever way the sensor is mounted', () => {
    const base: Omit<SyntheticOptions, 'seed'> = { movement: 'squat', placement: 'shank', reps: 9, rateHz: 100 };
    const counts = [101, 202, 303, 404, 505, 606].map((seed) => count('squat', synthesize({ ...base, seed }).samples).count);
    expect(counts).toEqual([9, 9, 9, 9, 9, 9]);
  });

  it('tolerates irregular timestamps and a radio gap in the middle of a set', () => {
    const rec = synthesize({ movement: 'heel-raise', placement: 'chest', reps: 10, rateHz: 50, seed: 9, jitter: 0.8, gap: { t: 13.3, s: 0.8 } });
    const r = count('calf-raise', rec.samples);
    expect(Math.abs(r.count - 10)).toBeLessThanOrEqual(1);
    expect(r.late).toBe(0);
  });

  it('does not count walking before and after the set as reps of strength exercises', () => {
    for (const [movement, exercise] of [
      ['squat', 'squat'],
      ['hinge', 'deadlift'],
      ['heel-raise', 'calf-raise'],
    ] as const) {
      const rec = synthesize({ movement, placement: 'chest', reps: 8, rateHz: 100, seed: 77, walkS: 40 });
      expect(count(exercise, rec.samples).count, `${exercise} with walking around the set`).toBe(8);
    }
  });

  it('counts nothing while standing still (noise and drift only)', () => {
    const rec = synthesize({ movement: 'squat', placement: 'chest', reps: 0, rateHz: 100, seed: 5, restS: 60 });
    for (const ex of ['squat', 'calf-raise', 'lunge-matrix', 'box-step-off', 'band-walk', 'generic'] as const) {
      expect(count(ex, rec.samples).count, ex).toBe(0);
    }
  });
});

describe('a person is not a metronome', () => {
  it('keeps the first rep when a pause follows it (about twice the usual gap)', () => {
    const rec = synthesize({ movement: 'squat', placement: 'chest', reps: 8, rateHz: 100, seed: 61, restS: 4 });
    // Insert a still pause after the first rep: repeat the standing samples of the start.
    const cutT = (rec.repTimes[0] + rec.repTimes[1]) / 2;
    const pauseS = 1.0 * (rec.repTimes[1] - rec.repTimes[0]);
    const standing = rec.samples.filter((s) => s.t < 3);
    const before = rec.samples.filter((s) => s.t < cutT);
    const dt = 0.01;
    const pause = Array.from({ length: Math.round(pauseS / dt) }, (_, i) => ({ ...standing[i % standing.length], t: cutT + i * dt }));
    const after = rec.samples.filter((s) => s.t >= cutT).map((s) => ({ ...s, t: s.t + pauseS }));
    const d = createStreamingRepDetector('squat');
    for (const s of [...before, ...pause, ...after]) d.push(s);
    d.flush();
    expect(d.count).toBe(8);
  });
});

/** Inserts still standing (copied from the recording's first second) after rep `after`, for `s` seconds. */
function withPause(samples: AccSample[], repTimes: number[], after: number, s: number): AccSample[] {
  const cut = (repTimes[after] + repTimes[after + 1]) / 2;
  const standing = samples.filter((x) => x.t < 1);
  const dt = standing[1].t - standing[0].t;
  const pause = Array.from({ length: Math.round(s / dt) }, (_, i) => ({ ...standing[i % standing.length], t: cut + i * dt }));
  return [...samples.filter((x) => x.t < cut), ...pause, ...samples.filter((x) => x.t >= cut).map((x) => ({ ...x, t: x.t + s }))];
}

describe('pauses inside a set (a breath after the first two reps, another mid-set), 100 Hz', () => {
  for (const [movement, placement, exercise] of [
    ['heel-raise', 'chest', 'calf-raise'],
    ['heel-raise', 'shank', 'calf-raise'],
    ['squat', 'shank', 'squat'],
    ['lunge', 'chest', 'lunge-matrix'],
    ['drop-landing', 'chest', 'box-step-off'],
    ['drop-landing', 'shank', 'box-step-off'],
  ] as const) {
    it(`${movement} at the ${placement}: every rep counted`, () => {
      let exact = 0;
      for (const seed of [2, 3, 4, 5]) {
        const reps = 7 + seed;
        const rec = synthesize({ movement, placement, reps, rateHz: 100, seed: seed * 131 + 7 });
        // 3 s still after rep 2 (unconfirmed: not yet a set), 4 s after rep 5 (a confirmed set).
        const first = withPause(rec.samples, rec.repTimes, 1, 3);
        const shifted = rec.repTimes.map((t, i) => (i >= 2 ? t + 3 : t));
        const samples = withPause(first, shifted, 4, 4);
        if (count(exercise, samples, placement).count === reps) exact++;
      }
      // Before sets could pause, a set's first two reps before a breath were withdrawn.
      expect(exact).toBeGreaterThanOrEqual(4);
    });
  }
  it('two lone movements a long still pause apart are still not a set', () => {
    // One squat, 10 s standing, the same squat again (a pair done back to back is a set of
    // two: short-trials.test.ts).
    const one = synthesize({ movement: 'squat', placement: 'chest', reps: 1, rateHz: 100, seed: 8, restS: 5 }).samples;
    const end = one[one.length - 1].t + 0.01;
    const samples = [...one, ...one.map((x) => ({ ...x, t: x.t + end }))];
    expect(count('squat', samples).count).toBe(0);
  });
});

describe('a set right after walking up to the spot (20 s walk, 4 s standing), 100 Hz', () => {
  for (const [movement, placement, exercise] of [
    ['heel-raise', 'shank', 'calf-raise'],
    ['heel-raise', 'chest', 'calf-raise'],
    ['squat', 'chest', 'squat'],
  ] as const) {
    it(`${movement} at the ${placement}: the first reps are not lost to the walking veto`, () => {
      let exact = 0;
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const reps = 5 + ((seed * 3) % 8);
        const rec = synthesize({ movement, placement, reps, rateHz: 100, seed: seed * 131 + 7, walkS: 20 });
        if (count(exercise, rec.samples).count === reps) exact++;
      }
      // Before the veto let go with the steps, heel raises at the shank lost one or two reps in every set.
      expect(exact).toBeGreaterThanOrEqual(5);
    });
  }
});
