/**
 * Version 3: a routine remembers whether its sets start on motion and end on stillness
 * (automatic sets), as the workout screen's switch sets it.
 */
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'routines.auto_sets',
  up: `ALTER TABLE routines ADD COLUMN auto_sets INTEGER NOT NULL DEFAULT 0;`,
};
