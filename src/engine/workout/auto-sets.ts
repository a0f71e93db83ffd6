/**
 * Automatic sets: motion on one sensor starts a set, stillness ends one that motion started.
 * The last seconds of acceleration are kept, because the segmenter dates motion back to its
 * rise and the new set's detector must see it.
 */
import { createMotionSegmenter, type MotionEvent, type MotionSegmenter } from '../../core/reps';
import type { AccPoint } from './running-set';

/** Acceleration kept for an automatic start: the segmenter dates motion back to its rise. */
const LOOKBACK_MS = 3000;

export class AutoSets {
  private segmenter: MotionSegmenter | null = null;
  private sensor: string | null = null;
  private recent: AccPoint[] = [];

  constructor(on = false) {
    this.reset(on);
  }

  get on(): boolean {
    return this.segmenter !== null;
  }

  reset(on: boolean): void {
    this.segmenter = on ? createMotionSegmenter() : null;
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
    return this.segmenter.push({ t: (s.tMs - originMs) / 1000, x: s.x, y: s.y, z: s.z });
  }

  /** When a set that motion started at `eventT` (seconds from the origin) began, epoch ms. */
  startOf(eventT: number, originMs: number, fallbackMs: number): number {
    return Math.max(originMs + eventT * 1000, this.recent[0]?.tMs ?? fallbackMs);
  }
}
