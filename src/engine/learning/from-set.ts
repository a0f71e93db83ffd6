/**
 * Learning from a set corrected in History: the set's stored acceleration (the sensor with
 * the most samples in the set's time span) goes through the learner with the corrected count,
 * on top of the model learned so far for that exercise at the accelerometer's placement.
 */
import type { AccSample, SessionDetail } from '../../shared/domain';
import type { CustomExercise } from '../../shared/custom-exercises';
import { exerciseDisplayName, profileOfExercise } from '../../shared/custom-exercises';
import type { RepModel } from '../../shared/rep-model';
import type { Placement } from '../../core/reps/model';
import type { AccChunkRead } from '../store/types';
import { learnFromSampleArray } from './learn';

/** What learning needs from the store (the SQLite Store satisfies it). */
export interface LearningStore {
  getSession(id: number): SessionDetail | null;
  iterateAcc(sessionId: number, sensorId?: string, fromMs?: number, toMs?: number): IterableIterator<AccChunkRead>;
  getRepModel(exercise: string, placement: string): RepModel | null;
  putRepModel(model: RepModel, source?: { setId: number | null; prior: RepModel | null }): RepModel;
  lastRepModelSource(exercise: string, placement: string): { setId: number | null; prior: RepModel | null } | null;
  unlearnSet(exercise: string, placement: string, setId: number): boolean;
  listCustomExercises(): CustomExercise[];
}

export type LearnFromSetResult = { ok: true; model: RepModel; samples: number } | { ok: false; reason: string };

/** Samples of a stored set, in stream seconds from the set's start; the busiest sensor only. */
export function setSamples(store: LearningStore, sessionId: number, fromMs: number, toMs: number): AccSample[] {
  const bySensor = new Map<string, AccSample[]>();
  for (const c of store.iterateAcc(sessionId, undefined, fromMs, toMs)) {
    const list = bySensor.get(c.sensorId) ?? [];
    for (let i = 0; i < c.count; i++) {
      const t = c.tMs[i];
      if (t < fromMs || t > toMs) continue;
      list.push({ t: (t - fromMs) / 1000, x: c.x[i], y: c.y[i], z: c.z[i] });
    }
    bySensor.set(c.sensorId, list);
  }
  let best: AccSample[] = [];
  for (const list of bySensor.values()) if (list.length > best.length) best = list;
  return best;
}

export function learnFromStoredSet(
  store: LearningStore,
  sessionId: number,
  setId: number,
  trueReps: number,
  o: { placement: Placement; now: string },
): LearnFromSetResult {
  const session = store.getSession(sessionId);
  const set = session?.sets.find((s) => s.id === setId);
  if (!session || !set) return { ok: false, reason: `session ${sessionId} has no set ${setId}` };
  const toMs = set.endedAt ?? set.startedAt + 3_600_000;
  const samples = setSamples(store, sessionId, set.startedAt, toMs);
  if (samples.length < 2) return { ok: false, reason: 'this set has no stored acceleration to learn from' };
  const custom = store.listCustomExercises();
  const exercise = set.exerciseKey ?? set.exerciseId;
  // Corrected again right after (+, +, +): learn from the model as it was before this set.
  const last = store.lastRepModelSource(exercise, o.placement);
  const prior = last && last.setId === setId ? last.prior : store.getRepModel(exercise, o.placement);
  const model = learnFromSampleArray(samples, trueReps, {
    exercise,
    name: prior?.name ?? exerciseDisplayName(exercise, custom),
    profile: prior?.profile ?? profileOfExercise(exercise, custom),
    placement: o.placement,
    prior,
    now: o.now,
  });
  return { ok: true, model: store.putRepModel(model, { setId, prior }), samples: samples.length };
}

/** A correction taken back: the set's exercise model forgets it when it was the last thing learned. */
export function unlearnStoredSet(store: LearningStore, sessionId: number, setId: number, placement: Placement): boolean {
  const set = store.getSession(sessionId)?.sets.find((s) => s.id === setId);
  return set ? store.unlearnSet(set.exerciseKey ?? set.exerciseId, placement, setId) : false;
}
