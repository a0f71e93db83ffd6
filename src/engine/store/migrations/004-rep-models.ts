/**
 * Version 4: what SetBeat learned from the person. `rep_models` holds one rep model (the
 * JSON of src/shared/rep-model.ts) per person, exercise key and sensor placement; the app
 * has one user today, so `person` defaults to 'me'. `custom_exercises` holds exercises made
 * by teaching: a key, the name the person gave and the built-in profile used as the prior.
 * `rep_model_sources` logs each set a model learned from (a corrected set's id, or NULL for a
 * teach set) with the model as it was before: a set corrected again right away (+, +, +)
 * replaces its own contribution instead of being learned once per click.
 */
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'rep models, custom exercises',
  up: `
    CREATE TABLE custom_exercises (
      key TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      profile TEXT NOT NULL,
      created_at REAL NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE rep_models (
      person TEXT NOT NULL DEFAULT 'me',
      exercise TEXT NOT NULL,
      placement TEXT NOT NULL,
      model TEXT NOT NULL,
      updated_at REAL NOT NULL,
      PRIMARY KEY (person, exercise, placement)
    ) WITHOUT ROWID;

    CREATE TABLE rep_model_sources (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      person TEXT NOT NULL DEFAULT 'me',
      exercise TEXT NOT NULL,
      placement TEXT NOT NULL,
      set_id INTEGER,
      prior TEXT,
      learned_at REAL NOT NULL
    );
    CREATE INDEX rep_model_sources_by_model ON rep_model_sources (person, exercise, placement, id);
  `,
};
