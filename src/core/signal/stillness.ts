/**
 * Standing still: the magnitude of the acceleration (orientation-free) barely moving. A landing
 * from a box comes after standing on it and is followed by standing (after the absorption and,
 * perhaps, the step back up); a step of a walk or a jog has steps on both sides. So a landing
 * that stands alone is told from a step by the still stretches around it, whatever its size.
 *
 * The magnitude is smoothed (5 Hz) and a quick baseline (1 Hz) taken off, so posture, drift and
 * breathing do not count as movement; still means no sample of that above `levelG`. A threshold
 * on samples (not a running RMS) lets go of an impact at once, where an RMS would remember it
 * for a second or more.
 */
import { LowPass, LowPass2 } from './filters';

/** Movement of the magnitude (g) above which the body is not still: well above sensor noise and sway. */
const LEVEL_G = 0.04;

export class Stillness {
  private readonly smooth = new LowPass2(5);
  private readonly base = new LowPass(1);
  /** Start of the current still stretch (null while moving). */
  private from: number | null = null;
  /** The last still stretch of at least `minS` that ended: [start, end]. */
  lastLong: [number, number] | null = null;

  constructor(
    readonly minS: number,
    readonly levelG = LEVEL_G,
  ) {}

  push(mag: number, t: number, dt: number): void {
    const m = this.smooth.push(mag, dt);
    const moving = Math.abs(m - this.base.push(m, dt)) > this.levelG;
    if (moving) {
      if (this.from !== null && t - this.from >= this.minS) this.lastLong = [this.from, t];
      this.from = null;
    } else if (this.from === null) {
      this.from = t;
    }
  }

  /** Start of the still stretch under way, or null while moving. */
  get stillFrom(): number | null {
    return this.from;
  }

  /** Whether a still stretch of at least `minS` ended at or after `t` (or is under way and long enough). */
  stillSince(t: number, now: number): boolean {
    if (this.from !== null && now - this.from >= this.minS) return true;
    return this.lastLong !== null && this.lastLong[1] >= t;
  }

  reset(): void {
    this.smooth.reset();
    this.base.reset();
    this.from = null;
  }
}
