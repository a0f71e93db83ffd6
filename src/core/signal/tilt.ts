/**
 * How far a body segment is tilted away from its rest posture, from the (smoothed) gravity
 * direction alone: |u - u_rest| for unit vectors, about the angle in radians. Sign-free and
 * orientation-free: a squat seen at the shank or a hinge at the chest is one lobe per rep.
 *
 * The rest posture follows the direction slowly while the segment is near it (drift, a strap
 * settling) and hardly at all during an excursion; after a new posture has been held still for
 * a few seconds (the person sat down), it is taken as the new rest.
 */
import { DT_SLOT, LowPass, type Slots } from './filters';

const NEAR = 0.05; // about 3 degrees
const FOLLOW_NEAR_S = 8;
const FOLLOW_AWAY_S = 90;
const STILL = 0.01;
const RESEAT_AFTER_S = 3;

/**
 * How long a direction has held still: its distance from a slow (0.5 Hz) follower of itself
 * stays under `stillRad`. The tilt trackers take a posture held this way as the new rest.
 */
export class StillDirection {
  /** Seconds the direction has been still (the owner sets 0 once it has used them). */
  stillS = 0;
  private readonly slow = [new LowPass(0.5), new LowPass(0.5), new LowPass(0.5)];
  /** The step, the direction and its slow follower, for the filters (see Slots). */
  private readonly w = new Float64Array(7);

  constructor(private readonly stillRad: number) {}

  /** One unit vector from v[x], v[y], v[z] (the step in v[DT_SLOT]). */
  run(v: Slots, x: number, y: number, z: number): void {
    const ux = v[x];
    const uy = v[y];
    const uz = v[z];
    const dt = v[DT_SLOT];
    const w = this.w;
    w[DT_SLOT] = dt;
    w[1] = ux;
    w[2] = uy;
    w[3] = uz;
    this.slow[0].run(w, 1, 4);
    this.slow[1].run(w, 2, 5);
    this.slow[2].run(w, 3, 6);
    const dx = ux - w[4];
    const dy = uy - w[5];
    const dz = uz - w[6];
    this.stillS = dx * dx + dy * dy + dz * dz < this.stillRad * this.stillRad ? this.stillS + dt : 0;
  }

  reset(): void {
    for (const f of this.slow) f.reset();
    this.stillS = 0;
  }
}

export class TiltExcursion {
  private ref: [number, number, number] | null = null;
  private readonly still = new StillDirection(STILL);
  value = 0;

  constructor(readonly fcHz: number) {}

  /**
   * Feed a unit vector (the smoothed acceleration direction) from v[x], v[y], v[z] (the step in
   * v[DT_SLOT]); the excursion to v[out] and `value`. Slots, not numbers (see Slots).
   */
  run(v: Slots, x: number, y: number, z: number, out: number): void {
    const ux = v[x];
    const uy = v[y];
    const uz = v[z];
    const dt = v[DT_SLOT];
    if (!Number.isFinite(ux + uy + uz)) {
      v[out] = this.value;
      return;
    }
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
    this.still.run(v, x, y, z);
    if (this.still.stillS > RESEAT_AFTER_S && exc > NEAR) {
      this.ref = [ux, uy, uz];
      this.still.stillS = 0;
    }
    this.value = exc;
    v[out] = exc;
  }

  reset(): void {
    this.ref = null;
    this.still.reset();
    this.value = 0;
  }
}
