/**
 * Sessions left 'recording' by a process that died are closed at their last stored sample
 * and marked 'recovered'. Nothing is deleted: open sets are closed, figures recomputed.
 *
 * A session is taken as abandoned when the process that wrote it is gone (its pid no longer
 * exists) or its heartbeat (written at least every 10 s by a live writer) is older than
 * STALE_HEARTBEAT_MS. So a CLI run while the app records never "recovers" the live session.
 */
import type Database from 'better-sqlite3';
import { recomputeHrSummary, refreshSessionCounts, refreshSetHr } from './summary';
import type { HrProfile } from './zones';

export const STALE_HEARTBEAT_MS = 5 * 60_000;

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface RecordingRow {
  id: number;
  started_at: number;
  writer_pid: number | null;
  heartbeat_at: number | null;
}

export function findAbandoned(
  db: Database.Database,
  activeHere: ReadonlySet<number>,
  now: number,
  isAlive: (pid: number) => boolean = processAlive,
): number[] {
  const rows = db
    .prepare("SELECT id, started_at, writer_pid, heartbeat_at FROM sessions WHERE status = 'recording'")
    .all() as RecordingRow[];
  return rows
    .filter((r) => {
      if (activeHere.has(r.id)) return false;
      const stale = now - (r.heartbeat_at ?? r.started_at) > STALE_HEARTBEAT_MS;
      const gone = r.writer_pid === null || (r.writer_pid === process.pid ? false : !isAlive(r.writer_pid));
      // Our own pid with no live writer here: a writer object that was dropped in this process.
      const orphanHere = r.writer_pid === process.pid && !activeHere.has(r.id) && stale;
      return gone || stale || orphanHere;
    })
    .map((r) => r.id);
}

/** The latest instant anything of this session was stored at (epoch ms). */
export function lastStoredInstant(db: Database.Database, id: number): number {
  const r = db
    .prepare(
      `SELECT max(
         s.started_at,
         coalesce((SELECT max(t_ms) FROM hr_samples WHERE session_id = s.id), 0),
         coalesce((SELECT max(t_ms) FROM rr_intervals WHERE session_id = s.id), 0),
         coalesce((SELECT max(t1_ms) FROM acc_chunks WHERE session_id = s.id), 0),
         coalesce((SELECT max(max(started_at, coalesce(ended_at, 0))) FROM sets WHERE session_id = s.id), 0),
         coalesce((SELECT max(to_ms) FROM stream_gaps WHERE session_id = s.id), 0)
       ) AS last FROM sessions s WHERE s.id = ?`,
    )
    .get(id) as { last: number };
  return r.last;
}

/** Closes one abandoned session in one transaction. */
export function recoverSession(db: Database.Database, id: number, profile: HrProfile): void {
  db.transaction(() => {
    const last = lastStoredInstant(db, id);
    const started = (db.prepare('SELECT started_at FROM sessions WHERE id = ?').get(id) as { started_at: number }).started_at;
    // An open set ends at its last standing rep (rep times are seconds from session start),
    // or at the session's last sample when it has none.
    const open = db.prepare('SELECT id, started_at FROM sets WHERE session_id = ? AND ended_at IS NULL').all(id) as { id: number; started_at: number }[];
    for (const s of open) {
      const lastRep = db.prepare('SELECT max(end_t) AS e FROM reps WHERE set_id = ? AND retracted_at IS NULL').get(s.id) as { e: number | null };
      const end = lastRep.e !== null ? Math.min(last, Math.max(s.started_at, started + lastRep.e * 1000)) : Math.max(s.started_at, last);
      db.prepare('UPDATE sets SET ended_at = ?, reps_detected = (SELECT count(*) FROM reps WHERE set_id = ? AND retracted_at IS NULL) WHERE id = ?').run(end, s.id, s.id);
      refreshSetHr(db, s.id);
    }
    refreshSessionCounts(db, id);
    recomputeHrSummary(db, id, profile);
    db.prepare(
      `UPDATE sessions SET status = 'recovered', ended_at = ?, last_sample_at = ?, duration_s = ?, writer_pid = NULL WHERE id = ?`,
    ).run(last, last, Math.max(0, (last - started) / 1000), id);
  }).immediate();
}
