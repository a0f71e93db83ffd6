/**
 * Synthetic sessions for export tests and the export bench: a runner's routine with sets,
 * reps (with landing and sway figures), 1 Hz heart rate that climbs in sets and falls in
 * rests, RR intervals consistent with it, and optional raw acceleration. Deterministic.
 */
import type { HeartRateSample, Rep, RrInterval, SessionDetail, SetDetail } from '../../../src/shared/domain';
import { EXERCISE_NAMES, type ExerciseId } from '../../../src/shared/exercises';
import type { AccChunkView, SessionSource } from '../../../src/core/export/source';
import { mulberry32 } from '../../helpers/prng';

export interface FixtureOptions {
  id?: number;
  startedAt?: number;
  /** Rounds of the routine (5 exercises per round). */
  rounds?: number;
  setS?: number;
  restS?: number;
  repsPerSet?: number;
  /** Raw acceleration rate; 0 for none. */
  accHz?: number;
  oddNames?: boolean;
}

export const ROUTINE: ExerciseId[] = ['calf-raise', 'band-walk', 'deadlift', 'box-step-off', 'lunge-matrix'];

export const ODD = {
  sessionName: 'Legs, "heavy" day 🏋️‍♀️',
  sessionNotes: 'Felt good,\nthen "tired" 😅\r\nline3, with ; and \\ too',
  setNote: 'Left knee, "clicky", 💥\nrest longer',
  exerciseName: 'Calf raise, "toe touch" 🦶',
};

/** Repeatable fixtures and benches. */
export const rng = mulberry32;

export interface Fixture {
  detail: SessionDetail;
  /** Iterables computed on demand: nothing is held, so benches measure the exporter. */
  source: SessionSource;
  hrCount: number;
}

export function makeFixture(opts: FixtureOptions = {}): Fixture {
  const id = opts.id ?? 7;
  const startedAt = opts.startedAt ?? Date.UTC(2026, 10, 20, 17, 30, 0);
  const rounds = opts.rounds ?? 1;
  const setS = opts.setS ?? 40;
  const restS = opts.restS ?? 90;
  const repsPerSet = opts.repsPerSet ?? 10;
  const warmupS = 30;
  const sets: SetDetail[] = [];
  let t = startedAt + warmupS * 1000;
  let order = 0;
  for (let r = 0; r < rounds; r++) {
    for (const ex of ROUTINE) {
      const setStart = t;
      const reps: Rep[] = [];
      for (let k = 0; k < repsPerSet; k++) {
        const peak = (setStart - startedAt) / 1000 + 2 + k * ((setS - 4) / repsPerSet);
        reps.push({
          t: peak,
          start: peak - 1,
          end: peak + 1.2,
          amplitude: 0.4 + (k % 3) * 0.05,
          confidence: 0.9,
          detectedAt: peak + 0.5,
          quality: {
            durationS: 2.2,
            tempo: { downS: 1.1, upS: 1.1 },
            ...(ex === 'box-step-off' ? { impactG: 1.8 + (k % 4) * 0.2 } : {}),
            ...(ex === 'calf-raise' || ex === 'lunge-matrix' ? { swayG: 0.03 + (k % 5) * 0.005 } : {}),
          },
        });
      }
      const odd = opts.oddNames && order === 0;
      sets.push({
        id: 100 + order,
        sessionId: id,
        order,
        exerciseId: ex,
        exerciseName: odd ? ODD.exerciseName : EXERCISE_NAMES[ex],
        side: ex === 'lunge-matrix' ? (order % 2 ? 'right' : 'left') : 'both',
        startedAt: setStart,
        endedAt: setStart + setS * 1000,
        repsDetected: repsPerSet,
        repsCorrected: order % 4 === 1 ? repsPerSet + 1 : null,
        target: repsPerSet,
        loadKg: ex === 'deadlift' ? 60 : null,
        notes: odd ? ODD.setNote : '',
        avgHr: null,
        maxHr: null,
        restBeforeS: order === 0 ? null : restS,
        reps,
      });
      order++;
      t = setStart + (setS + restS) * 1000;
    }
  }
  const endedAt = t;
  const durationS = (endedAt - startedAt) / 1000;
  const inSet = (ms: number): boolean => sets.some((s) => ms >= s.startedAt && ms < (s.endedAt ?? 0));
  /** Heart rate climbs towards 150 in a set and back towards 95 in a rest (first-order lag). */
  const lag = (): ((ms: number) => number) => {
    let v = 90;
    return (ms) => {
      v += ((inSet(ms) ? 150 : 95) - v) * 0.06;
      return v;
    };
  };

  function* heartRate(): Generator<HeartRateSample> {
    const rand = rng(1);
    const hr = lag();
    for (let ms = startedAt; ms <= endedAt; ms += 1000) {
      yield { tMs: ms, bpm: Math.round(hr(ms) + (rand() - 0.5) * 3), contact: ms % 60_000 === 0 ? null : true };
    }
  }
  function* rr(): Generator<RrInterval> {
    const rand = rng(2);
    const hr = lag();
    let ms = startedAt;
    while (ms < endedAt) {
      const bpm = hr(ms);
      const rrMs = Math.round(60_000 / bpm + (rand() - 0.5) * 20);
      ms += rrMs;
      yield { tMs: ms, rrMs };
    }
  }
  const accHz = opts.accHz ?? 0;
  /** One-second chunks shaped like the store's decoded chunks (Float32 values, as stored). */
  function* acc(): Generator<AccChunkView> {
    const rand = rng(3);
    const total = Math.floor(durationS * accHz);
    for (let i = 0; i < total; i += accHz) {
      const count = Math.min(accHz, total - i);
      const c = { sensorId: 'AA:BB:CC:DD:EE:01', count, tMs: new Float64Array(count), x: new Float32Array(count), y: new Float32Array(count), z: new Float32Array(count) };
      for (let j = 0; j < count; j++) {
        const ts = (i + j) / accHz;
        c.tMs[j] = startedAt + Math.round(ts * 1e5) / 100;
        c.x[j] = Math.sin(ts) * 0.1;
        c.y[j] = (rand() - 0.5) * 0.02;
        c.z[j] = 1 + Math.sin(ts * 3) * 0.3;
      }
      yield c;
    }
  }

  let hrCount = 0;
  let hrSum = 0;
  let hrMax = 0;
  for (const s of heartRate()) {
    hrCount++;
    hrSum += s.bpm;
    hrMax = Math.max(hrMax, s.bpm);
  }
  for (const set of sets) {
    let n = 0;
    let sum = 0;
    let mx = 0;
    for (const s of heartRate()) {
      if (s.tMs < set.startedAt || s.tMs >= (set.endedAt ?? 0)) continue;
      n++;
      sum += s.bpm;
      mx = Math.max(mx, s.bpm);
    }
    set.avgHr = n ? Math.round((sum / n) * 10) / 10 : null;
    set.maxHr = n ? mx : null;
  }
  const detail: SessionDetail = {
    id,
    name: opts.oddNames ? ODD.sessionName : 'Runner strength',
    routineName: "Runner's strength routine",
    startedAt,
    endedAt,
    status: 'finished',
    durationS,
    setCount: sets.length,
    repCount: sets.reduce((n, s) => n + (s.repsCorrected ?? s.repsDetected), 0),
    avgHr: Math.round((hrSum / hrCount) * 10) / 10,
    maxHr: hrMax,
    zoneSeconds: [300, 400, 200, 100, 0],
    notes: opts.oddNames ? ODD.sessionNotes : '',
    sets,
    devices: [
      { id: 'AA:BB:CC:DD:EE:01', name: 'Polar H10 A1B2C3D4', kind: 'polar-pmd', manufacturer: 'Polar Electro Oy', model: 'H10', firmware: '5.0.0' },
    ],
  };
  return {
    detail,
    hrCount,
    source: { detail, heartRate, rr, ...(accHz > 0 ? { acc } : {}) },
  };
}
