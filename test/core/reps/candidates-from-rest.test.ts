/**
 * The candidate stage's `fromRest`: a lobe that starts a movement rather than turning round.
 * It is what the set rule `leavingRestWithdrawn` judges a new set's first movement by.
 */
import { describe, expect, it } from 'vitest';
import { createCandidateStage, type Candidate, type SetFeedback } from '../../../src/core/reps/stages/candidates';
import { blankFrame, type SignalFrame } from '../../../src/core/reps/stages/signal';
import { getProfile } from '../../../src/core/reps/profiles';

const RATE = 100;

function frame(t: number, s: number, h: number): SignalFrame {
  return { ...blankFrame(() => 1, () => -1), t, dt: 1 / RATE, s, h, rawMag: 1, sampleRateHz: RATE };
}

/** Runs a signal (with its threshold) through the stage: the candidates it closed. */
function candidates(signal: (t: number) => number, threshold: (t: number) => number, seconds: number): Candidate[] {
  const stage = createCandidateStage(getProfile('deadlift'), 0);
  const out: Candidate[] = [];
  const set: SetFeedback = {
    lastRepT: () => (out.length ? out[out.length - 1].t : null),
    period: () => null,
    largerPeak: () => false,
    candidate: (c) => out.push(c),
  };
  for (let i = 0; i < seconds * RATE; i++) {
    const t = i / RATE;
    stage.push(frame(t, signal(t), threshold(t)), set);
  }
  return out;
}

/** A lobe of `peak` centred at `at`, 0.6 s wide. */
const lobe = (t: number, at: number, peak: number): number => (Math.abs(t - at) < 0.3 ? peak * Math.cos(((t - at) / 0.3) * (Math.PI / 2)) ** 2 : 0);

describe('candidate stage: a lobe from rest', () => {
  it('the first lobe of a stream, with nothing before it, is from rest; one after a swing back is not', () => {
    const c = candidates((t) => lobe(t, 1, 0.2) - lobe(t, 1.8, 0.2) + lobe(t, 2.6, 0.2), () => 0.06, 4);
    expect(c.map((x) => x.fromRest)).toEqual([true, false]);
  });

  it('after a quiet spell a wiggle is no swing: the movement starting again is from rest', () => {
    // A set, eight quiet seconds whose threshold has sunk to 0.02 g with wiggles of 0.015 g
    // under zero, then the next bout's first lobe.
    const wiggle = (t: number): number => (t > 4 && t < 12.3 ? -0.015 * Math.abs(Math.sin(3 * t)) : 0);
    const signal = (t: number): number => lobe(t, 1, 0.2) - lobe(t, 1.8, 0.2) + lobe(t, 2.6, 0.2) - lobe(t, 3.4, 0.2) + wiggle(t) + lobe(t, 12.6, 0.2);
    const c = candidates(signal, (t) => (t < 5 ? 0.06 : 0.02), 14);
    expect(c.map((x) => Math.round(x.t * 10) / 10)).toEqual([1, 2.6, 12.6]);
    expect(c[2].fromRest).toBe(true);
    // The same lobe after a real swing back (half its size) within the quiet window is not.
    const swung = candidates((t) => signal(t) - lobe(t, 11.9, 0.12), (t) => (t < 5 ? 0.06 : 0.02), 14);
    expect(swung[swung.length - 1].fromRest).toBe(false);
  });

  it('carries the signal stage’s skew as the lobe closed', () => {
    const c = candidates((t) => lobe(t, 1, 0.2), () => 0.06, 2);
    expect(c[0].skew).toBe(-1);
  });
});
