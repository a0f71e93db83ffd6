/**
 * Running skewness of a signal over its recent movement: which side its tall lobes lie on.
 *
 * A turnaround made without a pause gathers a rep's acceleration into one tall lobe; where the
 * movement stops (standing a moment between pick-ups) the turnaround splits into two shorter
 * lobes. So over a set the signal leans toward the side of the turnaround without a pause.
 * Samples near zero (stillness) are left out: they would shrink both moments alike and leave
 * the ratio to noise.
 */
import { DT_SLOT, type Slots } from './filters';

export class RunningSkew {
  private m2 = 0;
  private m3 = 0;

  /**
   * @param tauS time constant of the moments, seconds of movement
   * @param quietBelow samples smaller than this (in the signal's unit) are left out
   */
  constructor(
    readonly tauS: number,
    readonly quietBelow: number,
  ) {}

  /** One sample: v[from] in, the step in v[DT_SLOT] (see Slots). */
  run(v: Slots, from: number): void {
    const x = v[from];
    if (!(Math.abs(x) > this.quietBelow)) return;
    const k = Math.min(1, v[DT_SLOT] / this.tauS);
    const sq = x * x;
    this.m2 += k * (sq - this.m2);
    this.m3 += k * (sq * x - this.m3);
  }

  /** Third standardised moment: > 0 when the tall lobes are positive, < 0 when negative, 0 before any movement. */
  get value(): number {
    return this.m2 > 0 ? this.m3 / this.m2 ** 1.5 : 0;
  }

  reset(): void {
    this.m2 = 0;
    this.m3 = 0;
  }
}
