/**
 * The two detection jobs and the messages that carry them to the detection worker: `reps`
 * counts a recording's reps (the `reps` command), `sets` finds its sets and their reps (the
 * `import` command). A job takes packed samples ([t, x, y, z, ...]) batch by batch and runs
 * the same way in the worker and in the calling thread.
 */
import type { ExerciseId } from '../../shared/exercises';
import { createRepDetector } from '../../core/reps/detector';
import { createMotionSegmenter } from '../../core/reps/segmenter';
import { RepCounter, type RepCount, type RepCountSpec } from './rep-counter';
import { SetFinder, type FoundSet, type SetFinderDeps } from './set-finder';

export type JobSpec = { kind: 'reps'; count: RepCountSpec } | { kind: 'sets'; exerciseId: ExerciseId };

export type JobResult = { kind: 'reps'; count: RepCount } | { kind: 'sets'; sets: FoundSet[]; setsFrom: SetFinder['setsFrom'] };

export interface DetectJob {
  /** Takes `count` samples of `data`; returns the sets that ended with them (`sets` jobs). */
  push(data: Float64Array, count: number): FoundSet[];
  /** End of the samples (`lastT`: the last one's time); the sets still open end. */
  finish(lastT: number): JobResult;
}

/** Main thread -> worker. A batch's buffer is transferred, not copied. */
export type ToWorker = { type: 'batch'; data: Float64Array<ArrayBuffer>; count: number } | { type: 'end'; lastT: number };

/**
 * Worker -> main thread: one ack per batch, returning its buffer (the room it frees is the
 * backpressure), then done.
 */
export type FromWorker =
  | { type: 'ack'; sets: FoundSet[]; data: Float64Array<ArrayBuffer> }
  | { type: 'done'; result: JobResult }
  | { type: 'failed'; message: string; stack?: string };

/** The real detector and segmenter; a `sets` job in this thread may be given others (tests). */
const REAL: SetFinderDeps = { createDetector: (id) => createRepDetector(id), createSegmenter: () => createMotionSegmenter() };

export function createJob(spec: JobSpec, deps: SetFinderDeps = REAL): DetectJob {
  if (spec.kind === 'reps') {
    const counter = new RepCounter(spec.count);
    return {
      push(data, count) {
        counter.push(data, count);
        return [];
      },
      finish: () => ({ kind: 'reps', count: counter.finish() }),
    };
  }
  const finder = new SetFinder(spec.exerciseId, deps);
  return {
    push: (data, count) => finder.push(data, count),
    finish: (lastT) => ({ kind: 'sets', sets: finder.finish(lastT), setsFrom: finder.setsFrom }),
  };
}
