import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/engine/store/index';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion, SETBEAT_APPLICATION_ID } from '../../../src/engine/store/migrations/index';

const SEED_MODEL = {
  format: 'setbeat-rep-model',
  version: 1,
  exercise: 'kettlebell-swing',
  name: 'Kettlebell swing',
  profile: 'deadlift',
  placement: 'wrist',
  sets: 2,
  updatedAt: '2026-01-01T00:00:00.000Z',
  tuning: null,
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-migrate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function schemaOf(db: Database.Database): string[] {
  return (db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as {
    type: string;
    name: string;
    sql: string | null;
  }[]).map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`);
}

/** Rows a database of each earlier version could hold, written with that version's schema. */
function seed(db: Database.Database, version: number): void {
  if (version >= 1) {
    db.exec(`
      INSERT INTO devices (id, name, kind, remembered_at) VALUES ('AA:BB', 'Polar H10', 'hr-strap', 1);
      INSERT INTO sessions (id, name, started_at, ended_at, status, set_count, rep_count) VALUES (7, 'Old one', 1000, 61000, 'finished', 1, 5);
      INSERT INTO sets (id, session_id, ord, exercise_id, side, started_at, ended_at, reps_detected) VALUES (3, 7, 0, 'deadlift', 'both', 2000, 30000, 5);
      INSERT INTO reps (set_id, t, start_t, end_t, amplitude, confidence, detected_at, duration_s) VALUES (3, 4, 3.5, 4.5, 1, 0.9, 4.6, 1);
      INSERT INTO hr_samples (session_id, t_ms, bpm, contact) VALUES (7, 2000, 120, 1);
      INSERT INTO acc_chunks (session_id, sensor_id, t0_ms, t1_ms, n, data) VALUES (7, 'imu', 2000, 2000, 1, x'00');
    `);
  }
  if (version >= 2) {
    db.exec(`
      INSERT INTO settings (key, value) VALUES ('maxHr', '185');
      INSERT INTO routines (id, name, builtin, created_at, updated_at) VALUES (4, 'Hills', 0, 1, 1);
      INSERT INTO routine_exercises (routine_id, ord, exercise_id, sets, sides, target_kind, target_value, rest_s) VALUES (4, 0, 'calf-raise', 2, 'each', 'reps', 12, 45);
    `);
  }
  if (version >= 3) {
    db.exec(`UPDATE routines SET auto_sets = 1 WHERE id = 4;`);
  }
  if (version >= 4) {
    db.exec(`
      INSERT INTO custom_exercises (key, name, profile, created_at) VALUES ('kettlebell-swing', 'Kettlebell swing', 'deadlift', 1);
      INSERT INTO rep_models (exercise, placement, model, updated_at) VALUES ('kettlebell-swing', 'wrist', '${JSON.stringify(SEED_MODEL)}', 1);
    `);
  }
}

describe('schema migrations', () => {
  it('keep a version-4 file\'s models and custom exercises through a reopen', () => {
    const dir = path.join(tmp, 'v4-rows');
    fs.mkdirSync(dir);
    const old = new Database(path.join(dir, 'setbeat.db'));
    migrate(old, 4);
    seed(old, 4);
    old.close();
    const store = openStore(dir);
    expect(store.listCustomExercises()).toEqual([{ key: 'kettlebell-swing', name: 'Kettlebell swing', profile: 'deadlift' }]);
    // The person column defaults to the one user of today's app.
    expect(store.getRepModel('kettlebell-swing', 'wrist')).toEqual(SEED_MODEL);
    expect(store.getRepModel('kettlebell-swing', 'wrist', 'someone-else')).toBeNull();
    store.close();
  });

  it('are numbered 1..N in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  });

  it('build the latest schema on an in-memory database, one version at a time', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) {
      expect(migrate(db, m.version)).toEqual([m.version]);
      expect(schemaVersion(db)).toBe(m.version);
    }
    expect(db.pragma('application_id', { simple: true })).toBe(SETBEAT_APPLICATION_ID);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('open an empty (0-byte) file as a new database', () => {
    const dir = path.join(tmp, 'empty');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'setbeat.db'), '');
    const store = openStore(dir);
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.listSessions()).toEqual([]);
    store.close();
  });

  const fresh = new Database(':memory:');
  migrate(fresh);
  const latestSchema = schemaOf(fresh);
  fresh.close();

  for (let from = 0; from < LATEST_VERSION; from++) {
    it(`upgrade a version-${from} file to ${LATEST_VERSION}, keeping its rows`, () => {
      const dir = path.join(tmp, `v${from}`);
      fs.mkdirSync(dir);
      const file = path.join(dir, 'setbeat.db');
      const old = new Database(file);
      migrate(old, from);
      seed(old, from);
      old.close();

      const store = openStore(dir);
      expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
      expect(schemaOf(store.db)).toEqual(latestSchema);
      if (from >= 1) {
        const s = store.getSession(7);
        expect(s?.name).toBe('Old one');
        expect(s?.sets.map((x) => [x.id, x.exerciseId, x.repsDetected, x.reps.length])).toEqual([[3, 'deadlift', 5, 1]]);
        expect(store.listDevices().map((d) => d.name)).toEqual(['Polar H10']);
        expect([...store.iterateHeartRate(7)]).toEqual([{ tMs: 2000, bpm: 120, contact: true }]);
        // Sessions from before version 6 have no content hash: nothing counts as imported twice.
        expect(store.db.prepare('SELECT content_hash FROM sessions WHERE id = 7').get()).toEqual({ content_hash: null });
      }
      if (from >= 2) {
        expect(store.getSettings().maxHr).toBe(185);
        const r = store.getRoutine(4);
        expect(r?.exercises.map((e) => [e.exerciseId, e.sets, e.sides, e.targetValue, e.restS])).toEqual([['calf-raise', 2, 'each', 12, 45]]);
        // Routines from before version 3 did not have automatic sets.
        expect(r?.autoSets).toBe(from >= 3);
      }
      if (from >= 4) {
        // What was learned by version 4 is kept.
        expect(store.listRepModels().models.map((m) => [m.exercise, m.placement])).toEqual([['kettlebell-swing', 'wrist']]);
        expect(store.listCustomExercises().map((c) => c.key)).toEqual(['kettlebell-swing']);
      } else {
        // Older files gain empty tables: nothing learned yet.
        expect(store.listRepModels()).toEqual({ models: [], skipped: 0 });
        expect(store.listCustomExercises()).toEqual([]);
      }
      store.close();
    });
  }
});
