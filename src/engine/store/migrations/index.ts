/**
 * Ordered schema migrations, one file per version; the version lives in PRAGMA user_version
 * and PRAGMA application_id marks the file as SetBeat's. Each migration and its version bump
 * run in one transaction, so a crash mid-way leaves the previous version intact.
 */
import type Database from 'better-sqlite3';
import { migration001 } from './001-sessions';
import { migration002 } from './002-routines-settings';
import { migration003 } from './003-routine-auto-sets';
import { migration004 } from './004-rep-models';
import { migration005 } from './005-session-importing';
import { migration006 } from './006-session-content-hash';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
/** 'SBt1' as a big-endian int32: lets us tell our file from another program's SQLite file. */
export const SETBEAT_APPLICATION_ID = 0x53427431;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the database up to `target` (default: latest). Returns the versions applied. */
export function migrate(db: Database.Database, target: number = LATEST_VERSION): number[] {
  const applied: number[] = [];
  const from = schemaVersion(db);
  if (from > LATEST_VERSION) throw new Error(`database version ${from} is newer than ${LATEST_VERSION}`);
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
      if (m.version === 1) db.pragma(`application_id = ${SETBEAT_APPLICATION_ID}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
