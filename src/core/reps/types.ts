/**
 * The rep detector's public face. The engine, the CLI and the store's importer use only
 * this; the detector's insides are free to change.
 */
import type { AccSample, Rep } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';

export type RepEvent =
  | { type: 'rep'; rep: Rep }
  /** A rep reported earlier is withdrawn; the UI shows this, it is never silent. */
  | { type: 'retract'; t: number; detectedAt: number; reason: string };

export interface RepDetector {
  readonly exerciseId: ExerciseId;
  /**
   * Feed one sample (stream seconds, g). Returns what became known with it: read it before the
   * next push (most samples share one empty array).
   */
  push(sample: AccSample): readonly RepEvent[];
  /** End of stream: report what is still pending. */
  flush(): readonly RepEvent[];
  /** Reps standing now (emitted minus retracted). */
  readonly count: number;
}

export type MotionEvent =
  | { type: 'motion-start'; t: number }
  | { type: 'still'; t: number; since: number };

/** Tells movement from stillness, for automatic set start/end and for finding sets in a recording. */
export interface MotionSegmenter {
  push(sample: AccSample): readonly MotionEvent[];
  flush(): readonly MotionEvent[];
}
