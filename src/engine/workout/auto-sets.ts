/**
 * Automatic sets: motion on one sensor starts a set, stillness ends one that motion started.
 * The last seconds of acceleration are kept, because the segmenter dates motion back to its
 * rise and the new set's detector must see it.
 */
import { createMotionSegmenter, type MotionEvent, type MotionSegmenter } from '../../core/reps';
import type { AccPoint } from './running-set';

/** Acceleration kept for an automatic start: the segmenter dates motion back to its rise. */
const LOOKBACK_MS = 3000;
/** A movement rising this soon after automatic sets were switched on was already going on. */
const SETTLE_MS = 1500;

export class AutoSets {
  private segmenter: MotionSegmenter | null = null;
  private sensor: string | null = null;
  private recent: AccPoint[] = [];
  /**
   * Switched on mid-workout (epoch ms): a movement already under way then (the person walking
   * about in a rest) must not start a set; the next one, after stillness, does.
   */
  private switchedOnAt: number | null = null;

  constructor(on = false) {
    this.reset(on);
  }

  get on(): boolean {
    return this.segmenter !== null;
  }

  reset(on: boolean, switchedOnAtMs?: number): void {
    this.segmenter = on ? createMotionSegmenter() : null;
    this.switchedOnAt = on && switchedOnAtMs !== undefined ? switchedOnAtMs : null;
    this.sensor = null;
    this.recent = [];
  }

  /** The samples kept for a set that motion started (the still part first settles the filters). */
  get lookback(): readonly AccPoint[] {
    return this.recent;
  }

  /** Feeds one sample of `sensorId`; the first sensor seen is the one that is followed. */
  push(sensorId: string, s: AccPoint, originMs: number): MotionEvent[] {
    if (!this.segmenter) return [];
    this.sensor ??= sensorId;
    if (this.sensor !== sensorId) return [];
    this.recent.push(s);
    while (this.recent.length > 0 && this.recent[0].tMs < s.tMs - LOOKBACK_MS) this.recent.shift();
    const events = this.segmenter.push({ t: (s.tMs - originMs) / 1000, x: s.x, y: s.y, z: s.z });
    return events.filter((e) => {
      if (e.type === 'still') this.switchedOnAt = null;
      return !(e.type === 'motion-start' && this.switchedOnAt !== null && originMs + e.t * 1000 < this.switchedOnAt + SETTLE_MS);
    });
  }

  /** When a set that motion started at `eventT` (seconds from the origin) began, epoch ms. */
  startOf(eventT: number, originMs: number, fallbackMs: number): number {
    return Math.max(originMs + eventT * 1000, this.recent[0]?.tMs ?? fallbackMs);
  }
}
