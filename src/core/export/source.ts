/**
 * What every exporter reads: the session's detail (small) and its sample streams as
 * iterables that can be walked more than once, each in time order. The engine builds one from
 * the store; tests build one from arrays or generators.
 */
import type { AccSample, HeartRateSample, RrInterval, SessionDetail } from '../../shared/domain';

export interface SessionSource {
  detail: SessionDetail;
  heartRate(): Iterable<HeartRateSample>;
  rr(): Iterable<RrInterval>;
  /** Raw acceleration in chunks (stream seconds from the session start); absent when not kept. */
  acc?(): Iterable<readonly AccSample[]>;
}

export function sourceFromArrays(
  detail: SessionDetail,
  heartRate: readonly HeartRateSample[],
  rr: readonly RrInterval[],
  acc?: readonly (readonly AccSample[])[],
): SessionSource {
  return {
    detail,
    heartRate: () => heartRate,
    rr: () => rr,
    ...(acc ? { acc: () => acc } : {}),
  };
}
