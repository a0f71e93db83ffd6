/**
 * What the live workout needs from the rest of the engine, as small interfaces: the SQLite
 * store's session writer (src/engine/store) satisfies LiveWriter as it is.
 */
import type { AccSample, HeartRateSample, Rep, RrInterval, SessionSummary, Side } from '../../shared/domain';

export interface LiveWriter {
  readonly sessionId: number;
  addHr(s: HeartRateSample): void;
  addRr(s: RrInterval): void;
  addAcc(sensorId: string, samples: readonly { tMs: number; x: number; y: number; z: number }[]): void;
  startSet(input: { exerciseId: string; side: Side; order: number; startedAt: number; target?: number | null }): number;
  addRep(setId: number, rep: Rep): void;
  retractRep(setId: number, t: number, reason?: string): void;
  endSet(setId: number, endedAt: number): void;
  markGap(sensorId: string, fromMs: number, toMs: number): void;
  flush(): boolean;
  finish(endedAt: number): boolean;
}

/** How a live writer reports saving trouble (the store's SessionWriterOptions satisfy it). */
export interface LiveWriterCallbacks {
  /** A flush failed; the writer keeps everything in memory and retries. */
  onError?: (err: Error) => void;
  /** A flush got through after failures: everything held in memory is on disk. */
  onResumed?: () => void;
}

export interface WorkoutStorePort {
  beginSession(input: { name: string; routineName?: string | null; startedAt: number }, callbacks?: LiveWriterCallbacks): LiveWriter;
  correctSetReps(setId: number, n: number | null): boolean;
  getSessionSummary?(id: number): SessionSummary | null;
}

/** Samples as they arrive from a sensor, on the engine's clock (epoch ms). */
export type SensorInput =
  | { type: 'hr'; sensorId: string; samples: HeartRateSample[] }
  | { type: 'rr'; sensorId: string; samples: RrInterval[] }
  | { type: 'acc'; sensorId: string; samples: { tMs: number; x: number; y: number; z: number }[] }
  | { type: 'connected'; sensorId: string; name: string; kind: 'hr-strap' | 'polar-pmd' | 'generic-imu'; reconnected: boolean }
  | { type: 'disconnected'; sensorId: string; willReconnect: boolean; reason: string }
  | { type: 'reconnecting'; sensorId: string }
  | { type: 'battery'; sensorId: string; percent: number }
  | { type: 'contact'; sensorId: string; contact: boolean | null }
  | { type: 'gap'; sensorId: string; fromMs: number; toMs: number };

export type { AccSample };
