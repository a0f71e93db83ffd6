import { describe, expect, it } from 'vitest';
import { createRepDetector, createStreamingRepDetector, getProfile, listProfiles, PROFILES } from '../../../src/core/reps/index';
import { EXERCISE_IDS } from '../../../src/shared/exercises';
import { synthesize } from './synthetic';

describe('rep detector input handling', () => {
  it('drops samples with non-finite values or times that do not move forward, and counts them', () => {
    const rec = synthesize({ movement: 'squat', placement: 'chest', reps: 6, rateHz: 100, seed: 51 });
    const d = createStreamingRepDetector('squat');
    let bad = 0;
    rec.samples.forEach((s, i) => {
      d.push(s);
      if (i % 97 === 0) {
        d.push({ ...s, x: NaN });
        d.push({ ...s, t: s.t - 0.5 });
        d.push(s);
        bad += 3;
      }
    });
    d.flush();
    expect(d.stats.dropped).toBe(bad);
    expect(d.stats.samples).toBe(rec.samples.length);
    expect(d.count).toBe(6);
    expect(d.stats.sampleRateHz).toBeGreaterThan(90);
  });

  it('restarts its filters over a long gap and goes on counting after it', () => {
    const a = synthesize({ movement: 'heel-raise', placement: 'shank', reps: 6, rateHz: 50, seed: 52 });
    const b = synthesize({ movement: 'heel-raise', placement: 'shank', reps: 6, rateHz: 50, seed: 52 });
    const off = a.samples[a.samples.length - 1].t + 30;
    const d = createStreamingRepDetector('calf-raise');
    for (const s of [...a.samples, ...b.samples.map((s) => ({ ...s, t: s.t + off }))]) d.push(s);
    d.flush();
    expect(d.stats.gaps).toBe(1);
    expect(d.count).toBe(12);
  });

  it('every exercise id has a profile, and the factory keeps the id', () => {
    expect(listProfiles().map((p) => p.id)).toEqual([...EXERCISE_IDS]);
    for (const id of EXERCISE_IDS) {
      expect(getProfile(id)).toBe(PROFILES[id]);
      expect(createRepDetector(id).exerciseId).toBe(id);
      const p = getProfile(id);
      expect(p.bandHz[0]).toBeLessThan(p.bandHz[1]);
      expect(p.periodS[0]).toBeLessThan(p.periodS[1]);
    }
    expect(getProfile('box-step-off').quality.impact).toBe(true);
    expect(getProfile('calf-raise').quality.sway).toBe(true);
  });
});
