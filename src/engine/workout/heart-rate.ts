/**
 * Heart rate as the live screen follows it: one source at a time, the latest reading, RMSSD,
 * recovery after each set, the per-second trail and the workout's average and maximum.
 * It lives across the whole app run, workout or not: the screen shows heart rate before a start.
 */
import type { WorkoutView } from '../../shared/commands/workout';
import type { Settings } from '../../shared/contract';
import type { HeartRateSample, RrInterval } from '../../shared/domain';
import { HrRecovery, RmssdWindow, zoneLowerBounds, zoneOf } from '../../core/hr';
import { HrTail } from './hr-tail';

/** A reading older than this is not shown as the current heart rate. */
const FRESH_MS = 10_000;
/** A silent source is replaced after this long (it dropped out). */
const SOURCE_SILENT_MS = 5000;

export class HeartRateFollower {
  private latest: { bpm: number; atMs: number; contact: boolean | null } | null = null;
  /** One heart-rate source at a time (a Polar H10 and a strap together would interleave). */
  private source: { id: string; lastMs: number } | null = null;
  private readonly rmssd = new RmssdWindow();
  private recovery = new HrRecovery();
  private readonly tail = new HrTail();
  private totals = { sum: 0, n: 0, max: null as number | null };

  /** A new workout: recovery and totals start again (the trail and RMSSD go on). */
  restart(): void {
    this.recovery = new HrRecovery();
    this.totals = { sum: 0, n: 0, max: null };
  }

  /** True when `sensorId` is (or now becomes) the heart-rate source. */
  takeFrom(sensorId: string, nowMs: number): boolean {
    const cur = this.source;
    if (!cur || cur.id === sensorId || nowMs - cur.lastMs > SOURCE_SILENT_MS) {
      this.source = { id: sensorId, lastMs: nowMs };
      return true;
    }
    return false;
  }

  isSource(sensorId: string): boolean {
    return this.source?.id === sensorId;
  }

  /** One valid reading (bpm > 0); `inWorkout` counts it in the workout's totals. */
  push(s: HeartRateSample, inWorkout: boolean): void {
    this.latest = { bpm: s.bpm, atMs: s.tMs, contact: s.contact };
    this.recovery.pushHr(s.tMs, s.bpm);
    this.tail.push(s.tMs, s.bpm);
    if (!inWorkout) return;
    this.totals.sum += s.bpm;
    this.totals.n++;
    this.totals.max = Math.max(this.totals.max ?? 0, s.bpm);
  }

  pushRr(s: RrInterval): void {
    this.rmssd.push(s.tMs, s.rrMs);
  }

  setEnded(atMs: number): void {
    this.recovery.setEnded(atMs);
  }

  get avg(): number | null {
    return this.totals.n > 0 ? Math.round(this.totals.sum / this.totals.n) : null;
  }

  get max(): number | null {
    return this.totals.max;
  }

  view(nowMs: number, settings: Settings, tailPoints: number): Pick<WorkoutView, 'recovery' | 'hr' | 'zoneBounds' | 'rmssdMs' | 'hrTail'> {
    const profile = { maxHr: settings.maxHr, restingHr: settings.restingHr, zonesMethod: settings.zonesMethod };
    const fresh = this.latest && nowMs - this.latest.atMs < FRESH_MS ? this.latest : null;
    return {
      recovery: this.recovery.view(nowMs),
      hr: fresh ? { bpm: Math.round(fresh.bpm), zone: zoneOf(fresh.bpm, profile), atMs: fresh.atMs, contact: fresh.contact } : null,
      zoneBounds: zoneLowerBounds(profile),
      rmssdMs: this.rmssd.value(nowMs),
      hrTail: this.tail.snapshot(tailPoints),
    };
  }
}
