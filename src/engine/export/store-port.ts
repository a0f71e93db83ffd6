/**
 * What exports read from the store, as an interface so the exporters do not depend on the
 * store's internals (the real store satisfies it structurally; tests may pass a fake).
 */
import type { HeartRateSample, RrInterval, SessionDetail, SessionSummary } from '../../shared/domain';
import type { AccChunkView, SessionSource } from '../../core/export/source';
import { zoneBounds, type HrProfile } from '../store/zones';

export interface ExportStore {
  listSessions(): SessionSummary[];
  getSession(id: number): SessionDetail | null;
  iterateHeartRate(id: number): Iterable<HeartRateSample>;
  iterateRr(id: number): Iterable<RrInterval>;
  iterateAcc?(id: number): Iterable<AccChunkView>;
  hrProfile?(): HrProfile;
}

/** A source whose streams re-query the store each time they are walked (nothing is held). */
export function sourceFromStore(store: ExportStore, id: number): SessionSource | null {
  const detail = store.getSession(id);
  if (!detail) return null;
  const iterateAcc = store.iterateAcc?.bind(store);
  const profile = store.hrProfile?.();
  return {
    detail,
    ...(profile ? { hrZones: { maxHr: profile.maxHr, bounds: zoneBounds(profile).map((b) => Math.round(b)) } } : {}),
    heartRate: () => store.iterateHeartRate(id),
    rr: () => store.iterateRr(id),
    ...(iterateAcc ? { acc: () => iterateAcc(id) } : {}),
  };
}
