/**
 * Streams faster than 150 Hz are taken in pairs by the signal stage (a frame for two samples,
 * averaged; an impact keeps its peak). The counts must not change for it, nor may a 100 Hz stream
 * with a phone's batched timestamps be taken for a fast one.
 */
import { describe, expect, it } from 'vitest';
import { createStreamingRepDetector } from '../../../src/core/reps/index';
import type { AccSample } from '../../../src/shared/domain';
import type { ExerciseId } from '../../../src/shared/exercises';
import { synthesize, type Movement } from './synthetic';

/** Counts a stream; `frames` is how many samples reached the candidate stage (one trace call each). */
function run(samples: readonly AccSample[], exercise: ExerciseId): { count: number; frames: number; rateHz: number; samples: number; impacts: number[] } {
  let frames = 0;
  const d = createStreamingRepDetector(exercise, { trace: () => frames++ });
  for (const s of samples) d.push(s);
  d.flush();
  const impacts = d.reps().map((r) => r.quality.impactG ?? 0);
  return { count: d.count, frames, rateHz: d.stats.sampleRateHz, samples: d.stats.samples, impacts };
}

const MOVES: [Movement, ExerciseId][] = [
  ['heel-raise', 'calf-raise'],
  ['squat', 'squat'],
  ['lunge', 'lunge-matrix'],
  ['box-drop', 'box-step-off'],
  ['drop-landing', 'box-step-off'],
];

describe('streams above 150 Hz are taken in pairs', () => {
  it('a 200 Hz stream makes a frame per two samples and counts every rep', () => {
    for (const [movement, exercise] of MOVES) {
      for (const placement of ['chest', 'shank'] as const) {
        const set = synthesize({ movement, placement, reps: 8, rateHz: 200, seed: 61 });
        const r = run(set.samples, exercise);
        expect(r.samples, `${movement} at the ${placement}`).toBe(set.samples.length);
        // Every sample is counted and the rate reported as it came; half of them make frames
        // (the first few alone while the rate is being judged).
        expect(r.rateHz).toBeGreaterThan(190);
        expect(r.frames).toBeGreaterThan(0.5 * set.samples.length - 30);
        expect(r.frames).toBeLessThan(0.5 * set.samples.length + 30);
        expect(r.count, `${movement} at the ${placement}`).toBe(8);
      }
    }
  });

  it('a landing keeps its impact peak: the larger magnitude of the pair, not their mean', () => {
    const set = synthesize({ movement: 'drop-landing', placement: 'shank', reps: 6, rateHz: 200, seed: 62 });
    const r = run(set.samples, 'box-step-off');
    expect(r.count).toBe(6);
    // Each rep's impact is the largest raw magnitude of its lobe, which pairing must not shave.
    const peaks = set.samples.map((s) => Math.hypot(s.x, s.y, s.z));
    const largest = Math.max(...peaks);
    expect(Math.max(...r.impacts)).toBeCloseTo(largest, 6);
  });

  it('a 100 Hz stream with batched, jittered timestamps is taken sample by sample', () => {
    const set = synthesize({ movement: 'squat', placement: 'chest', reps: 8, rateHz: 100, seed: 63 });
    // As a phone delivers a watch's samples: bursts of five 1 ms apart, then the rest of 50 ms.
    const batched = set.samples.map((s, i) => ({ ...s, t: Math.floor(i / 5) * 0.05 + (i % 5) * 0.001 }));
    const r = run(batched, 'squat');
    expect(r.frames).toBe(batched.length);
    expect(r.rateHz).toBeLessThan(150);
  });
});
