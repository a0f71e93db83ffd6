/**
 * Version 6: an imported session keeps a hash of the samples it came from, so importing the
 * same recording again is noticed (NULL for live sessions and for imports made before).
 */
import type { Migration } from './types';

export const migration006: Migration = {
  version: 6,
  name: 'sessions.content_hash',
  up: `
    ALTER TABLE sessions ADD COLUMN content_hash TEXT;
    CREATE INDEX sessions_content_hash ON sessions (content_hash) WHERE content_hash IS NOT NULL;
  `,
};
