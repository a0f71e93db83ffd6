/**
 * The live-session writer. Everything a recording produces is queued in memory and written
 * in ONE transaction per flush: at least once a second (an unref'd timer), on flush() and at
 * finish(). A crash therefore loses at most about a second.
 *
 * On a failed flush (disk full, read-only, locked) the transaction rolls back as a whole, the
 * queue stays as it was, the 'error' callback says what happened and the next tick retries:
 * rows are neither lost nor written twice.
 *
 * Times: HR, RR, acceleration, set start/end are epoch ms. Rep times (Rep.t, start, end,
 * detectedAt) are stream seconds from the session's startedAt, as the detector reports them.
 */
import type Database from 'better-sqlite3';
import type { DeviceInfo, HeartRateSample, Rep, RrInterval } from '../../shared/domain';
import { isExerciseKey } from '../../shared/exercises';
import { packAccChunkFlat, type AccPoint } from '../../core/chunks/acc-chunk';
import { StoreUsageError, StoreWriteError, writeErrorFrom } from './errors';
import { refreshSessionCounts, refreshSetHr, refreshSetRepCount, writeHrSummary } from './summary';
import type { StartSetInput } from './types';
import { HrAccumulator, type HrProfile } from './zones';

/** Chunks are cut so none spans a second or more. */
export const CHUNK_SPAN_MS = 1000;
const HEARTBEAT_EVERY_MS = 10_000;
const SIDES: readonly string[] = ['left', 'right', 'both'];
const REPORT_AGAIN_AFTER_MS = 30_000;

export interface SessionWriterOptions {
  /** Default 1000 ms. */
  flushIntervalMs?: number;
  /** PASSIVE WAL checkpoint this often during long sessions (default 60 s). */
  checkpointIntervalMs?: number;
  /** false: no timer; the caller flushes (tests, benchmarks, importers). */
  autoFlush?: boolean;
  /** A flush failed; the queue is kept and retried. Repeats at most every 30 s per cause. */
  onError?: (err: StoreWriteError) => void;
  /** A flush succeeded after failures: everything held in memory is now on disk. */
  onResumed?: () => void;
  /** A flush committed: everything added so far is on disk. */
  onFlushed?: (info: { flushes: number; at: number }) => void;
  /** Wall clock for the heartbeat that tells other processes this session is alive. */
  now?: () => number;
}

/** What the writer needs from the store that created it. */
export interface WriterHost {
  readonly db: Database.Database;
  readonly path: string;
  hrProfile(): HrProfile;
  allocateSetId(): number;
  writerClosed(sessionId: number): void;
}

type Op =
  | { k: 'set'; id: number; input: StartSetInput }
  | { k: 'rep'; setId: number; rep: Rep }
  | { k: 'retract'; setId: number; t: number; reason: string }
  | { k: 'endSet'; setId: number; endedAt: number }
  | { k: 'gap'; sensorId: string; fromMs: number; toMs: number }
  | { k: 'device'; device: DeviceInfo };

export type WriterState = 'recording' | 'finishing' | 'finished' | 'closed';

export class SessionWriter {
  private ops: Op[] = [];
  private hr: HeartRateSample[] = [];
  private rr: RrInterval[] = [];
  /** Per sensor: flat [tMs, x, y, z, tMs, x, ...]. */
  private acc = new Map<string, FlatSamples>();
  private accPending = 0;
  private readonly hrAcc: HrAccumulator;
  private readonly openSets = new Set<number>();
  /** Every set started by this writer (reps and ends may only name these). */
  private readonly sets = new Set<number>();
  private lastActivityMs: number;
  private endedAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastHeartbeat = 0;
  private lastCheckpoint: number;
  private failing: StoreWriteError | null = null;
  private lastReportAt = 0;
  private _state: WriterState = 'recording';
  /** Samples refused as invalid (non-finite numbers): counted, never stored. */
  dropped = 0;
  /** Acceleration values beyond ±8 g that were clamped when packed. */
  clamped = 0;
  /** Number of successful flushes (commits). */
  flushes = 0;

  constructor(
    private readonly host: WriterHost,
    readonly sessionId: number,
    readonly startedAt: number,
    private readonly options: SessionWriterOptions = {},
  ) {
    this.hrAcc = new HrAccumulator(host.hrProfile());
    this.lastActivityMs = startedAt;
    this.lastCheckpoint = this.now();
    if (options.autoFlush !== false) {
      this.timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 1000);
      this.timer.unref();
    }
  }

  get state(): WriterState {
    return this._state;
  }

  /** Rows and samples waiting in memory. */
  get pending(): number {
    return this.ops.length + this.hr.length + this.rr.length + this.accPending;
  }

  /** The last flush failure, or null once a flush has succeeded. */
  get lastError(): StoreWriteError | null {
    return this.failing;
  }

  addDevice(device: DeviceInfo): void {
    this.assertOpen();
    if (!device.id || !device.name || !device.kind) throw new StoreUsageError('a device needs an id, a name and a kind');
    this.ops.push({ k: 'device', device: { ...device } });
  }

  addHr(s: HeartRateSample): void {
    this.assertOpen();
    if (!Number.isFinite(s.tMs) || !Number.isFinite(s.bpm) || s.bpm < 0 || s.bpm > 400) {
      this.dropped++;
      return;
    }
    this.hr.push({ tMs: s.tMs, bpm: Math.round(s.bpm), contact: s.contact });
    this.hrAcc.push(s.tMs, Math.round(s.bpm));
    this.touch(s.tMs);
  }

  addRr(s: RrInterval): void {
    this.assertOpen();
    if (!Number.isFinite(s.tMs) || !Number.isFinite(s.rrMs) || s.rrMs <= 0) {
      this.dropped++;
      return;
    }
    this.rr.push({ tMs: s.tMs, rrMs: s.rrMs });
    this.touch(s.tMs);
  }

  /** Acceleration of one sensor: epoch-ms times, g. */
  addAcc(sensorId: string, samples: readonly AccPoint[]): void {
    this.assertOpen();
    let buf = this.acc.get(sensorId);
    if (!buf) {
      buf = new FlatSamples();
      this.acc.set(sensorId, buf);
    }
    let last = -Infinity;
    for (const s of samples) {
      if (!Number.isFinite(s.tMs) || !Number.isFinite(s.x) || !Number.isFinite(s.y) || !Number.isFinite(s.z)) {
        this.dropped++;
        continue;
      }
      buf.push(s.tMs, s.x, s.y, s.z);
      this.accPending++;
      if (s.tMs > last) last = s.tMs;
    }
    if (last > -Infinity) this.touch(last);
  }

  /**
   * The same for `count` samples packed as [tMs, x, y, z, ...] in `flat` (the bulk path of an
   * import): copied into the queue in one loop, no object per sample.
   */
  addAccFlat(sensorId: string, flat: Float64Array, count: number): void {
    this.assertOpen();
    let buf = this.acc.get(sensorId);
    if (!buf) {
      buf = new FlatSamples();
      this.acc.set(sensorId, buf);
    }
    buf.reserve(count * 4);
    const d = buf.data;
    let n = buf.length;
    let last = -Infinity;
    for (let i = 0; i < count; i++) {
      const k = i * 4;
      const t = flat[k];
      const x = flat[k + 1];
      const y = flat[k + 2];
      const z = flat[k + 3];
      if (!Number.isFinite(t) || !Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
        this.dropped++;
        continue;
      }
      d[n] = t;
      d[n + 1] = x;
      d[n + 2] = y;
      d[n + 3] = z;
      n += 4;
      if (t > last) last = t;
    }
    this.accPending += (n - buf.length) / 4;
    buf.length = n;
    if (last > -Infinity) this.touch(last);
  }

  /** Starts a set; its id is known at once (allocated in memory, written at the next flush). */
  startSet(input: StartSetInput): number {
    this.assertOpen();
    if (typeof input.exerciseId !== 'string' || !isExerciseKey(input.exerciseId)) throw new StoreUsageError(`unknown exercise id "${String(input.exerciseId)}"`);
    if (!Number.isFinite(input.startedAt)) throw new StoreUsageError('startSet needs a finite startedAt (epoch ms)');
    if (!SIDES.includes(input.side)) throw new StoreUsageError(`side must be left, right or both; got "${String(input.side)}"`);
    if (!Number.isFinite(input.order)) throw new StoreUsageError('startSet needs a numeric order');
    for (const [name, v] of [['target', input.target], ['loadKg', input.loadKg]] as const) {
      if (v !== undefined && v !== null && !Number.isFinite(v)) throw new StoreUsageError(`${name} must be a number or null`);
    }
    const id = this.host.allocateSetId();
    this.sets.add(id);
    this.ops.push({ k: 'set', id, input: { ...input } });
    this.openSets.add(id);
    this.touch(input.startedAt);
    return id;
  }

  /** A rep of a set of this writer; one with non-finite figures is dropped (and counted). */
  addRep(setId: number, rep: Rep): void {
    this.assertOpen();
    this.assertSet(setId);
    const q = rep.quality ?? { durationS: rep.end - rep.start };
    const figures = [rep.t, rep.start, rep.end, rep.amplitude, rep.confidence, rep.detectedAt, q.durationS];
    const optional = [q.tempo?.downS, q.tempo?.upS, q.impactG, q.swayG];
    if (!figures.every(Number.isFinite) || !optional.every((v) => v === undefined || Number.isFinite(v))) {
      this.dropped++;
      return;
    }
    this.ops.push({ k: 'rep', setId, rep: { ...rep, quality: { ...q } } });
  }

  /** Withdraws the rep whose peak time is `t` (stream seconds); it is kept, marked retracted. */
  retractRep(setId: number, t: number, reason = ''): void {
    this.assertOpen();
    this.assertSet(setId);
    this.ops.push({ k: 'retract', setId, t, reason: String(reason).slice(0, 500) });
  }

  endSet(setId: number, endedAt: number): void {
    this.assertOpen();
    this.assertSet(setId);
    if (!Number.isFinite(endedAt)) throw new StoreUsageError('endSet needs a finite endedAt (epoch ms)');
    this.ops.push({ k: 'endSet', setId, endedAt });
    this.openSets.delete(setId);
    this.touch(endedAt);
  }

  /** A stretch where a sensor sent nothing (dropout), so charts and exports show a gap. */
  markGap(sensorId: string, fromMs: number, toMs: number): void {
    this.assertOpen();
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
      this.dropped++;
      return;
    }
    this.ops.push({ k: 'gap', sensorId: String(sensorId), fromMs: Math.min(fromMs, toMs), toMs: Math.max(fromMs, toMs) });
  }

  /**
   * Writes everything queued in one transaction. Returns true when it is on disk; false when
   * the write failed (reported through onError; kept for the next try).
   */
  flush(): boolean {
    if (this._state === 'closed' || this._state === 'finished') return true;
    const now = this.now();
    const finishing = this._state === 'finishing';
    if (this.pending === 0 && !finishing && now - this.lastHeartbeat < HEARTBEAT_EVERY_MS) return true;
    try {
      this.clamped += this.host.db.transaction(() => this.writeQueued(now)).immediate();
    } catch (err) {
      this.reportFailure(err, now);
      return false;
    }
    this.ops = [];
    this.hr = [];
    this.rr = [];
    // Emptied, not dropped: each sensor's queue keeps its grown buffer for the next flush.
    for (const buf of this.acc.values()) buf.length = 0;
    this.accPending = 0;
    this.lastHeartbeat = now;
    this.flushes++;
    if (this.failing) {
      this.failing = null;
      this.options.onResumed?.();
    }
    if (now - this.lastCheckpoint >= (this.options.checkpointIntervalMs ?? 60_000)) {
      this.lastCheckpoint = now;
      try {
        this.host.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // A checkpoint that cannot run now runs at the next one; nothing is at stake.
      }
    }
    if (finishing) this.close('finished');
    this.options.onFlushed?.({ flushes: this.flushes, at: now });
    return true;
  }

  /**
   * Ends the session at `endedAt`: open sets are closed there, everything is flushed. Returns
   * false when the final write failed; the writer then keeps retrying on its timer.
   */
  finish(endedAt: number): boolean {
    this.assertOpen();
    for (const id of this.openSets) this.ops.push({ k: 'endSet', setId: id, endedAt });
    this.openSets.clear();
    this.endedAt = endedAt;
    this._state = 'finishing';
    if (!this.timer && this.options.autoFlush !== false) {
      this.timer = setInterval(() => this.flush(), this.options.flushIntervalMs ?? 1000);
      this.timer.unref();
    }
    return this.flush();
  }

  /** Stops the timer without finishing; the session stays 'recording' (recovered at next open). */
  detach(): void {
    this.close('closed');
  }

  private close(state: 'finished' | 'closed'): void {
    this._state = state;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.host.writerClosed(this.sessionId);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Statements are prepared once per writer; a flush a second should not re-parse SQL. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.host.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private writeQueued(now: number): number {
    const db = this.host.db;
    let clamped = 0;
    const repSets = new Set<number>();
    const endedSets: number[] = [];
    let setsChanged = false;
    for (const op of this.ops) {
      switch (op.k) {
        case 'set': {
          const s = op.input;
          this.stmt(
            `INSERT INTO sets (id, session_id, ord, exercise_id, side, started_at, target, load_kg, notes)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(op.id, this.sessionId, s.order, s.exerciseId, s.side, s.startedAt, s.target ?? null, s.loadKg ?? null, s.notes ?? '');
          setsChanged = true;
          break;
        }
        case 'rep': {
          const r = op.rep;
          const q = r.quality;
          this.stmt(
            `INSERT INTO reps (set_id, t, start_t, end_t, amplitude, confidence, detected_at, duration_s, tempo_down_s, tempo_up_s, impact_g, sway_g)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(op.setId, r.t, r.start, r.end, r.amplitude, r.confidence, r.detectedAt, q.durationS, q.tempo?.downS ?? null, q.tempo?.upS ?? null, q.impactG ?? null, q.swayG ?? null);
          repSets.add(op.setId);
          break;
        }
        case 'retract':
          this.stmt(
            `UPDATE reps SET retracted_at = ?, retract_reason = ?
             WHERE id = (SELECT id FROM reps WHERE set_id = ? AND t = ? AND retracted_at IS NULL ORDER BY id DESC LIMIT 1)`,
          ).run(now, op.reason, op.setId, op.t);
          repSets.add(op.setId);
          break;
        case 'endSet':
          this.stmt('UPDATE sets SET ended_at = ? WHERE id = ? AND session_id = ?').run(op.endedAt, op.setId, this.sessionId);
          endedSets.push(op.setId);
          break;
        case 'gap':
          this.stmt('INSERT INTO stream_gaps (session_id, sensor_id, from_ms, to_ms) VALUES (?, ?, ?, ?)').run(this.sessionId, op.sensorId, op.fromMs, op.toMs);
          break;
        case 'device': {
          const d = op.device;
          this.stmt(
            `INSERT OR REPLACE INTO session_devices (session_id, device_id, name, kind, manufacturer, model, firmware)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          ).run(this.sessionId, d.id, d.name, d.kind, d.manufacturer ?? null, d.model ?? null, d.firmware ?? null);
          break;
        }
      }
    }
    if (this.hr.length) {
      const ins = this.stmt('INSERT INTO hr_samples (session_id, t_ms, bpm, contact) VALUES (?, ?, ?, ?)');
      for (const s of this.hr) ins.run(this.sessionId, s.tMs, s.bpm, s.contact === null ? null : s.contact ? 1 : 0);
    }
    if (this.rr.length) {
      const ins = this.stmt('INSERT INTO rr_intervals (session_id, t_ms, rr_ms) VALUES (?, ?, ?)');
      for (const s of this.rr) ins.run(this.sessionId, s.tMs, s.rrMs);
    }
    if (this.accPending) clamped = this.writeChunks();
    for (const id of repSets) refreshSetRepCount(db, id);
    for (const id of endedSets) refreshSetHr(db, id);
    if (setsChanged || repSets.size || endedSets.length) refreshSessionCounts(db, this.sessionId);
    writeHrSummary(db, this.sessionId, this.hrAcc);
    const end = this.endedAt;
    const durationS = Math.max(0, ((end ?? this.lastActivityMs) - this.startedAt) / 1000);
    // Status and pid are restated each time: if another process wrongly took this session
    // for abandoned (say after minutes of a full disk), the live writer claims it back.
    this.stmt(
      `UPDATE sessions SET last_sample_at = ?, duration_s = ?, heartbeat_at = ?, ended_at = ?,
         status = CASE WHEN ? IS NULL THEN 'recording' ELSE 'finished' END, writer_pid = ?
       WHERE id = ?`,
    ).run(this.lastActivityMs, durationS, now, end, end, end === null ? process.pid : null, this.sessionId);
    return clamped;
  }

  /** Packs each sensor's queue into chunks under CHUNK_SPAN_MS; returns values clamped. */
  private writeChunks(): number {
    let clamped = 0;
    const ins = this.stmt('INSERT INTO acc_chunks (session_id, sensor_id, t0_ms, t1_ms, n, data) VALUES (?, ?, ?, ?, ?, ?)');
    for (const [sensorId, buf] of this.acc) {
      // Packed straight from the flat queue: no sample objects on the way to the BLOB.
      const data = buf.data;
      const n = buf.length / 4;
      let first = 0;
      for (let i = 1; i <= n; i++) {
        const t0 = data[first * 4];
        if (i < n && data[i * 4] - t0 < CHUNK_SPAN_MS && data[i * 4] >= t0) continue;
        const p = packAccChunkFlat(data, first, i);
        clamped += p.clamped;
        ins.run(this.sessionId, sensorId, p.t0Ms, p.t1Ms, p.count, p.bytes);
        first = i;
      }
    }
    return clamped;
  }

  private reportFailure(err: unknown, now: number): void {
    const e = writeErrorFrom(err, this.host.path, this.pending);
    const again = !this.failing || this.failing.kind !== e.kind || now - this.lastReportAt >= REPORT_AGAIN_AFTER_MS;
    this.failing = e;
    if (again) {
      this.lastReportAt = now;
      this.options.onError?.(e);
    }
  }

  private touch(tMs: number): void {
    if (tMs > this.lastActivityMs) this.lastActivityMs = tMs;
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /**
   * Everything queued is validated when it is queued: one bad row inside the batch would
   * otherwise fail every flush and hold the whole recording back.
   */
  private assertSet(setId: number): void {
    if (!this.sets.has(setId)) throw new StoreUsageError(`set ${setId} was not started by this session's writer`);
  }

  private assertOpen(): void {
    if (this._state !== 'recording') throw new StoreUsageError(`session ${this.sessionId} is ${this._state}; it takes no more data`);
  }
}

/**
 * Queued acceleration as [tMs, x, y, z, ...] in a growing Float64Array: an import queues
 * 20,000 samples between flushes, and a plain array of doubles was the writer's largest cost.
 */
class FlatSamples {
  data = new Float64Array(4096);
  length = 0;

  push(tMs: number, x: number, y: number, z: number): void {
    if (this.length + 4 > this.data.length) this.reserve(4);
    const d = this.data;
    const n = this.length;
    d[n] = tMs;
    d[n + 1] = x;
    d[n + 2] = y;
    d[n + 3] = z;
    this.length = n + 4;
  }

  /** Room for `values` more numbers. */
  reserve(values: number): void {
    if (this.length + values <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + values) size *= 2;
    const bigger = new Float64Array(size);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}
