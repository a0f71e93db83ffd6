import { describe, expect, it } from 'vitest';
import { StepRhythm } from '../../../src/core/signal/rhythm';
import { createStreamingRepDetector } from '../../../src/core/reps/index';

/** Steps at 0.5 s: a train the rhythm must score high. */
function stepTrain(r: StepRhythm, from: number, seconds: number): number {
  let v = 0;
  for (let t = from; t < from + seconds; t += 0.01) v = r.push(Math.sin((2 * Math.PI * (t - from)) / 0.5), t);
  return v;
}

describe('step rhythm across a gap', () => {
  it('a gap of 1e9 s costs constant time and scores as no rhythm', () => {
    const r = new StepRhythm();
    expect(stepTrain(r, 0, 6)).toBeGreaterThan(0.5);
    expect(r.push(0, 1e9)).toBe(0);
    // The walk after the gap is recognised again from a fresh window.
    expect(stepTrain(r, 1e9 + 0.01, 6)).toBeGreaterThan(0.5);
  });

  it('the detector ends on a file with a 1e9 s gap (a hostile CSV)', () => {
    const d = createStreamingRepDetector('squat');
    d.push({ t: 0, x: 0, y: 0, z: 1 });
    d.push({ t: 0.01, x: 0, y: 0, z: 1 });
    d.push({ t: 1e9, x: 0, y: 0, z: 1 });
    d.flush();
    expect(d.count).toBe(0);
    expect(d.stats.gaps).toBe(1);
  });
});
