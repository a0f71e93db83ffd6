/**
 * What every exporter reads: the session's detail (small) and its sample streams as
 * iterables that can be walked more than once, each in time order. The engine builds one from
 * the store; tests build one from arrays or generators.
 */
import type { HeartRateSample, RrInterval, SessionDetail } from '../../shared/domain';

/** Raw acceleration as the store decodes it: parallel arrays, epoch ms and g, per sensor. */
export interface AccChunkView {
  sensorId: string;
  count: number;
  tMs: ArrayLike<number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
}

export interface SessionSource {
  detail: SessionDetail;
  heartRate(): Iterable<HeartRateSample>;
  rr(): Iterable<RrInterval>;
  /** Raw acceleration in time-ordered chunks; absent when not kept. */
  acc?(): Iterable<AccChunkView>;
  /** The person's heart-rate zones (lower bounds of zones 1..5), as the store computed zoneSeconds. */
  hrZones?: { maxHr: number; bounds: readonly number[] };
}

export function sourceFromArrays(
  detail: SessionDetail,
  heartRate: readonly HeartRateSample[],
  rr: readonly RrInterval[],
  acc?: readonly AccChunkView[],
): SessionSource {
  return {
    detail,
    heartRate: () => heartRate,
    rr: () => rr,
    ...(acc ? { acc: () => acc } : {}),
  };
}
