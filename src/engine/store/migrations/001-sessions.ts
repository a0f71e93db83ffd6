/**
 * Version 1: sessions as they are recorded, their sets and reps, heart rate, RR, raw
 * acceleration chunks and remembered devices.
 *
 * Summary figures live on the session row (duration, counts, HR sum/max, zone seconds) and
 * are kept current by the writer at every flush, so the list never scans samples.
 * Times: `*_at` and `t_ms` are epoch ms; rep times are stream seconds from session start.
 */
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'sessions, sets, reps, streams, devices',
  up: `
    CREATE TABLE devices (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      manufacturer TEXT,
      model TEXT,
      firmware TEXT,
      remembered_at INTEGER NOT NULL,
      last_used_at INTEGER
    );

    CREATE TABLE sessions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      routine_name TEXT,
      notes TEXT NOT NULL DEFAULT '',
      started_at REAL NOT NULL,
      ended_at REAL,
      status TEXT NOT NULL CHECK (status IN ('recording', 'finished', 'recovered')),
      writer_pid INTEGER,
      heartbeat_at REAL,
      last_sample_at REAL,
      duration_s REAL NOT NULL DEFAULT 0,
      set_count INTEGER NOT NULL DEFAULT 0,
      rep_count INTEGER NOT NULL DEFAULT 0,
      hr_count INTEGER NOT NULL DEFAULT 0,
      hr_sum REAL NOT NULL DEFAULT 0,
      hr_max INTEGER,
      zone1_s REAL NOT NULL DEFAULT 0,
      zone2_s REAL NOT NULL DEFAULT 0,
      zone3_s REAL NOT NULL DEFAULT 0,
      zone4_s REAL NOT NULL DEFAULT 0,
      zone5_s REAL NOT NULL DEFAULT 0,
      deleted_at REAL
    );
    CREATE INDEX sessions_by_start ON sessions (started_at DESC);
    CREATE INDEX sessions_by_status ON sessions (status) WHERE status = 'recording';

    CREATE TABLE session_devices (
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      device_id TEXT NOT NULL,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      manufacturer TEXT,
      model TEXT,
      firmware TEXT,
      PRIMARY KEY (session_id, device_id)
    ) WITHOUT ROWID;

    CREATE TABLE sets (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      ord INTEGER NOT NULL,
      exercise_id TEXT NOT NULL,
      side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
      started_at REAL NOT NULL,
      ended_at REAL,
      reps_detected INTEGER NOT NULL DEFAULT 0,
      reps_corrected INTEGER,
      target INTEGER,
      load_kg REAL,
      notes TEXT NOT NULL DEFAULT '',
      avg_hr REAL,
      max_hr INTEGER
    );
    CREATE INDEX sets_by_session ON sets (session_id, ord);

    CREATE TABLE reps (
      id INTEGER PRIMARY KEY,
      set_id INTEGER NOT NULL REFERENCES sets (id) ON DELETE CASCADE,
      t REAL NOT NULL,
      start_t REAL NOT NULL,
      end_t REAL NOT NULL,
      amplitude REAL NOT NULL,
      confidence REAL NOT NULL,
      detected_at REAL NOT NULL,
      duration_s REAL NOT NULL,
      tempo_down_s REAL,
      tempo_up_s REAL,
      impact_g REAL,
      sway_g REAL,
      retracted_at REAL,
      retract_reason TEXT
    );
    CREATE INDEX reps_by_set ON reps (set_id, t);

    CREATE TABLE hr_samples (
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      t_ms REAL NOT NULL,
      bpm INTEGER NOT NULL,
      contact INTEGER
    );
    CREATE INDEX hr_by_session ON hr_samples (session_id, t_ms);

    CREATE TABLE rr_intervals (
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      t_ms REAL NOT NULL,
      rr_ms REAL NOT NULL
    );
    CREATE INDEX rr_by_session ON rr_intervals (session_id, t_ms);

    CREATE TABLE acc_chunks (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      sensor_id TEXT NOT NULL,
      t0_ms REAL NOT NULL,
      t1_ms REAL NOT NULL,
      n INTEGER NOT NULL,
      data BLOB NOT NULL
    );
    CREATE INDEX acc_by_window ON acc_chunks (session_id, sensor_id, t0_ms);

    CREATE TABLE stream_gaps (
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      sensor_id TEXT NOT NULL,
      from_ms REAL NOT NULL,
      to_ms REAL NOT NULL
    );
    CREATE INDEX gaps_by_session ON stream_gaps (session_id, sensor_id, from_ms);
  `,
};
