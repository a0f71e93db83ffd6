/**
 * Rep models (one per person, exercise key and placement) and custom exercises made by
 * teaching. Models are stored as their JSON and checked against the shared zod schema when
 * read: a row that no longer parses is left out (and reported), never half-used.
 */
import type Database from 'better-sqlite3';
import { customExerciseSchema, type CustomExercise } from '../../shared/custom-exercises';
import { isExerciseId } from '../../shared/exercises';
import { repModelSchema, type RepModel } from '../../shared/rep-model';
import { StoreUsageError } from './errors';

/** The single user of today's app. */
export const DEFAULT_PERSON = 'me';

interface ModelRow {
  person: string;
  exercise: string;
  placement: string;
  model: string;
}

function parseModel(row: ModelRow): RepModel | null {
  try {
    const r = repModelSchema.safeParse(JSON.parse(row.model));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function getRepModel(db: Database.Database, exercise: string, placement: string, person = DEFAULT_PERSON): RepModel | null {
  const row = db.prepare('SELECT * FROM rep_models WHERE person = ? AND exercise = ? AND placement = ?').get(person, exercise, placement) as ModelRow | undefined;
  return row ? parseModel(row) : null;
}

/** What a model learned last: a corrected set's id (null for a teach set) and the model before it. */
export interface LastSource {
  setId: number | null;
  prior: RepModel | null;
}

export function lastSource(db: Database.Database, exercise: string, placement: string, person = DEFAULT_PERSON): LastSource | null {
  const row = db
    .prepare('SELECT set_id, prior FROM rep_model_sources WHERE person = ? AND exercise = ? AND placement = ? ORDER BY id DESC LIMIT 1')
    .get(person, exercise, placement) as { set_id: number | null; prior: string | null } | undefined;
  if (!row) return null;
  return { setId: row.set_id, prior: row.prior === null ? null : parseModel({ person, exercise, placement, model: row.prior }) };
}

/**
 * Stores a model and logs what it learned from (`setId`: a corrected set, or null). When that
 * set is already the model's last source, its log row is replaced: the model was learned again
 * from the same prior, not on top of the set's earlier count.
 */
export function putRepModel(db: Database.Database, model: RepModel, now: number, person = DEFAULT_PERSON, source?: { setId: number | null; prior: RepModel | null }): RepModel {
  const checked = repModelSchema.safeParse(model);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new StoreUsageError(`a rep model's ${issue?.path.join('.') || 'shape'} is not valid: ${issue?.message ?? 'invalid'}`);
  }
  const m = checked.data;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO rep_models (person, exercise, placement, model, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (person, exercise, placement) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at`,
    ).run(person, m.exercise, m.placement, JSON.stringify(m), now);
    if (!source) return;
    const last = lastSourceRow(db, person, m.exercise, m.placement);
    if (last && source.setId !== null && last.set_id === source.setId) db.prepare('DELETE FROM rep_model_sources WHERE id = ?').run(last.id);
    db.prepare('INSERT INTO rep_model_sources (person, exercise, placement, set_id, prior, learned_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      person,
      m.exercise,
      m.placement,
      source.setId,
      source.prior ? JSON.stringify(source.prior) : null,
      now,
    );
  })();
  return m;
}

function lastSourceRow(db: Database.Database, person: string, exercise: string, placement: string): { id: number; set_id: number | null } | undefined {
  return db.prepare('SELECT id, set_id FROM rep_model_sources WHERE person = ? AND exercise = ? AND placement = ? ORDER BY id DESC LIMIT 1').get(person, exercise, placement) as
    | { id: number; set_id: number | null }
    | undefined;
}

/**
 * A correction taken back (back to the detector's count): when that set is the model's last
 * source, the model goes back to what it was before it. Returns whether it did.
 */
export function unlearnSet(db: Database.Database, exercise: string, placement: string, setId: number, now: number, person = DEFAULT_PERSON): boolean {
  return db.transaction(() => {
    const last = lastSourceRow(db, person, exercise, placement);
    if (!last || last.set_id !== setId) return false;
    const before = lastSource(db, exercise, placement, person)?.prior ?? null;
    if (before) {
      db.prepare('UPDATE rep_models SET model = ?, updated_at = ? WHERE person = ? AND exercise = ? AND placement = ?').run(JSON.stringify(before), now, person, exercise, placement);
    } else {
      db.prepare('DELETE FROM rep_models WHERE person = ? AND exercise = ? AND placement = ?').run(person, exercise, placement);
    }
    db.prepare('DELETE FROM rep_model_sources WHERE id = ?').run(last.id);
    return true;
  })();
}

/** Valid models, by exercise then placement; `skipped` counts rows that no longer parse. */
export function listRepModels(db: Database.Database, person = DEFAULT_PERSON): { models: RepModel[]; skipped: number } {
  const rows = db.prepare('SELECT * FROM rep_models WHERE person = ? ORDER BY exercise, placement').all(person) as ModelRow[];
  const models: RepModel[] = [];
  let skipped = 0;
  for (const r of rows) {
    const m = parseModel(r);
    if (m) models.push(m);
    else skipped++;
  }
  return { models, skipped };
}

export function deleteRepModel(db: Database.Database, exercise: string, placement: string, person = DEFAULT_PERSON): boolean {
  return db.transaction(() => {
    db.prepare('DELETE FROM rep_model_sources WHERE person = ? AND exercise = ? AND placement = ?').run(person, exercise, placement);
    return db.prepare('DELETE FROM rep_models WHERE person = ? AND exercise = ? AND placement = ?').run(person, exercise, placement).changes > 0;
  })();
}

interface CustomRow {
  key: string;
  name: string;
  profile: string;
}

export function listCustomExercises(db: Database.Database): CustomExercise[] {
  const rows = db.prepare('SELECT key, name, profile FROM custom_exercises ORDER BY name COLLATE NOCASE').all() as CustomRow[];
  return rows.flatMap((r) => {
    const c = customExerciseSchema.safeParse(r);
    return c.success ? [c.data] : [];
  });
}

export function getCustomExercise(db: Database.Database, key: string): CustomExercise | null {
  const row = db.prepare('SELECT key, name, profile FROM custom_exercises WHERE key = ?').get(key) as CustomRow | undefined;
  const c = row ? customExerciseSchema.safeParse(row) : null;
  return c?.success ? c.data : null;
}

/** Creates a custom exercise; its key must be new and not a built-in id. */
export function createCustomExercise(db: Database.Database, input: CustomExercise, now: number): CustomExercise {
  const checked = customExerciseSchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new StoreUsageError(`a custom exercise's ${issue?.path.join('.') || 'shape'} is not valid: ${issue?.message ?? 'invalid'}`);
  }
  const c = checked.data;
  if (isExerciseId(c.key)) throw new StoreUsageError(`"${c.key}" is a built-in exercise; choose another name`);
  if (getCustomExercise(db, c.key)) throw new StoreUsageError(`an exercise called "${c.key}" already exists`);
  db.prepare('INSERT INTO custom_exercises (key, name, profile, created_at) VALUES (?, ?, ?, ?)').run(c.key, c.name, c.profile, now);
  return c;
}

/** Deletes a custom exercise and every model learned for it. */
export function deleteCustomExercise(db: Database.Database, key: string): boolean {
  return db.transaction(() => {
    db.prepare('DELETE FROM rep_model_sources WHERE exercise = ?').run(key);
    db.prepare('DELETE FROM rep_models WHERE exercise = ?').run(key);
    return db.prepare('DELETE FROM custom_exercises WHERE key = ?').run(key).changes > 0;
  })();
}
