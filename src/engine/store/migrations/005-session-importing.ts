/**
 * Version 5: a session being imported is marked until its import completes, so one cut short
 * (kill -9, a full disk) is removed at the next open instead of kept as a "recovered" half.
 * (Version 4 belongs to another change under way.)
 */
import type { Migration } from './types';

export const migration005: Migration = {
  version: 5,
  name: 'sessions.importing',
  up: `ALTER TABLE sessions ADD COLUMN importing INTEGER NOT NULL DEFAULT 0;`,
};
