/**
 * Streaming reads of one session's samples. They run on their own read connection, so a
 * consumer may pause between rows (an export awaiting a file write) while the writer keeps
 * committing on the main connection; WAL gives the reader a consistent snapshot.
 */
import type Database from 'better-sqlite3';
import type { HeartRateSample, RrInterval } from '../../shared/domain';
import { unpackAccChunk } from '../../core/chunks/acc-chunk';
import type { AccChunkRead, HrSeries, StreamGap } from './types';

export function* iterateHeartRate(db: Database.Database, sessionId: number): IterableIterator<HeartRateSample> {
  const rows = db
    .prepare('SELECT t_ms, bpm, contact FROM hr_samples WHERE session_id = ? ORDER BY t_ms')
    .raw()
    .iterate(sessionId) as IterableIterator<[number, number, number | null]>;
  for (const [tMs, bpm, contact] of rows) yield { tMs, bpm, contact: contact === null ? null : contact === 1 };
}

export function* iterateRr(db: Database.Database, sessionId: number): IterableIterator<RrInterval> {
  const rows = db
    .prepare('SELECT t_ms, rr_ms FROM rr_intervals WHERE session_id = ? ORDER BY t_ms')
    .raw()
    .iterate(sessionId) as IterableIterator<[number, number]>;
  for (const [tMs, rrMs] of rows) yield { tMs, rrMs };
}

export interface IterateAccOptions {
  /** Called for a stored chunk whose bytes cannot be decoded; it is skipped, not thrown. */
  onBadChunk?: (info: { sensorId: string; t0Ms: number; error: string }) => void;
}

/**
 * Decoded chunks in time order of their first sample (sensors interleaved), limited to [fromMs, toMs]
 * inclusive: samples outside the window are cut off, so a window reads back exactly the
 * samples written inside it.
 */
export function* iterateAcc(
  db: Database.Database,
  sessionId: number,
  sensorId?: string,
  fromMs = -Infinity,
  toMs = Infinity,
  options: IterateAccOptions = {},
): IterableIterator<AccChunkRead> {
  // Chunks span under CHUNK_SPAN_MS forward, but a clock step back can make t1 < t0, so the
  // window test uses both ends.
  const rows = db
    .prepare(
      `SELECT sensor_id, t0_ms, data FROM acc_chunks
       WHERE session_id = @session AND (@sensor IS NULL OR sensor_id = @sensor)
         AND t0_ms <= @to AND t1_ms >= @from
       ORDER BY t0_ms, sensor_id, id`,
    )
    .raw()
    .iterate({ session: sessionId, sensor: sensorId ?? null, from: finiteOr(fromMs, -1e300), to: finiteOr(toMs, 1e300) }) as IterableIterator<
    [string, number, Uint8Array]
  >;
  for (const [sid, t0Ms, data] of rows) {
    const res = unpackAccChunk(data);
    if (!res.ok) {
      options.onBadChunk?.({ sensorId: sid, t0Ms, error: res.error });
      continue;
    }
    const c = res.chunk;
    const whole = c.tMs[0] >= fromMs && c.tMs[c.count - 1] <= toMs && isSorted(c.tMs);
    if (whole) {
      yield { sensorId: sid, ...c };
      continue;
    }
    const keep: number[] = [];
    for (let i = 0; i < c.count; i++) if (c.tMs[i] >= fromMs && c.tMs[i] <= toMs) keep.push(i);
    if (!keep.length) continue;
    yield {
      sensorId: sid,
      count: keep.length,
      tMs: Float64Array.from(keep, (i) => c.tMs[i]),
      x: Float32Array.from(keep, (i) => c.x[i]),
      y: Float32Array.from(keep, (i) => c.y[i]),
      z: Float32Array.from(keep, (i) => c.z[i]),
    };
  }
}

function isSorted(a: Float64Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] < a[i - 1]) return false;
  return true;
}

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}

export function listGaps(db: Database.Database, sessionId: number): StreamGap[] {
  return (
    db.prepare('SELECT sensor_id, from_ms, to_ms FROM stream_gaps WHERE session_id = ? ORDER BY from_ms').all(sessionId) as {
      sensor_id: string;
      from_ms: number;
      to_ms: number;
    }[]
  ).map((g) => ({ sensorId: g.sensor_id, fromMs: g.from_ms, toMs: g.to_ms }));
}

/**
 * Heart rate for a chart of any length (or of the window fromMs..toMs): at most maxPoints points. The span is cut into
 * maxPoints/2 buckets and each keeps its lowest and highest sample (in time order), so
 * peaks and dips survive downsampling.
 */
export function hrSeries(db: Database.Database, sessionId: number, maxPoints: number, fromMs = -1e300, toMs = 1e300): HrSeries {
  const where = 'WHERE session_id = @id AND bpm > 0 AND t_ms >= @from AND t_ms <= @to';
  const args = { id: sessionId, from: fromMs, to: toMs };
  const bounds = db.prepare(`SELECT min(t_ms) AS lo, max(t_ms) AS hi, count(*) AS n FROM hr_samples ${where}`).get(args) as {
    lo: number | null;
    hi: number | null;
    n: number;
  };
  const out: HrSeries = { tMs: [], bpm: [] };
  if (bounds.n === 0 || bounds.lo === null || bounds.hi === null) return out;
  const rows = db.prepare(`SELECT t_ms, bpm FROM hr_samples ${where} ORDER BY t_ms`).raw().iterate(args) as IterableIterator<[number, number]>;
  const limit = Math.max(2, Math.floor(maxPoints));
  if (bounds.n <= limit) {
    for (const [t, b] of rows) {
      out.tMs.push(t);
      out.bpm.push(b);
    }
    return out;
  }
  const buckets = Math.floor(limit / 2);
  const width = (bounds.hi - bounds.lo) / buckets || 1;
  let current = -1;
  let minT = 0, minB = Infinity, maxT = 0, maxB = -Infinity;
  const emit = (): void => {
    if (current < 0) return;
    if (minT === maxT) {
      out.tMs.push(minT);
      out.bpm.push(minB);
    } else if (minT < maxT) {
      out.tMs.push(minT, maxT);
      out.bpm.push(minB, maxB);
    } else {
      out.tMs.push(maxT, minT);
      out.bpm.push(maxB, minB);
    }
  };
  for (const [t, b] of rows) {
    const k = Math.min(buckets - 1, Math.floor((t - bounds.lo) / width));
    if (k !== current) {
      emit();
      current = k;
      minB = Infinity;
      maxB = -Infinity;
    }
    if (b < minB) {
      minB = b;
      minT = t;
    }
    if (b > maxB) {
      maxB = b;
      maxT = t;
    }
  }
  emit();
  return out;
}
