/**
 * The lunge tilt: measured from the standing posture, which long excursions (the back leg
 * tipping 60 degrees rep after rep) do not drag along, and compressed above ~10 degrees.
 */
import { describe, expect, it } from 'vitest';
import { StandingTilt, compressExcursion } from '../../../src/core/reps/standing-tilt';

const DEG = Math.PI / 180;
/** Gravity direction of a shank tilted by `deg` about the sensor's y axis. */
const dir = (deg: number): [number, number, number] => [Math.sin(deg * DEG), 0, Math.cos(deg * DEG)];

/** Feeds `s` seconds of a tilt at 100 Hz; returns the last excursion. */
function hold(t: StandingTilt, deg: number, s: number): number {
  let e = 0;
  for (let i = 0; i < s * 100; i++) e = t.push(...dir(deg), 0.01);
  return e;
}

describe('StandingTilt', () => {
  it('keeps the standing posture through a long set of large excursions, both ways', () => {
    const t = new StandingTilt();
    expect(hold(t, 0, 2)).toBeCloseTo(0, 6);
    expect(t.learned).toBe(true);
    // Twenty alternating lunges: 60 degrees one way (1.2 s), 25 the other, 1 s standing between.
    for (let k = 0; k < 20; k++) {
      expect(hold(t, k % 2 ? -25 : 60, 1.2)).toBeGreaterThan(0.4);
      hold(t, 0, 1);
    }
    // The front leg's excursion is still its full 25 degrees (chord 2 sin 12.5 deg).
    expect(hold(t, -25, 1.2)).toBeCloseTo(2 * Math.sin(12.5 * DEG), 2);
  });

  it('takes a new posture held still for seconds as the rest (seated), not a 1 s lunge bottom', () => {
    const t = new StandingTilt();
    hold(t, 0, 2);
    expect(hold(t, 40, 1)).toBeGreaterThan(0.6);
    expect(hold(t, 40, 5)).toBeCloseTo(0, 6);
  });

  it('stands in the first sample until stillness is seen, then learns standing from it', () => {
    const t = new StandingTilt();
    expect(t.push(...dir(30), 0)).toBe(0);
    expect(t.learned).toBe(false);
    // Moving away from it: measured from the first sample until the shank has settled.
    expect(t.push(...dir(0), 0.01)).toBeCloseTo(2 * Math.sin(15 * DEG), 2);
    hold(t, 0, 2.5);
    expect(t.learned).toBe(true);
    expect(hold(t, 0, 0.1)).toBeCloseTo(0, 6);
    expect(hold(t, 30, 0.5)).toBeCloseTo(2 * Math.sin(15 * DEG), 2);
  });

  it('ignores non-finite input', () => {
    const t = new StandingTilt();
    hold(t, 0, 1);
    expect(t.push(Number.NaN, 0, 1, 0.01)).toBe(0);
    expect(hold(t, 20, 0.2)).toBeGreaterThan(0.3);
  });
});

describe('compressExcursion', () => {
  it('is the identity up to ~10 degrees and brings a 60-degree excursion within 2x of a 25-degree one', () => {
    expect(compressExcursion(0.1)).toBe(0.1);
    const front = compressExcursion(2 * Math.sin(12.5 * DEG));
    const back = compressExcursion(2 * Math.sin(30 * DEG));
    expect(back).toBeGreaterThan(front);
    expect(back / front).toBeLessThan(1.6);
    expect((2 * Math.sin(30 * DEG)) / (2 * Math.sin(12.5 * DEG))).toBeGreaterThan(2.2);
  });
});
