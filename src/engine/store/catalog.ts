/** Remembered devices, the key-value settings table and routines with their exercise rows. */
import type Database from 'better-sqlite3';
import type { DeviceInfo, SensorKind } from '../../shared/domain';
import { isExerciseKey } from '../../shared/exercises';
import { StoreUsageError } from './errors';
import { toDevice } from './session-rows';
import type { Routine, RoutineExercise, RoutineExerciseInput, RoutineInput } from './types';

// ---- devices -------------------------------------------------------------------------------

export function rememberDevice(db: Database.Database, d: DeviceInfo, now: number): void {
  if (!d.id) throw new StoreUsageError('a device needs an id');
  db.prepare(
    `INSERT INTO devices (id, name, kind, manufacturer, model, firmware, remembered_at, last_used_at)
     VALUES (@id, @name, @kind, @manufacturer, @model, @firmware, @now, @now)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
       manufacturer = coalesce(excluded.manufacturer, manufacturer), model = coalesce(excluded.model, model),
       firmware = coalesce(excluded.firmware, firmware), last_used_at = excluded.last_used_at`,
  ).run({ id: d.id, name: d.name, kind: d.kind, manufacturer: d.manufacturer ?? null, model: d.model ?? null, firmware: d.firmware ?? null, now });
}

export function listDevices(db: Database.Database): DeviceInfo[] {
  const rows = db.prepare('SELECT * FROM devices ORDER BY last_used_at DESC, name').all() as {
    id: string;
    name: string;
    kind: SensorKind;
    manufacturer: string | null;
    model: string | null;
    firmware: string | null;
  }[];
  return rows.map(toDevice);
}

export function forgetDevice(db: Database.Database, id: string): boolean {
  return db.prepare('DELETE FROM devices WHERE id = ?').run(id).changes > 0;
}

// ---- settings ------------------------------------------------------------------------------

/** Every stored setting, parsed from JSON; a damaged value is left out (the default applies). */
export function readSettings(db: Database.Database): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]) {
    try {
      out[key] = JSON.parse(value) as unknown;
    } catch {
      // skipped: the caller's defaults stand in for a value we cannot read
    }
  }
  return out;
}

export function writeSettings(db: Database.Database, values: Record<string, unknown>): void {
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const del = db.prepare('DELETE FROM settings WHERE key = ?');
  db.transaction(() => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) del.run(k);
      else put.run(k, JSON.stringify(v));
    }
  })();
}

// ---- routines ------------------------------------------------------------------------------

interface RoutineRow {
  id: number;
  name: string;
  notes: string;
  builtin: number;
  auto_sets: number;
  created_at: number;
  updated_at: number;
}

interface RoutineExerciseRow {
  id: number;
  routine_id: number;
  ord: number;
  exercise_id: string;
  sets: number;
  sides: 'both' | 'each';
  target_kind: 'reps' | 'seconds' | 'steps';
  target_value: number | null;
  rest_s: number;
  placement: string | null;
  instructions: string;
}

function toExercise(r: RoutineExerciseRow): RoutineExercise {
  return {
    id: r.id,
    routineId: r.routine_id,
    order: r.ord,
    exerciseId: isExerciseKey(r.exercise_id) ? r.exercise_id : 'generic',
    sets: r.sets,
    sides: r.sides,
    targetKind: r.target_kind,
    targetValue: r.target_value,
    restS: r.rest_s,
    placement: r.placement,
    instructions: r.instructions,
  };
}

function checkExercise(e: RoutineExerciseInput): void {
  if (typeof e.exerciseId !== 'string' || !isExerciseKey(e.exerciseId)) throw new StoreUsageError(`unknown exercise id "${String(e.exerciseId)}"`);
  if (!Number.isInteger(e.sets) || e.sets < 1 || e.sets > 100) throw new StoreUsageError('sets must be a whole number from 1 to 100');
  if (!Number.isInteger(e.restS) || e.restS < 0) throw new StoreUsageError('rest must be a whole number of seconds, 0 or more');
}

function checkName(name: string): string {
  const n = name.trim();
  if (!n || n.length > 200) throw new StoreUsageError('a name needs 1 to 200 characters');
  return n;
}

export function listRoutines(db: Database.Database): Routine[] {
  const rows = db.prepare('SELECT * FROM routines ORDER BY builtin DESC, name').all() as RoutineRow[];
  const ex = db.prepare('SELECT * FROM routine_exercises ORDER BY routine_id, ord, id').all() as RoutineExerciseRow[];
  return rows.map((r) => toRoutine(r, ex.filter((e) => e.routine_id === r.id)));
}

function toRoutine(r: RoutineRow, ex: RoutineExerciseRow[]): Routine {
  return { id: r.id, name: r.name, notes: r.notes, builtin: r.builtin === 1, autoSets: r.auto_sets === 1, createdAt: r.created_at, updatedAt: r.updated_at, exercises: ex.map(toExercise) };
}

export function getRoutine(db: Database.Database, id: number): Routine | null {
  const r = db.prepare('SELECT * FROM routines WHERE id = ?').get(id) as RoutineRow | undefined;
  if (!r) return null;
  return toRoutine(r, db.prepare('SELECT * FROM routine_exercises WHERE routine_id = ? ORDER BY ord, id').all(id) as RoutineExerciseRow[]);
}

export function createRoutine(db: Database.Database, input: RoutineInput, now: number): Routine {
  const name = checkName(input.name);
  (input.exercises ?? []).forEach(checkExercise);
  const id = db.transaction(() => {
    const rid = Number(
      db
        .prepare('INSERT INTO routines (name, notes, builtin, auto_sets, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(name, input.notes ?? '', input.builtin ? 1 : 0, input.autoSets ? 1 : 0, now, now)
        .lastInsertRowid,
    );
    insertExercises(db, rid, input.exercises ?? []);
    return rid;
  })();
  return getRoutine(db, id) as Routine;
}

function insertExercises(db: Database.Database, routineId: number, list: RoutineExerciseInput[]): void {
  const ins = db.prepare(
    `INSERT INTO routine_exercises (routine_id, ord, exercise_id, sets, sides, target_kind, target_value, rest_s, placement, instructions)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  list.forEach((e, i) => ins.run(routineId, i, e.exerciseId, e.sets, e.sides, e.targetKind, e.targetValue, e.restS, e.placement, e.instructions));
}

/** Changes name/notes/autoSets and, when given, replaces the exercise list (in the order given). */
export function updateRoutine(db: Database.Database, id: number, patch: Partial<RoutineInput>, now: number): Routine | null {
  const current = getRoutine(db, id);
  if (!current) return null;
  const name = patch.name !== undefined ? checkName(patch.name) : current.name;
  patch.exercises?.forEach(checkExercise);
  db.transaction(() => {
    db.prepare('UPDATE routines SET name = ?, notes = ?, auto_sets = ?, updated_at = ? WHERE id = ?').run(
      name,
      patch.notes ?? current.notes,
      (patch.autoSets ?? current.autoSets) ? 1 : 0,
      now,
      id,
    );
    if (patch.exercises) {
      db.prepare('DELETE FROM routine_exercises WHERE routine_id = ?').run(id);
      insertExercises(db, id, patch.exercises);
    }
  })();
  return getRoutine(db, id);
}

export function deleteRoutine(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM routines WHERE id = ?').run(id).changes > 0;
}

/** Appends one exercise row (or inserts it at `order`, shifting the rest down). */
export function addRoutineExercise(db: Database.Database, routineId: number, e: RoutineExerciseInput, order?: number): RoutineExercise {
  checkExercise(e);
  return db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM routines WHERE id = ?').get(routineId)) throw new StoreUsageError(`no routine ${routineId}`);
    const count = (db.prepare('SELECT count(*) AS n FROM routine_exercises WHERE routine_id = ?').get(routineId) as { n: number }).n;
    const at = order === undefined ? count : Math.max(0, Math.min(count, Math.floor(order)));
    db.prepare('UPDATE routine_exercises SET ord = ord + 1 WHERE routine_id = ? AND ord >= ?').run(routineId, at);
    const id = Number(
      db
        .prepare(
          `INSERT INTO routine_exercises (routine_id, ord, exercise_id, sets, sides, target_kind, target_value, rest_s, placement, instructions)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(routineId, at, e.exerciseId, e.sets, e.sides, e.targetKind, e.targetValue, e.restS, e.placement, e.instructions).lastInsertRowid,
    );
    return toExercise(db.prepare('SELECT * FROM routine_exercises WHERE id = ?').get(id) as RoutineExerciseRow);
  })();
}

export function updateRoutineExercise(db: Database.Database, id: number, patch: Partial<RoutineExerciseInput>): RoutineExercise | null {
  const row = db.prepare('SELECT * FROM routine_exercises WHERE id = ?').get(id) as RoutineExerciseRow | undefined;
  if (!row) return null;
  const cur = toExercise(row);
  const next: RoutineExerciseInput = { ...cur, ...patch };
  checkExercise(next);
  db.prepare(
    `UPDATE routine_exercises SET exercise_id = ?, sets = ?, sides = ?, target_kind = ?, target_value = ?, rest_s = ?, placement = ?, instructions = ? WHERE id = ?`,
  ).run(next.exerciseId, next.sets, next.sides, next.targetKind, next.targetValue, next.restS, next.placement, next.instructions, id);
  return toExercise(db.prepare('SELECT * FROM routine_exercises WHERE id = ?').get(id) as RoutineExerciseRow);
}

export function removeRoutineExercise(db: Database.Database, id: number): boolean {
  return db.transaction(() => {
    const row = db.prepare('SELECT routine_id, ord FROM routine_exercises WHERE id = ?').get(id) as { routine_id: number; ord: number } | undefined;
    if (!row) return false;
    db.prepare('DELETE FROM routine_exercises WHERE id = ?').run(id);
    db.prepare('UPDATE routine_exercises SET ord = ord - 1 WHERE routine_id = ? AND ord > ?').run(row.routine_id, row.ord);
    return true;
  })();
}
