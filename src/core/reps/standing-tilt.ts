/**
 * Lunges at the shank: how far the shank is tilted away from its STANDING posture, |u - u_rest|
 * for unit vectors (about the angle in radians), whichever way it tilts. With legs alternating,
 * the band's shank tips one way when its leg steps out and far more when it is the back leg;
 * a rest direction that drifted toward either excursion (as a general-purpose one may over a
 * long set) shrinks the other leg's reps. So the standing posture is learned only where the
 * shank is still and near it (before the set, between reps), or after a new posture has been
 * held still for a few seconds (the person sat down or re-strapped the band). Until the shank
 * has first been still for half a second, the first sample stands in for the standing posture
 * (a stream cut to the set, with no still moment, still has its tilt); the first stillness
 * replaces it.
 */
import { DT_SLOT, type Slots } from '../signal/filters';
import { StillDirection } from '../signal/tilt';

/** Within this of the rest direction (about 3 degrees) the rest follows slowly (drift). */
const NEAR = 0.05;
const FOLLOW_NEAR_S = 8;
/** Movement (direction change, about radians) below which the shank is still. */
const STILL = 0.01;
/** A new posture held still this long becomes the rest (not a paused lunge bottom: shorter). */
const RESEAT_AFTER_S = 3;
/** The first standing posture: the first direction held still this long. */
const LEARN_AFTER_S = 0.5;
/**
 * Above this excursion (about 10 degrees) the size grows only logarithmically. With legs
 * alternating, the band's shank tips some 25 degrees when its leg steps out and some 60 when it
 * is the back leg; on a linear scale the back leg's lobes lifted the running mean and the
 * threshold over the front leg's, which were lost. Compressed, both legs' reps stand out alike.
 */
const KNEE = 0.18;

/** The excursion on the scale the lunge rep signal uses (linear up to KNEE, then logarithmic). */
export function compressExcursion(exc: number): number {
  return exc > KNEE ? KNEE * (1 + Math.log(exc / KNEE)) : exc;
}

export class StandingTilt {
  private ref: [number, number, number] | null = null;
  private readonly still = new StillDirection(STILL);
  private seen = false;
  /** What push() hands to run(). */
  private readonly args = new Float64Array(5);

  /** Whether the standing posture has been seen (the shank still), or is still the first sample's. */
  get learned(): boolean {
    return this.seen;
  }

  /** Feed a unit vector (the smoothed acceleration direction); returns the excursion. */
  push(ux: number, uy: number, uz: number, dt: number): number {
    const a = this.args;
    a[DT_SLOT] = dt;
    a[1] = ux;
    a[2] = uy;
    a[3] = uz;
    this.run(a, 1, 2, 3, 4);
    return a[4];
  }

  /** push() with its numbers in slots (see Slots): v[x], v[y], v[z] in, the excursion to v[out]. */
  run(v: Slots, x: number, y: number, z: number, out: number): void {
    const ux = v[x];
    const uy = v[y];
    const uz = v[z];
    const dt = v[DT_SLOT];
    if (!Number.isFinite(ux + uy + uz)) {
      v[out] = 0;
      return;
    }
    const still = this.still;
    still.run(v, x, y, z);
    if (this.ref === null) this.ref = [ux, uy, uz];
    if (!this.seen && still.stillS >= LEARN_AFTER_S) {
      this.ref = [ux, uy, uz];
      this.seen = true;
      still.stillS = 0;
    }
    const r = this.ref;
    const ex = ux - r[0];
    const ey = uy - r[1];
    const ez = uz - r[2];
    const exc = Math.sqrt(ex * ex + ey * ey + ez * ez);
    if (exc < NEAR && dt > 0) {
      const k = dt / FOLLOW_NEAR_S;
      r[0] += k * ex;
      r[1] += k * ey;
      r[2] += k * ez;
      const n = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]) || 1;
      r[0] /= n;
      r[1] /= n;
      r[2] /= n;
    } else if (still.stillS > RESEAT_AFTER_S && exc >= NEAR) {
      this.ref = [ux, uy, uz];
      still.stillS = 0;
    }
    v[out] = exc;
  }

  /** After a gap in the stream: the standing posture is kept (a reseat still follows a new one). */
  reset(): void {
    this.still.reset();
  }
}
