/**
 * Lunges at the shank: how far the shank is tilted away from its STANDING posture, |u - u_rest|
 * for unit vectors (about the angle in radians), whichever way it tilts. With legs alternating,
 * the band's shank tips one way when its leg steps out and far more when it is the back leg;
 * a rest direction that drifted toward either excursion (as a general-purpose one may over a
 * long set) shrinks the other leg's reps. So the standing posture is learned only where the
 * shank is still and near it (before the set, between reps), or after a new posture has been
 * held still for a few seconds (the person sat down or re-strapped the band).
 */
import { LowPass } from '../signal/filters';

/** Within this of the rest direction (about 3 degrees) the rest follows slowly (drift). */
const NEAR = 0.05;
const FOLLOW_NEAR_S = 8;
/** Movement (direction change, about radians) below which the shank is still. */
const STILL = 0.01;
/** A new posture held still this long becomes the rest (not a paused lunge bottom: shorter). */
const RESEAT_AFTER_S = 3;

export class StandingTilt {
  private ref: [number, number, number] | null = null;
  private readonly slow = [new LowPass(0.5), new LowPass(0.5), new LowPass(0.5)];
  private stillS = 0;

  /** Feed a unit vector (the smoothed acceleration direction); returns the excursion. */
  push(ux: number, uy: number, uz: number, dt: number): number {
    if (!Number.isFinite(ux + uy + uz)) return 0;
    if (this.ref === null) this.ref = [ux, uy, uz];
    const r = this.ref;
    const ex = ux - r[0];
    const ey = uy - r[1];
    const ez = uz - r[2];
    const exc = Math.sqrt(ex * ex + ey * ey + ez * ez);
    const dx = ux - this.slow[0].push(ux, dt);
    const dy = uy - this.slow[1].push(uy, dt);
    const dz = uz - this.slow[2].push(uz, dt);
    this.stillS = dx * dx + dy * dy + dz * dz < STILL * STILL ? this.stillS + dt : 0;
    if (exc < NEAR && dt > 0) {
      const k = dt / FOLLOW_NEAR_S;
      r[0] += k * ex;
      r[1] += k * ey;
      r[2] += k * ez;
      const n = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]) || 1;
      r[0] /= n;
      r[1] /= n;
      r[2] /= n;
    } else if (this.stillS > RESEAT_AFTER_S && exc >= NEAR) {
      this.ref = [ux, uy, uz];
      this.stillS = 0;
    }
    return exc;
  }

  reset(): void {
    this.ref = null;
    for (const f of this.slow) f.reset();
    this.stillS = 0;
  }
}
