/**
 * What a sensor on one body segment feels while a person moves: the segment travels along
 * smooth ramps (forward, sideways, up) and tilts (pitch, roll); the sensor reads gravity
 * turned into its frame plus the linear acceleration, through its own mounting, with a little
 * noise. Movements are appended as the simulated athlete does them and forgotten once past,
 * so a demo can run for hours.
 */
import { mulberry32 } from '../../../core/random';

const DEG = Math.PI / 180;
const G = 9.81;

export type Placement = 'chest' | 'shank';
export type Movement = 'heel-raise' | 'lateral-step' | 'hinge' | 'box-drop' | 'lunge' | 'squat' | 'press';
type Channel = 'x' | 'y' | 'z' | 'pitch' | 'roll';

interface Ramp {
  ch: Channel;
  /** Start of the rep it belongs to: a rep under way is finished, never cut in half. */
  rep: number;
  t0: number;
  d: number;
  delta: number;
}

interface Impact {
  rep: number;
  t0: number;
  d: number;
  g: number;
}

interface Walk {
  t0: number;
  t1: number;
  cadenceHz: number;
  bounceG: number;
}

/** Seeded PRNG, so a demo person moves the same way on every run. */
export const seeded = mulberry32;

/** Noise from the sample time alone, so the same instant always reads the same. */
function noiseAt(t: number, salt: number): number {
  let h = Math.imul(Math.round(t * 1000) ^ salt, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

type Mat = [number, number, number, number, number, number, number, number, number];

/** A mounting: the sensor sits on the segment at some fixed, unknown angle (any orientation). */
function mounting(r: () => number): Mat {
  const u1 = r();
  const u2 = r();
  const u3 = r();
  const q0 = Math.sqrt(1 - u1) * Math.sin(2 * Math.PI * u2);
  const q1 = Math.sqrt(1 - u1) * Math.cos(2 * Math.PI * u2);
  const q2 = Math.sqrt(u1) * Math.sin(2 * Math.PI * u3);
  const q3 = Math.sqrt(u1) * Math.cos(2 * Math.PI * u3);
  return [
    1 - 2 * (q2 * q2 + q3 * q3), 2 * (q1 * q2 - q0 * q3), 2 * (q1 * q3 + q0 * q2),
    2 * (q1 * q2 + q0 * q3), 1 - 2 * (q1 * q1 + q3 * q3), 2 * (q2 * q3 - q0 * q1),
    2 * (q1 * q3 - q0 * q2), 2 * (q2 * q3 + q0 * q1), 1 - 2 * (q1 * q1 + q2 * q2),
  ];
}

/** One rep as the body does it: when, how long, how big, and the draws that vary it. */
export interface RepSpec {
  movement: Movement;
  t0: number;
  d: number;
  k: number;
  index: number;
  seed: number;
}

/** The segment's motion, appended to as the person moves; past ramps fold into a base. */
export class BodyMotion {
  private ramps: Ramp[] = [];
  private impacts: Impact[] = [];
  private walks: Walk[] = [];
  private readonly base: Record<Channel, number> = { x: 0, y: 0, z: 0, pitch: 0, roll: 0 };
  private readonly mount: Mat;
  private readonly salt: number;
  private lastPruneS = 0;

  constructor(
    readonly placement: Placement,
    seed: number,
    private readonly noiseG = 0.008,
  ) {
    const r = seeded(seed);
    this.mount = mounting(r);
    this.salt = Math.floor(r() * 0x7fffffff);
  }

  /** Drops the reps planned to start from tS on (the set ended: the person stops). */
  cancelFrom(tS: number): void {
    this.ramps = this.ramps.filter((rp) => rp.rep < tS);
    this.impacts = this.impacts.filter((im) => im.rep < tS);
    this.walks = this.walks.filter((w) => w.t0 < tS).map((w) => ({ ...w, t1: Math.min(w.t1, tS) }));
  }

  walk(t0: number, t1: number, cadenceHz: number): void {
    this.walks.push({ t0, t1, cadenceHz, bounceG: this.placement === 'shank' ? 0.8 : 0.25 });
  }

  /** Adds one rep; returns the time of its marked moment (the peak a counter should see). */
  rep(spec: RepSpec): number {
    const { t0, d, k, index } = spec;
    const p = this.placement;
    const r = seeded(spec.seed);
    const R = (ch: Channel, a: number, dur: number, delta: number): void => {
      this.ramps.push({ ch, rep: t0, t0: t0 + a * d, d: dur * d, delta });
    };
    const side = index % 2 === 0 ? 1 : -1;
    switch (spec.movement) {
      case 'heel-raise': {
        // Rise onto the toes, hold, lower; the shank tilts a little forward, a small wobble.
        const h = 0.06 * k;
        R('z', 0.05, 0.35, h);
        R('z', 0.55, 0.4, -h);
        R('pitch', 0.05, 0.35, (p === 'shank' ? 4 : 1.5) * k);
        R('pitch', 0.55, 0.4, -(p === 'shank' ? 4 : 1.5) * k);
        const wob = (r() < 0.5 ? -1 : 1) * (0.5 + r());
        R('roll', 0.3, 0.1, wob);
        R('roll', 0.4, 0.1, -2 * wob);
        R('roll', 0.5, 0.1, wob);
        return t0 + 0.47 * d;
      }
      case 'lateral-step': {
        // Step sideways against the band, always the same way.
        const w = 0.3 * k;
        if (p === 'shank') {
          R('z', 0.0, 0.25, 0.08 * k);
          R('y', 0.0, 0.5, w);
          R('z', 0.25, 0.25, -0.08 * k);
          R('roll', 0.0, 0.25, 12 * k);
          R('roll', 0.25, 0.25, -12 * k);
        } else {
          R('y', 0.0, 0.8, w);
          R('z', 0.0, 0.3, -0.03 * k);
          R('z', 0.3, 0.4, 0.03 * k);
          R('roll', 0.0, 0.4, 4 * k * side);
          R('roll', 0.4, 0.4, -4 * k * side);
        }
        this.impacts.push({ rep: t0, t0: t0 + 0.5 * d, d: 0.06, g: (p === 'shank' ? 0.6 : 0.2) * k });
        return t0 + 0.5 * d;
      }
      case 'hinge': {
        // Hip hinge: the trunk pitches forward and the chest drops; the shank barely moves.
        const tilt = p === 'shank' ? 8 : 70;
        const drop = p === 'shank' ? 0.03 : 0.3;
        R('pitch', 0.0, 0.45, tilt * k);
        R('pitch', 0.55, 0.45, -tilt * k);
        R('z', 0.0, 0.45, -drop * k);
        R('z', 0.55, 0.45, drop * k);
        return t0 + 0.5 * d;
      }
      case 'box-drop': {
        // Step off a box: a short fall, the landing, absorb; then step back up.
        const h = 0.3 * k;
        R('z', 0.0, 0.12, -h);
        const land = t0 + 0.12 * d;
        this.impacts.push({ rep: t0, t0: land, d: 0.05, g: (p === 'shank' ? 3.5 : 1.8) * k * (0.8 + 0.4 * r()) });
        R('z', 0.12, 0.15, -0.08 * k);
        R('z', 0.27, 0.15, 0.08 * k);
        R('pitch', 0.12, 0.15, (p === 'shank' ? 20 : 10) * k);
        R('pitch', 0.27, 0.2, -(p === 'shank' ? 20 : 10) * k);
        R('z', 0.55, 0.35, h);
        R('pitch', 0.55, 0.15, (p === 'shank' ? 35 : 8) * k);
        R('pitch', 0.72, 0.18, -(p === 'shank' ? 35 : 8) * k);
        this.impacts.push({ rep: t0, t0: t0 + 0.62 * d, d: 0.05, g: (p === 'shank' ? 0.7 : 0.25) * k });
        return land;
      }
      case 'lunge': {
        // Step forward, lower, push back.
        if (p === 'shank') {
          R('x', 0.0, 0.2, 0.6 * k);
          R('z', 0.0, 0.1, 0.08 * k);
          R('z', 0.1, 0.1, -0.08 * k);
          R('pitch', 0.0, 0.1, -20 * k);
          R('pitch', 0.1, 0.1, 20 * k);
          this.impacts.push({ rep: t0, t0: t0 + 0.2 * d, d: 0.05, g: 1.2 * k });
          R('pitch', 0.22, 0.25, 25 * k);
          R('pitch', 0.57, 0.25, -25 * k);
          R('z', 0.22, 0.25, -0.06 * k);
          R('z', 0.57, 0.25, 0.06 * k);
          R('x', 0.85, 0.15, -0.6 * k);
          R('pitch', 0.85, 0.07, -15 * k);
          R('pitch', 0.92, 0.08, 15 * k);
          return t0 + 0.52 * d;
        }
        R('x', 0.0, 0.3, 0.35 * k);
        R('z', 0.1, 0.35, -0.35 * k);
        this.impacts.push({ rep: t0, t0: t0 + 0.25 * d, d: 0.06, g: 0.5 * k });
        R('z', 0.5, 0.35, 0.35 * k);
        R('x', 0.6, 0.35, -0.35 * k);
        R('pitch', 0.1, 0.35, 8 * k);
        R('pitch', 0.5, 0.35, -8 * k);
        return t0 + 0.47 * d;
      }
      case 'squat':
      case 'press': {
        // Squat (and, for the upper-body lifts, the body's share of the effort: a dip and drive).
        const s = spec.movement === 'press' ? 0.5 : 1;
        if (p === 'shank') {
          R('pitch', 0.0, 0.45, 25 * k * s);
          R('pitch', 0.55, 0.45, -25 * k * s);
          R('z', 0.0, 0.45, -0.06 * k * s);
          R('z', 0.55, 0.45, 0.06 * k * s);
        } else {
          R('z', 0.0, 0.45, -0.4 * k * s);
          R('z', 0.55, 0.45, 0.4 * k * s);
          R('pitch', 0.0, 0.45, 30 * k * s);
          R('pitch', 0.55, 0.45, -30 * k * s);
        }
        return t0 + 0.5 * d;
      }
    }
  }

  private channel(ch: Channel, t: number): { v: number; a: number } {
    let v = this.base[ch];
    let a = 0;
    for (const rp of this.ramps) {
      if (rp.ch !== ch || t < rp.t0) continue;
      if (t >= rp.t0 + rp.d) {
        v += rp.delta;
        continue;
      }
      const s = (t - rp.t0) / rp.d;
      v += (rp.delta * (1 - Math.cos(Math.PI * s))) / 2;
      a += (rp.delta * (Math.PI / rp.d) ** 2 * Math.cos(Math.PI * s)) / 2;
    }
    return { v, a };
  }

  /** Forgets what ended before tS, folding finished ramps into the base values. */
  private prune(tS: number): void {
    if (tS - this.lastPruneS < 5) return;
    this.lastPruneS = tS;
    const keep: Ramp[] = [];
    for (const rp of this.ramps) {
      if (rp.t0 + rp.d < tS - 1) this.base[rp.ch] += rp.delta;
      else keep.push(rp);
    }
    this.ramps = keep;
    this.impacts = this.impacts.filter((im) => im.t0 + im.d >= tS - 1);
    this.walks = this.walks.filter((w) => w.t1 >= tS - 1);
  }

  /** Acceleration in g in the sensor's frame at tS. */
  at(tS: number): { x: number; y: number; z: number } {
    this.prune(tS);
    const t = tS;
    let ax = this.channel('x', t).a;
    let ay = this.channel('y', t).a;
    let az = this.channel('z', t).a;
    for (const im of this.impacts) {
      if (t >= im.t0 && t < im.t0 + im.d) az += im.g * G * Math.sin((Math.PI * (t - im.t0)) / im.d);
    }
    for (const w of this.walks) {
      if (t >= w.t0 && t < w.t1) {
        az += w.bounceG * G * Math.sin(2 * Math.PI * w.cadenceHz * t);
        ay += 0.3 * w.bounceG * G * Math.sin(Math.PI * w.cadenceHz * t);
        ax += 0.2 * w.bounceG * G * Math.sin(2 * Math.PI * w.cadenceHz * t + 1);
      }
    }
    const f: [number, number, number] = [ax / G, ay / G, az / G + 1];
    const th = this.channel('pitch', t).v * DEG;
    const ph = this.channel('roll', t).v * DEG;
    const bx = Math.cos(th) * f[0] - Math.sin(th) * f[2];
    const bz0 = Math.sin(th) * f[0] + Math.cos(th) * f[2];
    const by = Math.cos(ph) * f[1] + Math.sin(ph) * bz0;
    const bz = -Math.sin(ph) * f[1] + Math.cos(ph) * bz0;
    const m = this.mount;
    const n = this.noiseG;
    return {
      x: m[0] * bx + m[1] * by + m[2] * bz + n * noiseAt(t, this.salt),
      y: m[3] * bx + m[4] * by + m[5] * bz + n * noiseAt(t, this.salt + 1),
      z: m[6] * bx + m[7] * by + m[8] * bz + n * noiseAt(t, this.salt + 2),
    };
  }
}
