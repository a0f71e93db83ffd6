/**
 * One set while it runs: a fresh rep detector on one sensor's acceleration, the quality
 * figures of its reps, the person's +/- correction and the heart rate during it.
 */
import type { WorkoutView } from '../../shared/commands/workout';
import type { Rep } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import { createStreamingRepDetector, type RepEvent, type StreamingRepDetector } from '../../core/reps';
import { QualityTally } from './quality';

export type AccPoint = { tMs: number; x: number; y: number; z: number };

/** What becomes of the detector's decisions (the recording stores them). */
export interface RepSink {
  rep(setId: number, rep: Rep): void;
  retract(setId: number, t: number, reason: string): void;
}

const RETRACT_SHOWN_MS = 4000;

export class RunningSet {
  private readonly detector: StreamingRepDetector;
  readonly quality = new QualityTally();
  correction = 0;
  private hrSum = 0;
  private hrN = 0;
  private hrMax: number | null = null;
  /** One sensor counts a set: two on different body parts would double-count. */
  accSensor: string | null = null;
  private retracted: { message: string; atMs: number } | null = null;

  constructor(
    readonly setId: number | null,
    readonly startedAt: number,
    exerciseId: ExerciseId,
    /** Started by motion: stillness ends it. */
    readonly auto: boolean,
    private readonly sink: RepSink,
    private readonly now: () => number,
  ) {
    this.detector = createStreamingRepDetector(exerciseId);
  }

  get detected(): number {
    return this.detector.count;
  }

  get reps(): number {
    return Math.max(0, this.detector.count + this.correction);
  }

  adjust(delta: number): void {
    this.correction += Math.max(delta, -(this.detector.count + this.correction));
  }

  /** Feeds one sample from `sensorId` (times relative to the workout's origin, seconds). */
  feed(sensorId: string, s: AccPoint, originMs: number): void {
    if (!this.auto && s.tMs < this.startedAt) return;
    this.accSensor ??= sensorId;
    if (this.accSensor === sensorId) this.push(s, originMs);
  }

  /** Feeds a sample regardless of its sensor (the lookback replayed into a set motion started). */
  push(s: AccPoint, originMs: number): void {
    for (const e of this.detector.push({ t: (s.tMs - originMs) / 1000, x: s.x, y: s.y, z: s.z })) this.onRepEvent(e);
  }

  /** What the detector still holds belongs to this set. */
  flush(): void {
    for (const e of this.detector.flush()) this.onRepEvent(e);
  }

  addHr(bpm: number): void {
    this.hrSum += bpm;
    this.hrN++;
    this.hrMax = Math.max(this.hrMax ?? 0, bpm);
  }

  get avgHr(): number | null {
    return this.hrN > 0 ? Math.round(this.hrSum / this.hrN) : null;
  }

  get maxHr(): number | null {
    return this.hrMax;
  }

  view(nowMs: number, elapsedS: number): NonNullable<WorkoutView['set']> {
    return {
      startedAt: this.startedAt,
      elapsedS,
      reps: this.reps,
      repsDetected: this.detector.count,
      quality: this.quality.figures(),
      retracted: this.retracted && nowMs - this.retracted.atMs < RETRACT_SHOWN_MS ? this.retracted.message : null,
    };
  }

  private onRepEvent(e: RepEvent): void {
    if (e.type === 'rep') {
      this.quality.add(e.rep.quality);
      if (this.setId !== null) this.sink.rep(this.setId, e.rep);
    } else {
      this.retracted = { message: `One rep taken back: ${e.reason}`, atMs: this.now() };
      if (this.setId !== null) this.sink.retract(this.setId, e.t, e.reason);
    }
  }
}
