/**
 * Runs a recorded set through the core learner (src/core/reps/model.ts) with its true count:
 * the one way a model is made or updated, whether from a CLI file, a History correction or a
 * "teach" set, so all three learn alike.
 */
import type { AccSample } from '../../shared/domain';
import type { RepModel } from '../../shared/rep-model';
import { createRepModelLearner, type RepModelLearnerOptions } from '../../core/reps/model';

export type LearnOptions = RepModelLearnerOptions;

export async function learnFromSamples(samples: AsyncIterable<AccSample> | Iterable<AccSample>, trueReps: number, options: LearnOptions): Promise<{ model: RepModel; samples: number }> {
  const learner = createRepModelLearner(options);
  let n = 0;
  for await (const s of samples) {
    learner.push(s);
    n++;
  }
  return { model: learner.finish(trueReps), samples: n };
}

/** The same, for samples already in memory (a set read from the store). */
export function learnFromSampleArray(samples: readonly AccSample[], trueReps: number, options: LearnOptions): RepModel {
  const learner = createRepModelLearner(options);
  for (const s of samples) learner.push(s);
  return learner.finish(trueReps);
}
