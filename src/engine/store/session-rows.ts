/** Reading sessions, sets and reps back into domain values; no raw samples are touched. */
import type Database from 'better-sqlite3';
import type { DeviceInfo, Rep, SensorKind, SessionDetail, SessionStatus, SessionSummary, SetDetail, Side } from '../../shared/domain';
import { EXERCISE_IDS, EXERCISE_NAMES, isExerciseId } from '../../shared/exercises';
import type { ListSessionsOptions } from './types';

interface SessionRow {
  id: number;
  name: string;
  routine_name: string | null;
  notes: string;
  started_at: number;
  ended_at: number | null;
  status: SessionStatus;
  duration_s: number;
  set_count: number;
  rep_count: number;
  hr_count: number;
  hr_sum: number;
  hr_max: number | null;
  zone1_s: number;
  zone2_s: number;
  zone3_s: number;
  zone4_s: number;
  zone5_s: number;
}

const SUMMARY_COLUMNS = `id, name, routine_name, notes, started_at, ended_at, status, duration_s, set_count, rep_count,
  hr_count, hr_sum, hr_max, zone1_s, zone2_s, zone3_s, zone4_s, zone5_s`;

function toSummary(r: SessionRow): SessionSummary {
  return {
    id: r.id,
    name: r.name,
    routineName: r.routine_name,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    status: r.status,
    durationS: r.duration_s,
    setCount: r.set_count,
    repCount: r.rep_count,
    avgHr: r.hr_count > 0 ? Math.round((r.hr_sum / r.hr_count) * 10) / 10 : null,
    maxHr: r.hr_max,
    zoneSeconds: [r.zone1_s, r.zone2_s, r.zone3_s, r.zone4_s, r.zone5_s],
  };
}

/** LIKE with the person's text taken literally (% and _ are not wildcards). */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listSessions(db: Database.Database, opts: ListSessionsOptions = {}): SessionSummary[] {
  const search = opts.search?.trim() ?? '';
  const limit = opts.limit !== undefined && opts.limit >= 0 ? Math.floor(opts.limit) : -1;
  const offset = opts.offset !== undefined && opts.offset > 0 ? Math.floor(opts.offset) : 0;
  // Exercises match by id or display name ("lunge", "Box step"), through the sets' index.
  const q = search.toLowerCase();
  const exercises = search ? EXERCISE_IDS.filter((id) => id.includes(q) || EXERCISE_NAMES[id].toLowerCase().includes(q)) : [];
  const byExercise = exercises.length
    ? ` OR EXISTS (SELECT 1 FROM sets WHERE sets.session_id = sessions.id AND exercise_id IN (${exercises.map((e) => `'${e}'`).join(', ')}))`
    : '';
  const where = search
    ? `WHERE deleted_at IS NULL AND importing = 0 AND (name LIKE @p ESCAPE '\\' OR routine_name LIKE @p ESCAPE '\\' OR notes LIKE @p ESCAPE '\\'${byExercise})`
    : 'WHERE deleted_at IS NULL AND importing = 0';
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions ${where} ORDER BY started_at DESC, id DESC LIMIT @limit OFFSET @offset`)
    .all({ p: likePattern(search), limit, offset }) as SessionRow[];
  return rows.map(toSummary);
}

export function getSessionSummary(db: Database.Database, id: number): SessionSummary | null {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE id = ? AND deleted_at IS NULL AND importing = 0`).get(id) as SessionRow | undefined;
  return row ? toSummary(row) : null;
}

interface SetRow {
  id: number;
  session_id: number;
  ord: number;
  exercise_id: string;
  side: Side;
  started_at: number;
  ended_at: number | null;
  reps_detected: number;
  reps_corrected: number | null;
  target: number | null;
  load_kg: number | null;
  notes: string;
  avg_hr: number | null;
  max_hr: number | null;
}

interface RepRow {
  set_id: number;
  t: number;
  start_t: number;
  end_t: number;
  amplitude: number;
  confidence: number;
  detected_at: number;
  duration_s: number;
  tempo_down_s: number | null;
  tempo_up_s: number | null;
  impact_g: number | null;
  sway_g: number | null;
}

function toRep(r: RepRow): Rep {
  const rep: Rep = {
    t: r.t,
    start: r.start_t,
    end: r.end_t,
    amplitude: r.amplitude,
    confidence: r.confidence,
    detectedAt: r.detected_at,
    quality: { durationS: r.duration_s },
  };
  if (r.tempo_down_s !== null && r.tempo_up_s !== null) rep.quality.tempo = { downS: r.tempo_down_s, upS: r.tempo_up_s };
  if (r.impact_g !== null) rep.quality.impactG = r.impact_g;
  if (r.sway_g !== null) rep.quality.swayG = r.sway_g;
  return rep;
}

interface DeviceRow {
  device_id: string;
  name: string;
  kind: SensorKind;
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
}

export function toDevice(r: { id?: string; device_id?: string } & Omit<DeviceRow, 'device_id'>): DeviceInfo {
  const d: DeviceInfo = { id: r.id ?? r.device_id ?? '', name: r.name, kind: r.kind };
  if (r.manufacturer !== null) d.manufacturer = r.manufacturer;
  if (r.model !== null) d.model = r.model;
  if (r.firmware !== null) d.firmware = r.firmware;
  return d;
}

export function getSessionDetail(db: Database.Database, id: number): SessionDetail | null {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE id = ? AND deleted_at IS NULL AND importing = 0`).get(id) as SessionRow | undefined;
  if (!row) return null;
  // A taught exercise's set shows its name and counts (and exports) as its base profile.
  const setRows = db
    .prepare(
      `SELECT sets.*, c.name AS custom_name, c.profile AS custom_profile FROM sets LEFT JOIN custom_exercises c ON c.key = sets.exercise_id
       WHERE session_id = ? ORDER BY started_at, ord, id`,
    )
    .all(id) as (SetRow & { custom_name: string | null; custom_profile: string | null })[];
  const repRows = db
    .prepare(
      `SELECT r.* FROM reps r JOIN sets s ON s.id = r.set_id
       WHERE s.session_id = ? AND r.retracted_at IS NULL ORDER BY r.set_id, r.t`,
    )
    .all(id) as RepRow[];
  const repsBySet = new Map<number, Rep[]>();
  for (const r of repRows) {
    const list = repsBySet.get(r.set_id) ?? [];
    list.push(toRep(r));
    repsBySet.set(r.set_id, list);
  }
  let prevEnd: number | null = null;
  const sets: SetDetail[] = setRows.map((s) => {
    const custom = isExerciseId(s.exercise_id) ? null : s.custom_profile !== null && isExerciseId(s.custom_profile) ? { name: s.custom_name ?? s.exercise_id, profile: s.custom_profile } : null;
    const exerciseId = isExerciseId(s.exercise_id) ? s.exercise_id : (custom?.profile ?? 'generic');
    const restBeforeS = prevEnd === null ? null : Math.max(0, (s.started_at - prevEnd) / 1000);
    if (s.ended_at !== null) prevEnd = s.ended_at;
    return {
      id: s.id,
      sessionId: s.session_id,
      order: s.ord,
      exerciseId,
      exerciseName: custom?.name ?? EXERCISE_NAMES[exerciseId],
      ...(isExerciseId(s.exercise_id) ? {} : { exerciseKey: s.exercise_id }),
      side: s.side,
      startedAt: s.started_at,
      endedAt: s.ended_at,
      repsDetected: s.reps_detected,
      repsCorrected: s.reps_corrected,
      target: s.target,
      loadKg: s.load_kg,
      notes: s.notes,
      avgHr: s.avg_hr === null ? null : Math.round(s.avg_hr * 10) / 10,
      maxHr: s.max_hr,
      restBeforeS,
      reps: repsBySet.get(s.id) ?? [],
    };
  });
  const devices = (db.prepare('SELECT * FROM session_devices WHERE session_id = ? ORDER BY device_id').all(id) as DeviceRow[]).map(toDevice);
  return { ...toSummary(row), notes: row.notes, sets, devices };
}
