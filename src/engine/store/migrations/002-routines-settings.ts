/**
 * Version 2: routines with their exercise rows, and the small key-value settings table
 * (profile: maxHr, restingHr, zonesMethod; units, theme, sounds...). Values are JSON text.
 */
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'routines, settings',
  up: `
    CREATE TABLE routines (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      notes TEXT NOT NULL DEFAULT '',
      builtin INTEGER NOT NULL DEFAULT 0,
      created_at REAL NOT NULL,
      updated_at REAL NOT NULL
    );

    CREATE TABLE routine_exercises (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      routine_id INTEGER NOT NULL REFERENCES routines (id) ON DELETE CASCADE,
      ord INTEGER NOT NULL,
      exercise_id TEXT NOT NULL,
      sets INTEGER NOT NULL CHECK (sets >= 1),
      sides TEXT NOT NULL CHECK (sides IN ('both', 'each')),
      target_kind TEXT NOT NULL CHECK (target_kind IN ('reps', 'seconds', 'steps')),
      target_value INTEGER,
      rest_s INTEGER NOT NULL DEFAULT 60,
      placement TEXT,
      instructions TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX routine_exercises_by_routine ON routine_exercises (routine_id, ord);

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
