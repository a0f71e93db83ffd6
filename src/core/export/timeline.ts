/**
 * The session cut into consecutive active (set) and rest blocks, the shape TCX laps, FIT `set`
 * messages and the report's rest column share. Rest is whatever lies between two sets, and
 * before the first / after the last set when the recording ran longer.
 */
import type { SessionDetail, SetDetail } from '../../shared/domain';

export interface TimelineBlock {
  kind: 'active' | 'rest';
  startMs: number;
  endMs: number;
  /** The set for an active block; the set that follows for a rest block (null at the end). */
  set: SetDetail | null;
}

export function sessionEndMs(detail: Pick<SessionDetail, 'startedAt' | 'endedAt' | 'durationS'>): number {
  return detail.endedAt ?? detail.startedAt + Math.round(detail.durationS * 1000);
}

/** Shorter gaps are not worth a rest block (a tap on "start" a moment after "stop"). */
const MIN_REST_MS = 1000;

export function buildTimeline(detail: SessionDetail): TimelineBlock[] {
  const sets = [...detail.sets].sort((a, b) => a.startedAt - b.startedAt || a.order - b.order);
  const end = Math.max(sessionEndMs(detail), ...sets.map((s) => s.endedAt ?? s.startedAt));
  const blocks: TimelineBlock[] = [];
  let cursor = detail.startedAt;
  sets.forEach((set, i) => {
    const start = Math.max(set.startedAt, cursor);
    if (start - cursor >= MIN_REST_MS) blocks.push({ kind: 'rest', startMs: cursor, endMs: start, set });
    const next = sets[i + 1]?.startedAt ?? end;
    const setEnd = Math.max(start, Math.min(set.endedAt ?? next, end));
    blocks.push({ kind: 'active', startMs: start, endMs: setEnd, set });
    cursor = setEnd;
  });
  if (end - cursor >= MIN_REST_MS) blocks.push({ kind: 'rest', startMs: cursor, endMs: end, set: null });
  if (blocks.length === 0) blocks.push({ kind: 'rest', startMs: detail.startedAt, endMs: Math.max(end, detail.startedAt), set: null });
  return blocks;
}

export interface HrStats {
  count: number;
  sum: number;
  max: number;
}

/**
 * Walks time-ordered heart rate once and hands each sample with a real reading (bpm > 0) to
 * the block it falls in: [start, end), the last block also takes its end instant. Blocks are
 * ordered, so a moving index is enough; samples outside every block are skipped.
 */
export function forEachSampleInBlocks<T extends { tMs: number; bpm: number }>(
  blocks: readonly TimelineBlock[],
  samples: Iterable<T>,
  visit: (blockIndex: number, sample: T) => void,
): void {
  let i = 0;
  const last = blocks.length - 1;
  for (const s of samples) {
    if (!(s.bpm > 0)) continue;
    while (i <= last && (s.tMs > blocks[i].endMs || (s.tMs === blocks[i].endMs && i < last))) i++;
    if (i > last) break;
    if (s.tMs < blocks[i].startMs) continue;
    visit(i, s);
  }
}

export function heartRateStatsPerBlock(
  blocks: readonly TimelineBlock[],
  heartRate: Iterable<{ tMs: number; bpm: number }>,
): HrStats[] {
  const stats = blocks.map(() => ({ count: 0, sum: 0, max: 0 }));
  forEachSampleInBlocks(blocks, heartRate, (i, s) => {
    const st = stats[i];
    st.count++;
    st.sum += s.bpm;
    if (s.bpm > st.max) st.max = s.bpm;
  });
  return stats;
}
