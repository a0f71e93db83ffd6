/**
 * Synthetic accelerometer recordings built from what each movement is: the body (or shank)
 * moves along smooth ramps (vertical, forward, lateral) and tilts (pitch, roll); the sensor
 * feels gravity rotated into its frame plus the linear acceleration, seen through a random
 * mounting, with noise, a drifting bias, jittered timestamps, and rest (standing, walking)
 * around the set. The true rep times are known, so counts can be asserted exactly.
 */
import type { AccSample } from '../../../src/shared/domain';
import { mulberry32 } from '../../helpers/prng';

export type Placement = 'chest' | 'shank' | 'wrist';
export type Movement = 'heel-raise' | 'lateral-step' | 'hinge' | 'box-drop' | 'drop-landing' | 'lunge' | 'squat' | 'walk';

/** Seeded, so every test run sees the same "random" person. */
export const rng = mulberry32;

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** A smooth move of one channel from its value by `delta` over [t0, t0 + d] (cosine ramp). */
interface Ramp {
  ch: Channel;
  t0: number;
  d: number;
  delta: number;
}

/** A short impact (landing): a half-sine of peak `g` (in g, vertical) lasting d seconds. */
interface Impact {
  t0: number;
  d: number;
  g: number;
}

type Channel = 'x' | 'y' | 'z' | 'pitch' | 'roll';

interface Plan {
  ramps: Ramp[];
  impacts: Impact[];
  /** Periodic walking (vertical bounce and lateral sway) between t0 and t1. */
  walks: { t0: number; t1: number; cadenceHz: number; bounceG: number }[];
  repTimes: number[];
  end: number;
}

export interface SyntheticOptions {
  movement: Movement;
  placement: Placement;
  reps: number;
  rateHz: number;
  seed: number;
  /** Mean seconds per rep (default per movement). */
  periodS?: number;
  /** Scale of the movement (1 = typical adult). */
  scale?: number;
  /** Seconds of standing before and after the set. */
  restS?: number;
  /** Walk before and after the set (steps at ~1.9 Hz), seconds. */
  walkS?: number;
  noiseG?: number;
  /** Jitter of sample times as a fraction of the step (irregular timestamps). */
  jitter?: number;
  /** Heel raises: size of the sideways wobble on the toes, degrees (default 1). */
  swayDeg?: number;
  /** Lunges: legs alternate (the band is on the back leg every other rep). Default: one leg. */
  alternate?: boolean;
  /** Drop samples in [t, t + s] (a radio gap). */
  gap?: { t: number; s: number };
}

export interface SyntheticRecording {
  samples: AccSample[];
  /** True peak (middle) time of every rep. */
  repTimes: number[];
  options: SyntheticOptions;
}

const DEG = Math.PI / 180;
const G = 9.81;

/** Default seconds per rep for each movement. */
const PERIOD: Record<Movement, number> = {
  'heel-raise': 2.0,
  'lateral-step': 1.4,
  hinge: 3.2,
  'box-drop': 3.5,
  'drop-landing': 7,
  lunge: 3.0,
  squat: 2.8,
  walk: 1,
};

/** Adds one rep starting at t0 lasting d; returns the rep's middle (its marked extremum). */
function addRep(plan: Plan, m: Movement, p: Placement, t0: number, d: number, k: number, r: () => number, rep: number, alternate: boolean, sway: number): number {
  const R = (ch: Channel, a: number, dur: number, delta: number): void => {
    plan.ramps.push({ ch, t0: t0 + a * d, d: dur * d, delta });
  };
  const side = rep % 2 === 0 ? 1 : -1;
  switch (m) {
    case 'heel-raise': {
      // Rise 6 cm onto the toes, hold, lower; the shank tilts a little forward.
      const h = 0.06 * k;
      R('z', 0.05, 0.35, h);
      R('z', 0.55, 0.4, -h);
      if (p === 'shank') {
        R('pitch', 0.05, 0.35, 4 * k);
        R('pitch', 0.55, 0.4, -4 * k);
      } else {
        R('pitch', 0.05, 0.35, 1.5 * k);
        R('pitch', 0.55, 0.4, -1.5 * k);
      }
      // A wobble sideways while on the toes, and back.
      const wob = (r() < 0.5 ? -1 : 1) * (0.5 + r()) * sway;
      R('roll', 0.3, 0.1, wob);
      R('roll', 0.4, 0.1, -2 * wob);
      R('roll', 0.5, 0.1, wob);
      return t0 + 0.47 * d;
    }
    case 'lateral-step': {
      // Step sideways 30 cm (always the same way: band walk), a small bounce.
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
      plan.impacts.push({ t0: t0 + 0.5 * d, d: 0.06, g: (p === 'shank' ? 0.6 : 0.2) * k });
      return t0 + 0.5 * d;
    }
    case 'hinge': {
      // Hip hinge: trunk pitches 70 degrees, chest drops 30 cm; shank barely moves.
      if (p === 'shank') {
        R('pitch', 0.0, 0.45, 8 * k);
        R('pitch', 0.55, 0.45, -8 * k);
        R('z', 0.0, 0.45, -0.03 * k);
        R('z', 0.55, 0.45, 0.03 * k);
      } else {
        R('pitch', 0.0, 0.45, 70 * k);
        R('pitch', 0.55, 0.45, -70 * k);
        R('z', 0.0, 0.45, -0.3 * k);
        R('z', 0.55, 0.45, 0.3 * k);
      }
      return t0 + 0.5 * d;
    }
    case 'box-drop': {
      // Step off a 30 cm box: short fall, landing impact, absorb, then step back up slowly.
      const h = 0.3 * k;
      R('z', 0.0, 0.12, -h);
      const land = t0 + 0.12 * d;
      plan.impacts.push({ t0: land, d: 0.05, g: (p === 'shank' ? 3.5 : 1.8) * k * (0.8 + 0.4 * r()) });
      R('z', 0.12, 0.15, -0.08 * k);
      R('z', 0.27, 0.15, 0.08 * k);
      R('pitch', 0.12, 0.15, (p === 'shank' ? 20 : 10) * k);
      R('pitch', 0.27, 0.2, -(p === 'shank' ? 20 : 10) * k);
      // Step back up onto the box.
      R('z', 0.55, 0.35, h);
      R('pitch', 0.55, 0.15, (p === 'shank' ? 35 : 8) * k);
      R('pitch', 0.72, 0.18, -(p === 'shank' ? 35 : 8) * k);
      plan.impacts.push({ t0: t0 + 0.62 * d, d: 0.05, g: (p === 'shank' ? 0.7 : 0.25) * k });
      return land;
    }
    case 'drop-landing': {
      // Drop from a 40 cm box onto both feet (hard landing, absorb into a squat), stand, walk
      // three steps back round the box and step up onto it.
      const h = 0.4 * k;
      R('z', 0.0, 0.05, -h);
      const land = t0 + 0.05 * d;
      plan.impacts.push({ t0: land, d: 0.05, g: (p === 'shank' ? 4 : 2.2) * k * (0.8 + 0.4 * r()) });
      R('z', 0.05, 0.08, -0.15 * k);
      R('z', 0.13, 0.1, 0.15 * k);
      R('pitch', 0.05, 0.08, (p === 'shank' ? 25 : 20) * k);
      R('pitch', 0.13, 0.1, -(p === 'shank' ? 25 : 20) * k);
      for (let i = 0; i < 3; i++) {
        plan.impacts.push({ t0: t0 + (0.4 + 0.08 * i) * d, d: 0.06, g: p === 'shank' ? 0.8 : 0.25 });
        if (p === 'shank' && i % 2 === 0) {
          R('pitch', 0.36 + 0.08 * i, 0.04, -20);
          R('pitch', 0.4 + 0.08 * i, 0.04, 20);
        }
      }
      R('z', 0.75, 0.1, h);
      R('pitch', 0.75, 0.05, (p === 'shank' ? 40 : 10) * k);
      R('pitch', 0.8, 0.05, -(p === 'shank' ? 40 : 10) * k);
      plan.impacts.push({ t0: t0 + 0.8 * d, d: 0.05, g: p === 'shank' ? 0.7 : 0.25 });
      return land;
    }
    case 'lunge': {
      // Step forward 60 cm, lower 35 cm, push back.
      if (p === 'shank' && (!alternate || rep % 2 === 0)) {
        // The band is on the leg that steps out: a quick swing (shank tilts back), the foot
        // strike, then the long part, the shank tilting forward as the knee goes over the toes.
        R('x', 0.0, 0.2, 0.6 * k);
        R('z', 0.0, 0.1, 0.08 * k);
        R('z', 0.1, 0.1, -0.08 * k);
        R('pitch', 0.0, 0.1, -20 * k);
        R('pitch', 0.1, 0.1, 20 * k);
        plan.impacts.push({ t0: t0 + 0.2 * d, d: 0.05, g: 1.2 * k });
        R('pitch', 0.22, 0.25, 25 * k);
        R('pitch', 0.57, 0.25, -25 * k);
        R('z', 0.22, 0.25, -0.06 * k);
        R('z', 0.57, 0.25, 0.06 * k);
        R('x', 0.85, 0.15, -0.6 * k);
        R('pitch', 0.85, 0.07, -15 * k);
        R('pitch', 0.92, 0.08, 15 * k);
      } else if (p === 'shank') {
        // The other leg steps out: this shank is the back one and tips towards horizontal
        // as the back knee goes down.
        R('pitch', 0.22, 0.25, 60 * k);
        R('pitch', 0.57, 0.25, -60 * k);
        R('z', 0.22, 0.25, -0.25 * k);
        R('z', 0.57, 0.25, 0.25 * k);
      } else {
        // The trunk travels some 45 cm forward in under half a second and back as quickly:
        // each step leans the apparent gravity by 15-30 degrees for a moment (a tilt that is
        // no rotation), which made a chest strap count a real lunge two or three times.
        R('x', 0.0, 0.15, 0.45 * k);
        R('z', 0.1, 0.35, -0.35 * k);
        plan.impacts.push({ t0: t0 + 0.15 * d, d: 0.06, g: 0.5 * k });
        R('z', 0.5, 0.35, 0.35 * k);
        R('x', 0.8, 0.15, -0.45 * k);
        R('pitch', 0.1, 0.35, 8 * k);
        R('pitch', 0.5, 0.35, -8 * k);
      }
      return t0 + (p === 'shank' ? 0.52 : 0.47) * d;
    }
    case 'squat': {
      if (p === 'shank') {
        R('pitch', 0.0, 0.45, 25 * k);
        R('pitch', 0.55, 0.45, -25 * k);
        R('z', 0.0, 0.45, -0.06 * k);
        R('z', 0.55, 0.45, 0.06 * k);
      } else {
        R('z', 0.0, 0.45, -0.4 * k);
        R('z', 0.55, 0.45, 0.4 * k);
        R('pitch', 0.0, 0.45, (p === 'chest' ? 30 : 5) * k);
        R('pitch', 0.55, 0.45, -(p === 'chest' ? 30 : 5) * k);
      }
      return t0 + 0.5 * d;
    }
    case 'walk':
      return t0;
  }
}

function buildPlan(o: SyntheticOptions, r: () => number): Plan {
  const plan: Plan = { ramps: [], impacts: [], walks: [], repTimes: [], end: 0 };
  const rest = o.restS ?? 4;
  const walk = o.walkS ?? 0;
  const period = o.periodS ?? PERIOD[o.movement];
  let t = rest;
  if (walk > 0) {
    plan.walks.push({ t0: t, t1: t + walk, cadenceHz: 1.8 + 0.2 * r(), bounceG: o.placement === 'shank' ? 0.8 : 0.25 });
    t += walk + rest;
  }
  for (let i = 0; i < o.reps; i++) {
    const d = period * (0.85 + 0.3 * r());
    const k = (o.scale ?? 1) * (0.8 + 0.4 * r());
    plan.repTimes.push(addRep(plan, o.movement, o.placement, t, d, k, r, i, o.alternate ?? false, o.swayDeg ?? 1));
    // A short pause between reps, sometimes none.
    t += d + (r() < 0.5 ? 0 : 0.4 * r() * period);
  }
  t += rest;
  if (walk > 0) {
    plan.walks.push({ t0: t, t1: t + walk, cadenceHz: 1.8 + 0.2 * r(), bounceG: o.placement === 'shank' ? 0.8 : 0.25 });
    t += walk + rest;
  }
  plan.end = t;
  return plan;
}

/** Channel value, velocity-free second derivative at time t. */
function channel(plan: Plan, ch: Channel, t: number): { v: number; a: number } {
  let v = 0;
  let a = 0;
  for (const rp of plan.ramps) {
    if (rp.ch !== ch || t < rp.t0) continue;
    if (t >= rp.t0 + rp.d) {
      v += rp.delta;
      continue;
    }
    const s = (t - rp.t0) / rp.d;
    v += (rp.delta * (1 - Math.cos(Math.PI * s))) / 2;
    a += ((rp.delta * (Math.PI / rp.d) ** 2) * Math.cos(Math.PI * s)) / 2;
  }
  return { v, a };
}

type Mat = [number, number, number, number, number, number, number, number, number];

function mul(a: Mat, v: [number, number, number]): [number, number, number] {
  return [a[0] * v[0] + a[1] * v[1] + a[2] * v[2], a[3] * v[0] + a[4] * v[1] + a[5] * v[2], a[6] * v[0] + a[7] * v[1] + a[8] * v[2]];
}

/** A uniformly random rotation (random unit quaternion). */
export function randomRotation(r: () => number): Mat {
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

export function synthesize(o: SyntheticOptions): SyntheticRecording {
  const r = rng(o.seed);
  const plan = buildPlan(o, r);
  const mount = randomRotation(r);
  const noise = o.noiseG ?? 0.01;
  const jitter = o.jitter ?? 0.1;
  const drift = { amp: 0.02 * r(), w: (2 * Math.PI) / (40 + 40 * r()), ph: 2 * Math.PI * r() };
  const dt = 1 / o.rateHz;
  const samples: AccSample[] = [];
  for (let i = 0; ; i++) {
    const t = i * dt + (i > 0 ? (r() - 0.5) * jitter * dt : 0);
    if (t > plan.end) break;
    if (o.gap && t >= o.gap.t && t < o.gap.t + o.gap.s) continue;
    // World linear acceleration (m/s^2): x forward, y left, z up.
    let ax = channel(plan, 'x', t).a;
    let ay = channel(plan, 'y', t).a;
    let az = channel(plan, 'z', t).a;
    for (const im of plan.impacts) {
      if (t >= im.t0 && t < im.t0 + im.d) az += im.g * G * Math.sin((Math.PI * (t - im.t0)) / im.d);
    }
    for (const w of plan.walks) {
      if (t >= w.t0 && t < w.t1) {
        az += w.bounceG * G * Math.sin(2 * Math.PI * w.cadenceHz * t);
        ay += 0.3 * w.bounceG * G * Math.sin(Math.PI * w.cadenceHz * t);
        ax += 0.2 * w.bounceG * G * Math.sin(2 * Math.PI * w.cadenceHz * t + 1);
      }
    }
    // Specific force in the world frame, in g.
    const f: [number, number, number] = [ax / G, ay / G, az / G + 1];
    // Into the body segment's frame: pitch about y, roll about x.
    const th = channel(plan, 'pitch', t).v * DEG;
    const ph = channel(plan, 'roll', t).v * DEG;
    const [cx, sx] = [Math.cos(th), Math.sin(th)];
    const bx = cx * f[0] - sx * f[2];
    const bz0 = sx * f[0] + cx * f[2];
    const [cr, sr] = [Math.cos(ph), Math.sin(ph)];
    const by = cr * f[1] + sr * bz0;
    const bz = -sr * f[1] + cr * bz0;
    const [sx1, sy1, sz1] = mul(mount, [bx, by, bz]);
    const bias = drift.amp * Math.sin(drift.w * t + drift.ph);
    samples.push({
      t,
      x: sx1 + bias + noise * gauss(r),
      y: sy1 - bias + noise * gauss(r),
      z: sz1 + 0.5 * bias + noise * gauss(r),
    });
  }
  return { samples, repTimes: plan.repTimes, options: o };
}
