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

export function putRepModel(db: Database.Database, model: RepModel, now: number, person = DEFAULT_PERSON): RepModel {
  const checked = repModelSchema.safeParse(model);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new StoreUsageError(`a rep model's ${issue?.path.join('.') || 'shape'} is not valid: ${issue?.message ?? 'invalid'}`);
  }
  const m = checked.data;
  db.prepare(
    `INSERT INTO rep_models (person, exercise, placement, model, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (person, exercise, placement) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at`,
  ).run(person, m.exercise, m.placement, JSON.stringify(m), now);
  return m;
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
  return db.prepare('DELETE FROM rep_models WHERE person = ? AND exercise = ? AND placement = ?').run(person, exercise, placement).changes > 0;
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
    db.prepare('DELETE FROM rep_models WHERE exercise = ?').run(key);
    return db.prepare('DELETE FROM custom_exercises WHERE key = ?').run(key).changes > 0;
  })();
}
