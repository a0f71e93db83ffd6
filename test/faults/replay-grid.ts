/**
 * What the simulator sent, recovered from what arrived: the demo sensors replay
 * SyntheticMotion on a fixed grid (sample k at k / rate seconds of replay time), so each
 * received sample is identified by its values as grid sample k. Within one run of data
 * (between two gaps) every k must be there; the samples the simulator sent while the link was
 * up are then (last k - first k + 1) per run, and any hole outside a reported gap is a loss.
 */
import { SyntheticMotion } from '../../src/engine/bluetooth/sim/sources';
import type { AccReading, Gap } from '../../src/engine/bluetooth/device-manager';

export interface GridRun {
  firstK: number;
  lastK: number;
  firstMs: number;
  lastMs: number;
}

export interface GridCount {
  runs: GridRun[];
  /** Grid samples between the first and last of each run: what was on the air while the link was up. */
  sent: number;
  received: number;
  /** Jumps in k that no reported gap covers (samples lost while the link was up). */
  unexplainedJumps: string[];
  /** Samples that match no grid sample after the previous one (reordered, repeated or corrupt). */
  unmatched: number;
}

const motion = new SyntheticMotion();
/** As received: H10 1 mG steps, the generic IMU int16 at ±8 g. Both well inside this. */
export const RECEIVED_TOL_G = 0.0006;
/** As stored: a further rounding to 1/4096 g by the chunk codec. */
export const STORED_TOL_G = 0.0009;

export function countAgainstGrid(
  id: string,
  samples: readonly AccReading[],
  rateHz: number,
  originMs: number,
  gaps: readonly Gap[],
  tol = RECEIVED_TOL_G,
): GridCount {
  const matches = (k: number, s: AccReading, rate: number): boolean => {
    const v = motion.at(k / rate);
    return Math.abs(v.x - s.x) <= tol && Math.abs(v.y - s.y) <= tol && Math.abs(v.z - s.z) <= tol;
  };
  const runs: GridRun[] = [];
  const unexplainedJumps: string[] = [];
  let unmatched = 0;
  let prevK = -1;
  const confirmed = (c: number, i: number): boolean => {
    // At rest the signal is small noise: a single match could be chance, 6 in a row are not.
    for (let j = 0; j < 6 && i + j < samples.length; j++) if (!matches(c + j, samples[i + j], rateHz)) return false;
    return true;
  };
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    // The next grid sample, unless time jumped (after a hole the first sample can match the
    // next grid value by chance at rest: it must then be placed with look-ahead like any other).
    if (prevK >= 0 && s.tMs - samples[i - 1].tMs < 5000 / rateHz && matches(prevK + 1, s, rateHz)) {
      prevK++;
      const run = runs[runs.length - 1];
      run.lastK = prevK;
      run.lastMs = s.tMs;
      continue;
    }
    const est = Math.round(((s.tMs - originMs) / 1000) * rateHz);
    let found = -1;
    for (let d = 0; d <= 600 && found < 0; d++) for (const c of [est - d, est + d]) if (found < 0 && c > prevK && confirmed(c, i)) found = c;
    if (found < 0) {
      unmatched++;
      continue;
    }
    if (prevK >= 0 && found === prevK + 1) {
      // Contiguous after all (only the time stepped): the same run goes on.
      prevK = found;
      const run = runs[runs.length - 1];
      run.lastK = prevK;
      run.lastMs = s.tMs;
      continue;
    }
    if (prevK >= 0) {
      const before = samples[i - 1].tMs;
      const covered = gaps.some((g) => g.id === id && g.stream === 'acc' && g.startMs <= before + 1e-6 && g.endMs >= s.tMs - 1e-6);
      if (!covered) unexplainedJumps.push(`${id}: k ${prevK} -> ${found} between ${before} and ${s.tMs}`);
    }
    runs.push({ firstK: found, lastK: found, firstMs: s.tMs, lastMs: s.tMs });
    prevK = found;
  }
  const sent = runs.reduce((a, r) => a + (r.lastK - r.firstK + 1), 0);
  return { runs, sent, received: samples.length, unexplainedJumps, unmatched };
}
