/** Shapes of the store's API that are not in src/shared/domain.ts. */
import type { Side } from '../../shared/domain';
import type { DecodedAccChunk } from '../../core/chunks/acc-chunk';

export type { AccPoint, DecodedAccChunk } from '../../core/chunks/acc-chunk';

export interface StoreOptions {
  /** Open without writing anything: no migration, no recovery, no purge. */
  readonly?: boolean;
  /** How long to wait for another connection's lock before giving up (default 5000 ms). */
  busyTimeoutMs?: number;
}

export interface ListSessionsOptions {
  /** Case-insensitive match on name, routine name, notes, and exercise (id or name) of a set. */
  search?: string;
  limit?: number;
  offset?: number;
}

/** One stored acceleration chunk, decoded, limited to the window asked for. */
export interface AccChunkRead extends DecodedAccChunk {
  sensorId: string;
}

export interface StreamGap {
  sensorId: string;
  fromMs: number;
  toMs: number;
}

export interface BeginSessionInput {
  name: string;
  routineName?: string | null;
  startedAt: number;
  /** An import: hidden from lists and removed at the next open until `completeImport`. */
  importing?: boolean;
}

export interface StartSetInput {
  /** A built-in id or a taught exercise's key (stored as it is). */
  exerciseId: string;
  side: Side;
  order: number;
  startedAt: number;
  target?: number | null;
  loadKg?: number | null;
  notes?: string;
}

export type RoutineSides = 'both' | 'each';
export type RoutineTargetKind = 'reps' | 'seconds' | 'steps';

export interface RoutineExerciseInput {
  /** A built-in id or a taught exercise's key. */
  exerciseId: string;
  sets: number;
  /** 'each' = one set per side (left, then right). */
  sides: RoutineSides;
  targetKind: RoutineTargetKind;
  targetValue: number | null;
  restS: number;
  /** Where the sensor sits, e.g. 'chest', 'ankle', 'wrist'. */
  placement: string | null;
  instructions: string;
}

export interface RoutineExercise extends RoutineExerciseInput {
  id: number;
  routineId: number;
  order: number;
}

export interface RoutineInput {
  name: string;
  notes?: string;
  builtin?: boolean;
  /** Sets start on motion and end on stillness. Default false. */
  autoSets?: boolean;
  exercises?: RoutineExerciseInput[];
}

export interface Routine {
  id: number;
  name: string;
  notes: string;
  builtin: boolean;
  autoSets: boolean;
  createdAt: number;
  updatedAt: number;
  exercises: RoutineExercise[];
}

export interface HrSeries {
  tMs: number[];
  bpm: number[];
}
