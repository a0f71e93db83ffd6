/**
 * How far a body segment is tilted away from its rest posture, from the (smoothed) gravity
 * direction alone: |u - u_rest| for unit vectors, about the angle in radians. Sign-free and
 * orientation-free: a squat seen at the shank or a hinge at the chest is one lobe per rep.
 *
 * The rest posture follows the direction slowly while the segment is near it (drift, a strap
 * settling) and hardly at all during an excursion; after a new posture has been held still for
 * a few seconds (the person sat down), it is taken as the new rest.
 */
import { LowPass } from './filters';

const NEAR = 0.05; // about 3 degrees
const FOLLOW_NEAR_S = 8;
const FOLLOW_AWAY_S = 90;
const STILL = 0.01;
const RESEAT_AFTER_S = 3;

export class TiltExcursion {
  private ref: [number, number, number] | null = null;
  private slow = [new LowPass(0.5), new LowPass(0.5), new LowPass(0.5)];
  private stillS = 0;
  value = 0;

  constructor(readonly fcHz: number) {}

  /** Feed a unit vector (the smoothed acceleration direction); returns the excursion. */
  push(ux: number, uy: number, uz: number, dt: number): number {
    if (!Number.isFinite(ux + uy + uz)) return this.value;
    if (this.ref === null) this.ref = [ux, uy, uz];
    const r = this.ref;
    const ex = ux - r[0];
    const ey = uy - r[1];
    const ez = uz - r[2];
    const exc = Math.sqrt(ex * ex + ey * ey + ez * ez);
    const k = dt > 0 ? dt / (exc < NEAR ? FOLLOW_NEAR_S : FOLLOW_AWAY_S) : 0;
    r[0] += k * (ux - r[0]);
    r[1] += k * (uy - r[1]);
    r[2] += k * (uz - r[2]);
    const n = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]) || 1;
    r[0] /= n;
    r[1] /= n;
    r[2] /= n;
    const sx = this.slow[0].push(ux, dt);
    const sy = this.slow[1].push(uy, dt);
    const sz = this.slow[2].push(uz, dt);
    const dx = ux - sx;
    const dy = uy - sy;
    const dz = uz - sz;
    this.stillS = dx * dx + dy * dy + dz * dz < STILL * STILL ? this.stillS + dt : 0;
    if (this.stillS > RESEAT_AFTER_S && exc > NEAR) {
      this.ref = [ux, uy, uz];
      this.stillS = 0;
    }
    this.value = exc;
    return exc;
  }

  reset(): void {
    this.ref = null;
    for (const f of this.slow) f.reset();
    this.stillS = 0;
    this.value = 0;
  }
}
