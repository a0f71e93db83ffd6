/**
 * The SQLite store: one object per open database file. The engine owns it; the UI and the CLI
 * reach it only through the engine (or the CLI commands).
 *
 * Deleting a session is a soft delete (deleted_at set; hidden from every read) so the last
 * delete can be undone while the process runs. The rows (raw chunks included, by cascade)
 * are purged at close() and, for deletions older than PURGE_AFTER_MS, at the next open.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { DeviceInfo, HeartRateSample, RrInterval, SessionDetail, SessionSummary } from '../../shared/domain';
import { settingsSchema, type Settings } from '../../shared/contract';
import type { CustomExercise } from '../../shared/custom-exercises';
import type { RepModel } from '../../shared/rep-model';
import * as catalog from './catalog';
import * as repModels from './rep-models';
import { openConnection, sqliteOptions } from './connection';
import { errorText, StoreUsageError, writeErrorFrom } from './errors';
import { findAbandoned, processAlive, recoverSession } from './recovery';
import { getSessionDetail, getSessionSummary, listSessions } from './session-rows';
import * as streams from './streams';
import { refreshSessionCounts } from './summary';
import type {
  AccChunkRead,
  BeginSessionInput,
  HrSeries,
  ListSessionsOptions,
  Routine,
  RoutineExercise,
  RoutineExerciseInput,
  RoutineInput,
  StreamGap,
} from './types';
import { SessionWriter, type SessionWriterOptions, type WriterHost } from './writer';
import { DEFAULT_HR_PROFILE, type HrProfile } from './zones';
import { nameProblem } from '../../shared/data-rules';

export const PURGE_AFTER_MS = 10 * 60_000;

export class Store implements WriterHost {
  private readDb: Database.Database | null = null;
  private readonly writers = new Map<number, SessionWriter>();
  private lastDeleted: number | null = null;
  private readonly deletedHere = new Set<number>();
  private closed = false;
  /** The last set id handed out by this store (see allocateSetId). */
  private localSetId = 0;
  /** Sessions closed by recovery when this store was opened, for the UI to show. */
  recoveredAtOpen: SessionSummary[] = [];
  /**
   * Set when this store reads a temporary copy because the data folder cannot be written
   * (SQLite cannot even read a WAL database in place there): the folder, and the copy's clean-up.
   */
  readOnlyFolder: string | null = null;
  onClose: (() => void) | null = null;

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly readonly: boolean,
    private readonly busyTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  // ---- reads ---------------------------------------------------------------------------------

  listSessions(opts: ListSessionsOptions = {}): SessionSummary[] {
    return listSessions(this.db, opts);
  }

  getSession(id: number): SessionDetail | null {
    return getSessionDetail(this.db, id);
  }

  getSessionSummary(id: number): SessionSummary | null {
    return getSessionSummary(this.db, id);
  }

  iterateHeartRate(sessionId: number): IterableIterator<HeartRateSample> {
    return streams.iterateHeartRate(this.reader(), sessionId);
  }

  iterateRr(sessionId: number): IterableIterator<RrInterval> {
    return streams.iterateRr(this.reader(), sessionId);
  }

  iterateAcc(sessionId: number, sensorId?: string, fromMs?: number, toMs?: number, options?: streams.IterateAccOptions): IterableIterator<AccChunkRead> {
    return streams.iterateAcc(this.reader(), sessionId, sensorId, fromMs, toMs, options);
  }

  /** Sensor ids with acceleration stored for a session. */
  accSensors(sessionId: number): string[] {
    return (this.db.prepare('SELECT DISTINCT sensor_id FROM acc_chunks WHERE session_id = ? ORDER BY sensor_id').all(sessionId) as { sensor_id: string }[]).map(
      (r) => r.sensor_id,
    );
  }

  gaps(sessionId: number): StreamGap[] {
    return streams.listGaps(this.db, sessionId);
  }

  /** Downsampled HR for a chart (min/max per bucket); optionally only fromMs..toMs (a set, a zoom). */
  hrSeries(sessionId: number, maxPoints: number, fromMs?: number, toMs?: number): HrSeries {
    return streams.hrSeries(this.db, sessionId, maxPoints, fromMs, toMs);
  }

  // ---- the live writer -----------------------------------------------------------------------

  beginSession(input: BeginSessionInput, options: SessionWriterOptions = {}): SessionWriter {
    this.assertWritable();
    const name = input.name.trim() || 'Session';
    if (!Number.isFinite(input.startedAt)) throw new StoreUsageError('beginSession needs a finite startedAt (epoch ms)');
    const now = options.now?.() ?? this.now();
    let id: number;
    try {
      id = Number(
        this.db
          .prepare(
            `INSERT INTO sessions (name, routine_name, started_at, status, writer_pid, heartbeat_at, last_sample_at, importing)
             VALUES (?, ?, ?, 'recording', ?, ?, ?, ?)`,
          )
          .run(name.slice(0, 200), input.routineName ?? null, input.startedAt, process.pid, now, input.startedAt, input.importing ? 1 : 0).lastInsertRowid,
      );
    } catch (err) {
      throw writeErrorFrom(err, this.path, null);
    }
    const writer = new SessionWriter(this, id, input.startedAt, options);
    this.writers.set(id, writer);
    return writer;
  }

  /** Writers of this store that have not finished. */
  activeWriters(): SessionWriter[] {
    return [...this.writers.values()];
  }

  /**
   * WriterHost: set ids are reserved in sqlite_sequence at once, so another process inserting
   * sets (an import while the app records) never takes one. If the disk refuses even that
   * small write, the id is allocated in memory above everything stored.
   */
  allocateSetId(): number {
    const highest = (): number => {
      const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sets'").get() as { seq: number } | undefined;
      const max = (this.db.prepare('SELECT coalesce(max(id), 0) AS m FROM sets').get() as { m: number }).m;
      return Math.max(seq?.seq ?? 0, max, this.localSetId);
    };
    try {
      this.localSetId = this.db
        .transaction(() => {
          const next = highest() + 1;
          const changed = this.db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'sets'").run(next).changes;
          if (!changed) this.db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('sets', ?)").run(next);
          return next;
        })
        .immediate();
    } catch {
      try {
        this.localSetId = highest() + 1;
      } catch {
        this.localSetId += 1;
      }
    }
    return this.localSetId;
  }

  writerClosed(sessionId: number): void {
    this.writers.delete(sessionId);
  }

  hrProfile(): HrProfile {
    const s = this.getSettings();
    return {
      maxHr: s.maxHr ?? DEFAULT_HR_PROFILE.maxHr,
      restingHr: s.restingHr ?? DEFAULT_HR_PROFILE.restingHr,
      zonesMethod: s.zonesMethod ?? DEFAULT_HR_PROFILE.zonesMethod,
    };
  }

  // ---- recovery ------------------------------------------------------------------------------

  /**
   * An import has written everything: from now on it is a session like any other. The hash
   * of its samples is kept so the same recording imported again is noticed.
   */
  completeImport(id: number, contentHash?: string): void {
    this.assertWritable();
    this.db.prepare('UPDATE sessions SET importing = 0, content_hash = coalesce(?, content_hash) WHERE id = ?').run(contentHash ?? null, id);
  }

  /** The oldest visible session imported from samples with this hash (a deleted one does not count). */
  findImportByContentHash(contentHash: string): SessionSummary | null {
    const row = this.db
      .prepare('SELECT id FROM sessions WHERE content_hash = ? AND deleted_at IS NULL AND importing = 0 ORDER BY id LIMIT 1')
      .get(contentHash) as { id: number } | undefined;
    return row ? getSessionSummary(this.db, row.id) : null;
  }

  /**
   * Removes an import that did not complete (the process died, or its own clean-up failed).
   * False when the removal itself failed: it stays hidden and is retried at the next open.
   */
  removeUnfinishedImport(id: number): boolean {
    try {
      this.db.prepare('DELETE FROM sessions WHERE id = ? AND importing = 1').run(id);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Closes sessions a dead process left 'recording'; returns them (now 'recovered').
   * An import cut short is not a session the person recorded: it is removed, not recovered.
   */
  recoverInterrupted(): SessionSummary[] {
    if (this.readonly) return [];
    const ids = findAbandoned(this.db, new Set(this.writers.keys()), this.now());
    const profile = this.hrProfile();
    const out: SessionSummary[] = [];
    const importing = this.db.prepare('SELECT importing FROM sessions WHERE id = ?');
    for (const id of ids) {
      if ((importing.get(id) as { importing: number } | undefined)?.importing === 1) {
        this.removeUnfinishedImport(id);
        continue;
      }
      recoverSession(this.db, id, profile);
      const s = getSessionSummary(this.db, id);
      if (s) out.push(s);
    }
    return out;
  }

  // ---- edits ---------------------------------------------------------------------------------

  renameSession(id: number, name: string): boolean {
    this.assertWritable();
    const n = name.trim();
    const problem = nameProblem(n);
    if (problem) throw new StoreUsageError(problem);
    return this.db.prepare('UPDATE sessions SET name = ? WHERE id = ? AND deleted_at IS NULL').run(n, id).changes > 0;
  }

  setSessionNotes(id: number, notes: string): boolean {
    this.assertWritable();
    if (notes.length > 20_000) throw new StoreUsageError('notes are limited to 20,000 characters');
    return this.db.prepare('UPDATE sessions SET notes = ? WHERE id = ? AND deleted_at IS NULL').run(notes, id).changes > 0;
  }

  /** The person's rep count for a set; null goes back to the detector's count. */
  correctSetReps(setId: number, n: number | null): boolean {
    this.assertWritable();
    if (n !== null && (!Number.isInteger(n) || n < 0 || n > 10_000)) throw new StoreUsageError('a rep count is a whole number from 0 to 10,000');
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT session_id FROM sets WHERE id = ?').get(setId) as { session_id: number } | undefined;
      if (!row) return false;
      this.db.prepare('UPDATE sets SET reps_corrected = ? WHERE id = ?').run(n, setId);
      refreshSessionCounts(this.db, row.session_id);
      return true;
    })();
  }

  setSetNotes(setId: number, notes: string, loadKg?: number | null): boolean {
    this.assertWritable();
    const sql = loadKg === undefined ? 'UPDATE sets SET notes = ? WHERE id = ?' : 'UPDATE sets SET notes = ?, load_kg = ? WHERE id = ?';
    const args = loadKg === undefined ? [notes, setId] : [notes, loadKg, setId];
    return this.db.prepare(sql).run(...args).changes > 0;
  }

  /** Hides the session at once; its rows go at close() unless undoLastDelete() brings it back. */
  deleteSession(id: number): boolean {
    this.assertWritable();
    // Also when another process records it: its writer would otherwise lose its rows at the purge.
    const row = this.db.prepare('SELECT status, writer_pid FROM sessions WHERE id = ?').get(id) as { status: string; writer_pid: number | null } | undefined;
    const elsewhere = row?.status === 'recording' && row.writer_pid !== null && row.writer_pid !== process.pid && processAlive(row.writer_pid);
    if (this.writers.has(id) || elsewhere) throw new StoreUsageError('this session is still recording; finish it before deleting it');
    const ok = this.db.prepare('UPDATE sessions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(this.now(), id).changes > 0;
    if (ok) {
      this.lastDeleted = id;
      this.deletedHere.add(id);
    }
    return ok;
  }

  /** Brings back the session deleted last in this process; returns its id, or null. */
  undoLastDelete(): number | null {
    this.assertWritable();
    const id = this.lastDeleted;
    if (id === null) return null;
    const ok = this.db.prepare('UPDATE sessions SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL').run(id).changes > 0;
    this.lastDeleted = null;
    this.deletedHere.delete(id);
    return ok ? id : null;
  }

  /** Removes soft-deleted sessions for good: those deleted here, and any older than PURGE_AFTER_MS. */
  purgeDeleted(includeOwn: boolean): number {
    if (this.readonly) return 0;
    const own = includeOwn ? [...this.deletedHere] : [];
    return this.db.transaction(() => {
      let n = this.db.prepare('DELETE FROM sessions WHERE deleted_at IS NOT NULL AND deleted_at < ?').run(this.now() - PURGE_AFTER_MS).changes;
      for (const id of own) n += this.db.prepare('DELETE FROM sessions WHERE id = ? AND deleted_at IS NOT NULL').run(id).changes;
      return n;
    })();
  }

  // ---- devices, settings, routines -----------------------------------------------------------

  rememberDevice(d: DeviceInfo): void {
    this.assertWritable();
    catalog.rememberDevice(this.db, d, this.now());
  }

  listDevices(): DeviceInfo[] {
    return catalog.listDevices(this.db);
  }

  forgetDevice(id: string): boolean {
    this.assertWritable();
    return catalog.forgetDevice(this.db, id);
  }

  /** Stored settings that are valid today; missing or invalid ones are left to the defaults. */
  getSettings(): Partial<Settings> {
    const raw = catalog.readSettings(this.db);
    const out: Record<string, unknown> = {};
    const shape = settingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
    for (const [k, v] of Object.entries(raw)) {
      const field = shape[k];
      if (!field) continue;
      const r = field.safeParse(v);
      if (r.success) out[k] = r.data;
    }
    return out as Partial<Settings>;
  }

  saveSettings(settings: Partial<Settings>): void {
    this.assertWritable();
    const checked = settingsSchema.partial().safeParse(settings);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new StoreUsageError(`setting ${issue?.path.join('.') || '?'} is not valid: ${issue?.message ?? 'invalid value'}`);
    }
    catalog.writeSettings(this.db, checked.data);
  }

  /** Any other small value kept by key (JSON); undefined deletes it. */
  getSetting(key: string): unknown {
    return catalog.readSettings(this.db)[key];
  }

  setSetting(key: string, value: unknown): void {
    this.assertWritable();
    catalog.writeSettings(this.db, { [key]: value });
  }

  listRoutines(): Routine[] {
    return catalog.listRoutines(this.db);
  }

  getRoutine(id: number): Routine | null {
    return catalog.getRoutine(this.db, id);
  }

  createRoutine(input: RoutineInput): Routine {
    this.assertWritable();
    return catalog.createRoutine(this.db, input, this.now());
  }

  updateRoutine(id: number, patch: Partial<RoutineInput>): Routine | null {
    this.assertWritable();
    return catalog.updateRoutine(this.db, id, patch, this.now());
  }

  deleteRoutine(id: number): boolean {
    this.assertWritable();
    return catalog.deleteRoutine(this.db, id);
  }

  addRoutineExercise(routineId: number, e: RoutineExerciseInput, order?: number): RoutineExercise {
    this.assertWritable();
    return catalog.addRoutineExercise(this.db, routineId, e, order);
  }

  updateRoutineExercise(id: number, patch: Partial<RoutineExerciseInput>): RoutineExercise | null {
    this.assertWritable();
    return catalog.updateRoutineExercise(this.db, id, patch);
  }

  removeRoutineExercise(id: number): boolean {
    this.assertWritable();
    return catalog.removeRoutineExercise(this.db, id);
  }

  // ---- what SetBeat learned from the person (rep models, custom exercises) ------------------

  /** The model for (exercise key, placement), or null when none is stored or it no longer parses. */
  getRepModel(exercise: string, placement: string, person?: string): RepModel | null {
    return repModels.getRepModel(this.db, exercise, placement, person);
  }

  /**
   * Creates or replaces the model for its (exercise, placement); validated first. `source`
   * logs what it learned from (a corrected set's id or null, and the model before).
   */
  putRepModel(model: RepModel, source?: { setId: number | null; prior: RepModel | null }, person?: string): RepModel {
    this.assertWritable();
    return repModels.putRepModel(this.db, model, this.now(), person, source);
  }

  /** The model's last source: a corrected set (or null: a teach set) and the model before it. */
  lastRepModelSource(exercise: string, placement: string, person?: string): repModels.LastSource | null {
    return repModels.lastSource(this.db, exercise, placement, person);
  }

  /** A correction taken back: the model returns to before that set when it was its last source. */
  unlearnSet(exercise: string, placement: string, setId: number, person?: string): boolean {
    this.assertWritable();
    return repModels.unlearnSet(this.db, exercise, placement, setId, this.now(), person);
  }

  listRepModels(person?: string): { models: RepModel[]; skipped: number } {
    return repModels.listRepModels(this.db, person);
  }

  deleteRepModel(exercise: string, placement: string, person?: string): boolean {
    this.assertWritable();
    return repModels.deleteRepModel(this.db, exercise, placement, person);
  }

  listCustomExercises(): CustomExercise[] {
    return repModels.listCustomExercises(this.db);
  }

  getCustomExercise(key: string): CustomExercise | null {
    return repModels.getCustomExercise(this.db, key);
  }

  createCustomExercise(input: CustomExercise): CustomExercise {
    this.assertWritable();
    return repModels.createCustomExercise(this.db, input, this.now());
  }

  deleteCustomExercise(key: string): boolean {
    this.assertWritable();
    return repModels.deleteCustomExercise(this.db, key);
  }

  // ---- backup and close ----------------------------------------------------------------------

  /**
   * A consistent copy through SQLite's online backup, taken in one step (one read snapshot),
   * so it completes even while another process commits every second. Written beside the
   * target under a temporary name, checked, then renamed: a failed backup leaves no half file.
   */
  async backup(toPath: string): Promise<void> {
    const target = path.resolve(toPath);
    if (target === path.resolve(this.path)) throw new StoreUsageError(`${target} is the database itself; choose another file`);
    if (fs.existsSync(target)) throw new StoreUsageError(`${target} already exists; choose a new file name (nothing was overwritten)`);
    const tmp = `${target}.partial-${process.pid}`;
    try {
      await this.db.backup(tmp, { progress: () => 1 << 30 });
      const Database = (await import('better-sqlite3')).default;
      const check = new Database(tmp, sqliteOptions({ fileMustExist: true }));
      try {
        // A backup is one self-contained file: no -wal/-shm beside it.
        check.pragma('journal_mode = DELETE');
        const ok = check.pragma('quick_check', { simple: true });
        if (ok !== 'ok') throw new Error(`the copy failed its check (${String(ok)})`);
      } finally {
        check.close();
      }
      fs.renameSync(tmp, target);
    } catch (err) {
      for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) fs.rmSync(f, { force: true });
      throw new Error(`Backup to ${target} failed (${errorText(err)}). The database itself is unchanged.`, { cause: err });
    }
  }

  /** Flushes live writers (their sessions stay 'recording' unless finished), purges deletions, closes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.writers.values()]) {
      w.flush();
      w.detach();
      // No live writer any more: the next open (in any process) recovers it at once.
      try {
        this.db.prepare("UPDATE sessions SET writer_pid = NULL WHERE id = ? AND status = 'recording'").run(w.sessionId);
      } catch {
        // Then the heartbeat's age tells the next open instead.
      }
    }
    try {
      this.purgeDeleted(true);
    } catch {
      // A purge that cannot run now runs at the next open.
    }
    this.readDb?.close();
    this.db.close();
    this.onClose?.();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** A second connection for streaming reads (see streams.ts). */
  private reader(): Database.Database {
    if (!this.readDb) this.readDb = openConnection(this.path, { readonly: true, busyTimeoutMs: this.busyTimeoutMs });
    return this.readDb;
  }

  private assertWritable(): void {
    if (this.closed) throw new StoreUsageError('the store is closed');
    if (this.readonly) throw new StoreUsageError(`${this.path} was opened read-only`);
  }
}
