/**
 * Domain values shared by every layer. Times: absolute instants are epoch milliseconds
 * (`...At`, `tMs`); stream times inside one recording are seconds from its start (`t`).
 */
import type { ExerciseId } from './exercises';

export type Side = 'left' | 'right' | 'both';

/** One accelerometer sample: stream time in seconds, acceleration in g. */
export interface AccSample {
  t: number;
  x: number;
  y: number;
  z: number;
}

export interface HeartRateSample {
  tMs: number;
  bpm: number;
  /** null when the sensor does not report contact. */
  contact: boolean | null;
}

export interface RrInterval {
  tMs: number;
  rrMs: number;
}

export interface RepQuality {
  durationS: number;
  /** Seconds down and up (eccentric/concentric) where the profile can tell. */
  tempo?: { downS: number; upS: number };
  /** Box step-off: the landing impact peak in g ("land quietly"). */
  impactG?: number;
  /** Calf raise, lunge matrix: RMS of the low-frequency wobble while holding, in g. */
  swayG?: number;
}

export interface Rep {
  /** Peak time, stream seconds. */
  t: number;
  start: number;
  end: number;
  amplitude: number;
  confidence: number;
  /** Stream time at which the detector emitted the rep. */
  detectedAt: number;
  quality: RepQuality;
}

export type SessionStatus = 'recording' | 'finished' | 'recovered';

export interface SetRecord {
  id: number;
  sessionId: number;
  order: number;
  exerciseId: ExerciseId;
  /** A taught exercise's key when the set is of one (exerciseId is then its base profile). */
  exerciseKey?: string;
  /** SetBeat's display name for the exercise (kept in exports where formats lack it). */
  exerciseName: string;
  side: Side;
  startedAt: number;
  endedAt: number | null;
  repsDetected: number;
  repsCorrected: number | null;
  target: number | null;
  loadKg: number | null;
  notes: string;
  avgHr: number | null;
  maxHr: number | null;
  /** Seconds of rest before this set (null for the first). */
  restBeforeS: number | null;
}

export interface SetDetail extends SetRecord {
  reps: Rep[];
}

export interface DeviceInfo {
  id: string;
  name: string;
  kind: SensorKind;
  manufacturer?: string;
  model?: string;
  firmware?: string;
}

export type SensorKind = 'hr-strap' | 'polar-pmd' | 'generic-imu';

export interface SessionSummary {
  id: number;
  name: string;
  routineName: string | null;
  startedAt: number;
  endedAt: number | null;
  status: SessionStatus;
  durationS: number;
  setCount: number;
  repCount: number;
  avgHr: number | null;
  maxHr: number | null;
  /** Seconds spent in each of the five heart-rate zones. */
  zoneSeconds: [number, number, number, number, number];
}

export interface SessionDetail extends SessionSummary {
  notes: string;
  sets: SetDetail[];
  devices: DeviceInfo[];
}

/** Reps counted for a set: the person's correction wins over the detector. */
export function repsOf(set: Pick<SetRecord, 'repsDetected' | 'repsCorrected'>): number {
  return set.repsCorrected ?? set.repsDetected;
}
