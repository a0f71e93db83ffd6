import { describe, expect, it } from 'vitest';
import { createStreamingRepDetector } from '../../../src/core/reps/index';
import type { ExerciseId } from '../../../src/shared/exercises';
import type { Rep } from '../../../src/shared/domain';
import { synthesize, type SyntheticOptions } from './synthetic';

function reps(exercise: ExerciseId, o: SyntheticOptions): Rep[] {
  const d = createStreamingRepDetector(exercise);
  for (const s of synthesize(o).samples) d.push(s);
  d.flush();
  return d.reps();
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('rep quality figures', () => {
  it('box step-off: the landing impact in g, higher for a harder landing', () => {
    const soft = reps('box-step-off', { movement: 'box-drop', placement: 'chest', reps: 6, rateHz: 100, seed: 41, scale: 0.7 });
    const hard = reps('box-step-off', { movement: 'box-drop', placement: 'chest', reps: 6, rateHz: 100, seed: 41, scale: 1.3 });
    expect(soft).toHaveLength(6);
    expect(hard).toHaveLength(6);
    const softG = mean(soft.map((r) => r.quality.impactG ?? NaN));
    const hardG = mean(hard.map((r) => r.quality.impactG ?? NaN));
    // Gravity plus a landing spike: above 1 g, and clearly more for the harder landing.
    expect(softG).toBeGreaterThan(1.3);
    expect(hardG).toBeGreaterThan(softG + 0.4);
    expect(soft[0].quality.swayG).toBeUndefined();
  });

  it('calf raise: a sway figure (wobble across gravity), larger for a wobblier person', () => {
    const steady = reps('calf-raise', { movement: 'heel-raise', placement: 'chest', reps: 8, rateHz: 100, seed: 42, noiseG: 0.003, swayDeg: 0.5 });
    const wobbly = reps('calf-raise', { movement: 'heel-raise', placement: 'chest', reps: 8, rateHz: 100, seed: 42, noiseG: 0.003, swayDeg: 4 });
    expect(steady.length).toBe(8);
    expect(wobbly.length).toBe(8);
    const a = mean(steady.map((r) => r.quality.swayG ?? NaN));
    const b = mean(wobbly.map((r) => r.quality.swayG ?? NaN));
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(2 * a);
    expect(steady[0].quality.impactG).toBeUndefined();
  });

  it('every rep has a duration split into down and up, and a confidence in 0..1', () => {
    for (const r of reps('squat', { movement: 'squat', placement: 'shank', reps: 7, rateHz: 50, seed: 43 })) {
      expect(r.quality.durationS).toBeGreaterThan(0.3);
      expect(r.quality.durationS).toBeLessThan(6);
      expect((r.quality.tempo?.downS ?? 0) + (r.quality.tempo?.upS ?? 0)).toBeCloseTo(r.quality.durationS, 6);
      expect(r.start).toBeLessThan(r.t);
      expect(r.end).toBeGreaterThanOrEqual(r.t);
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });
});
