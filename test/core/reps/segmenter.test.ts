import { describe, expect, it } from 'vitest';
import { createMotionSegmenter, type MotionEvent } from '../../../src/core/reps/index';
import { createWorkout } from '../../../src/core/workout/index';
import { synthesize } from './synthetic';
import type { AccSample } from '../../../src/shared/domain';

function segment(samples: AccSample[]): MotionEvent[] {
  const seg = createMotionSegmenter();
  return [...samples.flatMap((s) => seg.push(s)), ...seg.flush()];
}

describe('motion segmenter', () => {
  it('finds a set between two still stretches (start when motion rose, end when stillness began)', () => {
    const rec = synthesize({ movement: 'squat', placement: 'chest', reps: 6, rateHz: 100, seed: 31, restS: 10 });
    const ev = segment(rec.samples);
    expect(ev.map((e) => e.type)).toEqual(['motion-start', 'still']);
    const first = rec.repTimes[0];
    const last = rec.repTimes[rec.repTimes.length - 1];
    expect(ev[0].t).toBeGreaterThan(9);
    expect(ev[0].t).toBeLessThan(first);
    const still = ev[1] as Extract<MotionEvent, { type: 'still' }>;
    expect(still.since).toBeGreaterThan(last);
    expect(still.since).toBeLessThan(last + 5);
    expect(still.t - still.since).toBeGreaterThanOrEqual(4);
  });

  it('stays quiet on a still sensor (noise and a drifting bias), at any rate', () => {
    for (const rateHz of [12.5, 100]) {
      const rec = synthesize({ movement: 'squat', placement: 'shank', reps: 0, rateHz, seed: 32, restS: 60 });
      expect(segment(rec.samples)).toEqual([]);
    }
  });

  it('drives automatic set start and end in the workout state machine', () => {
    const rec = synthesize({ movement: 'heel-raise', placement: 'chest', reps: 8, rateHz: 50, seed: 33, restS: 8 });
    const w = createWorkout({ exerciseId: 'calf-raise', autoStart: true, autoEnd: true });
    const seg = createMotionSegmenter();
    for (const s of rec.samples) for (const e of seg.push(s)) w.push({ type: 'motion', event: e });
    for (const e of seg.flush()) w.push({ type: 'motion', event: e });
    expect(w.sets).toHaveLength(1);
    expect(w.sets[0].startedBy).toBe('motion');
    expect(w.sets[0].endT).not.toBeNull();
    expect(w.state).toBe('rest');
  });
});
