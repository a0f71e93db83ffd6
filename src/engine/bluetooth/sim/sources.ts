/**
 * What the simulated sensors measure: a replayed recording (accelerometer CSV `t,ax,ay,az`,
 * beat intervals CSV `t,rr_ms[,quality]`) or, with no recording, a synthesised session
 * (rest ~70 bpm rising during sets; gravity plus rep-like movement during sets). Both loop,
 * so a demo runs for as long as it is watched. Times are seconds since the replay origin.
 */
import fs from 'node:fs';

export interface AccValue {
  x: number;
  y: number;
  z: number;
}

export interface AccSource {
  readonly label: string;
  /** Acceleration in g at replay time tS (linear interpolation between recorded samples). */
  at(tS: number): AccValue;
}

export interface Beat {
  /** Replay time of the beat, seconds. */
  t: number;
  /** Interval ending at this beat, ms. */
  rrMs: number;
}

export interface HeartSource {
  readonly label: string;
  /** Beats with t in (fromS, toS]. */
  beatsBetween(fromS: number, toS: number): Beat[];
  /** Heart rate shown at tS (from the last few beats). */
  bpmAt(tS: number): number;
}

export class RecordingError extends Error {
  override name = 'RecordingError';
}

function readLines(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RecordingError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

function columnIndex(header: string[], names: string[], file: string): number[] {
  return names.map((n) => {
    const i = header.indexOf(n);
    if (i < 0) throw new RecordingError(`${file}: no "${n}" column (header: ${header.join(',')})`);
    return i;
  });
}

/** Parallel arrays, so a 25-minute 64 Hz recording stays compact. */
export class AccRecording implements AccSource {
  constructor(
    readonly label: string,
    readonly t: Float64Array,
    readonly x: Float64Array,
    readonly y: Float64Array,
    readonly z: Float64Array,
  ) {
    if (t.length < 2) throw new RecordingError(`${label}: needs at least two samples`);
  }

  get durationS(): number {
    return this.t[this.t.length - 1] - this.t[0];
  }

  /** Loops: time past the end wraps to the start (one mean sample period after the last). */
  at(tS: number): AccValue {
    const n = this.t.length;
    const period = this.durationS + this.durationS / (n - 1);
    let u = ((tS % period) + period) % period;
    u += this.t[0];
    // Binary search for the sample at or before u.
    let lo = 0;
    let hi = n - 1;
    if (u >= this.t[hi]) return { x: this.x[hi], y: this.y[hi], z: this.z[hi] };
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.t[mid] <= u) lo = mid;
      else hi = mid;
    }
    const f = (u - this.t[lo]) / (this.t[hi] - this.t[lo] || 1);
    return {
      x: this.x[lo] + (this.x[hi] - this.x[lo]) * f,
      y: this.y[lo] + (this.y[hi] - this.y[lo]) * f,
      z: this.z[lo] + (this.z[hi] - this.z[lo]) * f,
    };
  }
}

/** Reads `t,ax,ay,az` (s, g); rows that are not numbers are skipped and counted. */
export function loadAccCsv(file: string): AccRecording {
  const lines = readLines(file);
  if (lines.length < 3) throw new RecordingError(`${file}: no samples`);
  const header = lines[0].split(',').map((s) => s.trim());
  const [it, ix, iy, iz] = columnIndex(header, ['t', 'ax', 'ay', 'az'], file);
  const t: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const c = lines[i].split(',');
    const v = [Number(c[it]), Number(c[ix]), Number(c[iy]), Number(c[iz])];
    if (!v.every(Number.isFinite)) continue;
    if (t.length && v[0] <= t[t.length - 1]) continue; // time must increase
    t.push(v[0]);
    x.push(v[1]);
    y.push(v[2]);
    z.push(v[3]);
  }
  return new AccRecording(file, Float64Array.from(t), Float64Array.from(x), Float64Array.from(y), Float64Array.from(z));
}

/**
 * Beat intervals from a recording, on the recording's own time axis (so they stay aligned
 * with the same body's acceleration file); intervals of 0 (none given) are dropped. Loops.
 */
export class RrRecording implements HeartSource {
  readonly period: number;

  constructor(
    readonly label: string,
    readonly beats: Beat[],
  ) {
    if (beats.length < 2) throw new RecordingError(`${label}: needs at least two beats`);
    this.period = beats[beats.length - 1].t + beats[beats.length - 1].rrMs / 1000;
  }

  beatsBetween(fromS: number, toS: number): Beat[] {
    const out: Beat[] = [];
    if (!(toS > fromS)) return out;
    const firstLap = Math.floor(fromS / this.period);
    const lastLap = Math.floor(toS / this.period);
    for (let lap = firstLap; lap <= lastLap; lap++) {
      const base = lap * this.period;
      for (const b of this.beats) {
        const t = b.t + base;
        if (t > fromS && t <= toS) out.push({ t, rrMs: b.rrMs });
      }
    }
    return out;
  }

  bpmAt(tS: number): number {
    const recent = this.beatsBetween(tS - 5, tS).filter((b) => b.rrMs >= 250 && b.rrMs <= 2000);
    if (!recent.length) return 0;
    const mean = recent.reduce((s, b) => s + b.rrMs, 0) / recent.length;
    return Math.round(60000 / mean);
  }
}

/** Reads `t,rr_ms[,quality]` (the chest-shirt rr.csv). */
export function loadRrCsv(file: string): RrRecording {
  const lines = readLines(file);
  const header = lines[0]?.split(',').map((s) => s.trim()) ?? [];
  const [it, ir] = columnIndex(header, ['t', 'rr_ms'], file);
  const beats: Beat[] = [];
  for (let i = 1; i < lines.length; i++) {
    const c = lines[i].split(',');
    const t = Number(c[it]);
    const rr = Number(c[ir]);
    if (!Number.isFinite(t) || !Number.isFinite(rr) || rr <= 0) continue;
    if (beats.length && t <= beats[beats.length - 1].t) continue;
    beats.push({ t, rrMs: rr });
  }
  return new RrRecording(file, beats);
}

/**
 * A training pattern shared by the synthetic sources: a set of `setS` seconds every `cycleS`
 * seconds (starting after `restS0` of rest), so heart rate and movement agree.
 */
export interface SessionShape {
  cycleS: number;
  setS: number;
  restS0: number;
}

export const DEFAULT_SHAPE: SessionShape = { cycleS: 90, setS: 35, restS0: 20 };

function inSet(tS: number, s: SessionShape): { active: boolean; sinceS: number } {
  if (tS < s.restS0) return { active: false, sinceS: tS + 600 };
  const u = (tS - s.restS0) % s.cycleS;
  return u < s.setS ? { active: true, sinceS: u } : { active: false, sinceS: u - s.setS };
}

/** Small deterministic noise (no Math.random, so tests and demos repeat). */
function hashNoise(i: number): number {
  let h = (i * 374761393) ^ 0x5bd1e995;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h ^= h >>> 16;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

export class SyntheticHeart implements HeartSource {
  readonly label = 'synthetic heart rate';
  constructor(private readonly shape: SessionShape = DEFAULT_SHAPE) {}

  bpmAt(tS: number): number {
    return Math.round(this.rawBpm(tS));
  }

  private rawBpm(tS: number): number {
    const { active, sinceS } = inSet(tS, this.shape);
    const rest = 70;
    const peak = 128;
    if (active) return rest + (peak - rest) * (1 - Math.exp(-sinceS / 12)) + 2 * Math.sin(tS / 7);
    // Recovery from the level reached at the end of the set.
    const reached = rest + (peak - rest) * (1 - Math.exp(-this.shape.setS / 12));
    const since = Math.min(sinceS, 600);
    return rest + (reached - rest) * Math.exp(-since / 30) + 2 * Math.sin(tS / 7);
  }

  /** Beats from replay time 0 on, generated once: every window then sees the same beats. */
  private readonly beats: Beat[] = [];
  private beatIndex = 0;

  beatsBetween(fromS: number, toS: number): Beat[] {
    if (!(toS > fromS)) return [];
    let t = this.beats.length ? this.beats[this.beats.length - 1].t : 0;
    while (t <= toS) {
      const rr = (60000 / this.rawBpm(t)) * (1 + 0.03 * hashNoise(this.beatIndex++));
      t += rr / 1000;
      this.beats.push({ t, rrMs: Math.round(rr * 10) / 10 });
    }
    // First beat after fromS by binary search.
    let lo = 0;
    let hi = this.beats.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.beats[mid].t <= fromS) lo = mid + 1;
      else hi = mid;
    }
    const out: Beat[] = [];
    for (let i = lo; i < this.beats.length && this.beats[i].t <= toS; i++) out.push(this.beats[i]);
    return out;
  }
}

export class SyntheticMotion implements AccSource {
  readonly label = 'synthetic movement';
  constructor(private readonly shape: SessionShape = DEFAULT_SHAPE) {}

  at(tS: number): AccValue {
    const { active } = inSet(tS, this.shape);
    const n = 0.01 * hashNoise(Math.floor(tS * 200));
    if (!active) return { x: 0.02 + n, y: -0.05, z: 0.99 + n };
    // One rep every 2.5 s: a down-up movement along the body axis with a little sway.
    const phase = (2 * Math.PI * tS) / 2.5;
    return { x: 0.02 + 0.08 * Math.sin(phase / 2) + n, y: -0.05 + 0.05 * Math.cos(phase), z: 1 + 0.35 * Math.sin(phase) + n };
  }
}
