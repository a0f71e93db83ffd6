/**
 * Keeps the summary figures on session and set rows current. Each refresh reads only the
 * session's own small rows (sets, reps, HR) through indexes, never the raw chunks.
 */
import type Database from 'better-sqlite3';
import { HrAccumulator, type HrProfile } from './zones';

export function refreshSetRepCount(db: Database.Database, setId: number): void {
  db.prepare(
    'UPDATE sets SET reps_detected = (SELECT count(*) FROM reps WHERE set_id = @id AND retracted_at IS NULL) WHERE id = @id',
  ).run({ id: setId });
}

/** Set and rep counts of a session (a person's correction wins over the detector). */
export function refreshSessionCounts(db: Database.Database, sessionId: number): void {
  db.prepare(
    `UPDATE sessions SET
       set_count = (SELECT count(*) FROM sets WHERE session_id = @id),
       rep_count = (SELECT coalesce(sum(coalesce(reps_corrected, reps_detected)), 0) FROM sets WHERE session_id = @id)
     WHERE id = @id`,
  ).run({ id: sessionId });
}

/** Average and max HR over a set's time span, from the stored HR rows. */
export function refreshSetHr(db: Database.Database, setId: number): void {
  db.prepare(
    `UPDATE sets SET (avg_hr, max_hr) = (
       SELECT avg(h.bpm), max(h.bpm) FROM hr_samples h
       WHERE h.session_id = sets.session_id AND h.bpm > 0 AND h.t_ms >= sets.started_at AND h.t_ms <= sets.ended_at)
     WHERE id = ? AND ended_at IS NOT NULL`,
  ).run(setId);
}

export function writeHrSummary(db: Database.Database, sessionId: number, acc: HrAccumulator): void {
  const [z1, z2, z3, z4, z5] = acc.zoneSeconds;
  db.prepare(
    `UPDATE sessions SET hr_count = ?, hr_sum = ?, hr_max = ?, zone1_s = ?, zone2_s = ?, zone3_s = ?, zone4_s = ?, zone5_s = ?
     WHERE id = ?`,
  ).run(acc.count, acc.sum, acc.max, z1, z2, z3, z4, z5, sessionId);
}

/** Rebuilds the HR figures from stored rows (recovery; after a profile change). */
export function recomputeHrSummary(db: Database.Database, sessionId: number, profile: HrProfile): HrAccumulator {
  const acc = new HrAccumulator(profile);
  const rows = db.prepare('SELECT t_ms, bpm FROM hr_samples WHERE session_id = ? ORDER BY t_ms').raw().iterate(sessionId) as IterableIterator<[number, number]>;
  for (const [t, bpm] of rows) acc.push(t, bpm);
  writeHrSummary(db, sessionId, acc);
  return acc;
}
