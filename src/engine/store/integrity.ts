/**
 * The full integrity check `doctor` runs (every page and index; the quick check at each open
 * looks at structure only). Read-only: it never changes the file, and it runs beside a
 * recording app (WAL readers do not block the writer).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { activeDatabasePath, sqliteOptions } from './connection';

export interface DatabaseIntegrity {
  file: string;
  /** No database yet: nothing to check. */
  exists: boolean;
  ok: boolean;
  /** SQLite's own words for what is wrong (at most 20 lines). */
  problems: string[];
}

export function checkDatabaseIntegrity(dataDir: string): DatabaseIntegrity {
  const file = activeDatabasePath(dataDir);
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return { file, exists: false, ok: true, problems: [] };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }));
    const rows = db.pragma('integrity_check(20)', { simple: false }) as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((x) => x !== 'ok');
    return { file, exists: true, ok: problems.length === 0, problems };
  } catch (err) {
    return { file, exists: true, ok: false, problems: [err instanceof Error ? err.message : String(err)] };
  } finally {
    db?.close();
  }
}
