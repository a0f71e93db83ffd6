/**
 * Standing still. A landing from a box comes after standing on it and is followed by standing
 * (after the absorption and, perhaps, the step back up); a step of a walk or a jog has steps on
 * both sides. So a landing that stands alone is told from a step by the still stretches around
 * it, whatever its size; likewise a pair of squats done standing still before and after.
 *
 * The signal (the magnitude of the acceleration, orientation-free, or the 3-D vector, which
 * also sees a slow tilt) is smoothed (5 Hz) and a quick baseline (1 Hz) taken off, so posture,
 * drift and breathing do not count as movement; still means no sample of that above `levelG`.
 * A threshold on samples (not a running RMS) lets go of an impact at once, where an RMS would
 * remember it for a second or more.
 */
import { DT_SLOT, LowPass, LowPass2, type Slots } from './filters';

/** Movement (g) above which the body is not still: well above sensor noise and sway. */
const LEVEL_G = 0.04;
/** Still stretches of at least `minS` remembered (newest last). */
const KEEP = 8;

export class Stillness {
  private readonly smooth = [new LowPass2(5), new LowPass2(5), new LowPass2(5)];
  private readonly base = [new LowPass(1), new LowPass(1), new LowPass(1)];
  /** Start of the current still stretch (null while moving). */
  private from: number | null = null;
  /** Still stretches of at least `minS` that have ended: [start, end], newest last. */
  readonly past: [number, number][] = [];
  /** The step, an axis, its smoothed value and deviation, for the filters (see Slots). */
  private readonly w = new Float64Array(4);
  /** What push() hands to run(): the step, a, b, c, t. */
  private readonly args = new Float64Array(5);

  /** `axes`: 1 for the magnitude alone, 3 for the vector. */
  constructor(
    readonly minS: number,
    readonly axes: 1 | 3,
    readonly levelG = LEVEL_G,
  ) {}

  /** Axis i's squared deviation from its baseline: w[1] in, w[3] out. */
  private dev(i: number): void {
    const w = this.w;
    this.smooth[i].run(w, 1, 2);
    this.base[i].run(w, 2, 3);
    const d = w[2] - w[3];
    w[3] = d * d;
  }

  /** One sample: the magnitude in `a` (axes 1), or the three axes. */
  push(a: number, b: number, c: number, t: number, dt: number): void {
    const args = this.args;
    args[DT_SLOT] = dt;
    args[1] = a;
    args[2] = b;
    args[3] = c;
    args[4] = t;
    this.run(args, 1, 2, 3, 4);
  }

  /**
   * push() with its numbers in slots (see Slots: no number crosses a call): v[a], v[b], v[c]
   * at time v[t], the step in v[DT_SLOT].
   */
  run(v: Slots, a: number, b: number, c: number, t: number): void {
    const w = this.w;
    w[DT_SLOT] = v[DT_SLOT];
    w[1] = v[a];
    this.dev(0);
    let sq = w[3];
    if (this.axes === 3) {
      w[1] = v[b];
      this.dev(1);
      sq += w[3];
      w[1] = v[c];
      this.dev(2);
      sq += w[3];
    }
    this.judge(v, sq > this.levelG * this.levelG, t);
  }

  /** A still stretch begins, goes on, or ends (when it lasted `minS`, it is kept) at v[t]. */
  private judge(v: Slots, moving: boolean, t: number): void {
    if (moving) {
      if (this.from !== null && v[t] - this.from >= this.minS) {
        this.past.push([this.from, v[t]]);
        if (this.past.length > KEEP) this.past.shift();
      }
      this.from = null;
    } else if (this.from === null) {
      this.from = v[t];
    }
  }

  /** Start of the still stretch under way, or null while moving. */
  get stillFrom(): number | null {
    return this.from;
  }

  /** A still stretch of at least `minS` ended within [t0, t1]. */
  endedWithin(t0: number, t1: number): boolean {
    return this.past.some(([, e]) => e >= t0 && e <= t1);
  }

  /** A still stretch began within [t0, t1] and lasted `minS` (or `need`, if under way at `now`). */
  beganWithin(t0: number, t1: number, now: number, need = this.minS): boolean {
    if (this.from !== null && this.from >= t0 && this.from <= t1 && now - this.from >= need) return true;
    return this.past.some(([s]) => s >= t0 && s <= t1);
  }

  reset(): void {
    for (const f of this.smooth) f.reset();
    for (const f of this.base) f.reset();
    this.from = null;
  }
}
