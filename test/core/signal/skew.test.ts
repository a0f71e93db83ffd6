import { describe, expect, it } from 'vitest';
import { DT_SLOT } from '../../../src/core/signal/filters';
import { RunningSkew } from '../../../src/core/signal/skew';

const DT = 0.01;

/**
 * A pick-up's rep signal, one rep a period: a tall lobe where it turns without a pause and,
 * where it stops a moment, two shorter lobes of the other sign (zero mean over the rep).
 */
function pickUp(tall: 1 | -1, periodS: number, t: number): number {
  const p = (t % periodS) / periodS;
  const bump = (c: number, w: number): number => (Math.abs(p - c) < w ? Math.cos(((p - c) / w) * (Math.PI / 2)) ** 2 : 0);
  return tall * (0.4 * bump(0.5, 0.15) - 0.2 * bump(0.15, 0.15) - 0.2 * bump(0.85, 0.15));
}

function feed(skew: RunningSkew, seconds: number, x: (t: number) => number, from = 0): number {
  const v = new Float64Array(2);
  v[DT_SLOT] = DT;
  for (let t = from; t < from + seconds; t += DT) {
    v[1] = x(t);
    skew.run(v, 1);
  }
  return skew.value;
}

describe('running skew of the rep signal', () => {
  it('leans to the side of the tall lobes, whichever that is', () => {
    expect(feed(new RunningSkew(10, 0.01), 30, (t) => pickUp(1, 1.9, t))).toBeGreaterThan(0.5);
    expect(feed(new RunningSkew(10, 0.01), 30, (t) => pickUp(-1, 1.9, t))).toBeLessThan(-0.5);
    // A sine's lobes are alike: no lean.
    expect(Math.abs(feed(new RunningSkew(10, 0.01), 30, (t) => 0.3 * Math.sin(2 * Math.PI * t)))).toBeLessThan(0.1);
  });

  it('is 0 before any movement and holds through stillness', () => {
    const s = new RunningSkew(10, 0.01);
    expect(s.value).toBe(0);
    expect(feed(s, 20, (t) => 0.004 * Math.sin(40 * Math.PI * t))).toBe(0);
    const during = feed(s, 30, (t) => pickUp(-1, 1.9, t));
    // A minute standing still (the signal within the quiet band) leaves the figure as it was.
    expect(feed(s, 60, () => 0.005, 50)).toBe(during);
  });

  it('follows a change of movement within some seconds', () => {
    const s = new RunningSkew(10, 0.01);
    feed(s, 30, (t) => pickUp(1, 1.9, t));
    expect(feed(s, 40, (t) => pickUp(-1, 1.9, t), 30)).toBeLessThan(-0.5);
    s.reset();
    expect(s.value).toBe(0);
  });
});
