/**
 * Heart-rate summary figures (average, max, seconds in five zones), computed the same way by
 * the live writer (incrementally) and by recovery (from stored rows).
 *
 * Zones are core/hr/zones' bands (50-60-70-80-90 % of max HR or of HR reserve). Time below
 * zone 1 counts in no zone. Each sample's interval to
 * the next counts in the earlier sample's zone; intervals longer than MAX_ZONE_STEP_MS (a
 * dropout) count nowhere, so a lost strap does not inflate a zone.
 */

import { zoneLowerBounds, type ZoneProfile, type ZonesMethod } from '../../core/hr/zones';

export type { ZonesMethod };
export type HrProfile = ZoneProfile;

export const DEFAULT_HR_PROFILE: HrProfile = { maxHr: 190, restingHr: 60, zonesMethod: 'max' };
export const MAX_ZONE_STEP_MS = 10_000;

export type ZoneSeconds = [number, number, number, number, number];

/** Lower bounds (bpm) of zones 1..5: the same bands as the live screen (core/hr/zones). */
export function zoneBounds(p: HrProfile): number[] {
  return zoneLowerBounds(p);
}

/** Zone index 0..4, or -1 below zone 1. */
export function zoneIndex(bounds: readonly number[], bpm: number): number {
  for (let z = bounds.length - 1; z >= 0; z--) if (bpm >= bounds[z]) return z;
  return -1;
}

export class HrAccumulator {
  count = 0;
  sum = 0;
  max: number | null = null;
  zoneSeconds: ZoneSeconds = [0, 0, 0, 0, 0];
  private last: { tMs: number; bpm: number } | null = null;
  private readonly bounds: number[];

  constructor(profile: HrProfile) {
    this.bounds = zoneBounds(profile);
  }

  push(tMs: number, bpm: number): void {
    if (!(bpm > 0)) return; // 0 bpm is "no reading", not a heart rate
    this.count++;
    this.sum += bpm;
    if (this.max === null || bpm > this.max) this.max = bpm;
    if (this.last) {
      const dt = tMs - this.last.tMs;
      const z = zoneIndex(this.bounds, this.last.bpm);
      if (dt > 0 && dt <= MAX_ZONE_STEP_MS && z >= 0) this.zoneSeconds[z] += dt / 1000;
    }
    if (!this.last || tMs >= this.last.tMs) this.last = { tMs, bpm };
  }

  get avg(): number | null {
    return this.count > 0 ? this.sum / this.count : null;
  }
}
