/**
 * Finds the sets of a recording and counts each one's reps, as `import` does: the motion
 * segmenter opens a set at motion start (the set's detector first replays a 2 s pre-roll, so
 * it sees the rep's first descent) and ends it where stillness began; a fresh detector per set
 * counts its reps. Without a segmenter the whole recording is one set.
 *
 * It takes samples packed as [t, x, y, z, ...] (what the CSV reader and the detection worker
 * pass around), so the same code runs in the importing thread and in the worker.
 */
import type { AccSample, Rep } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import type { MotionSegmenter, RepDetector, RepEvent } from '../../core/reps/types';

/** A set found in the recording (file seconds) with the reps whose peak lies inside it. */
export interface FoundSet {
  startT: number;
  endT: number;
  /** Oldest first. */
  reps: Rep[];
}

export interface SetFinderDeps {
  createDetector(exerciseId: ExerciseId): RepDetector;
  /** Absent: the whole recording is taken as one set. */
  createSegmenter?: () => MotionSegmenter;
}

/** Samples kept from before a motion start, so the detector sees the rep's first descent. */
export const PREROLL_S = 2;

interface OpenSet {
  startT: number;
  detector: RepDetector;
  /** By peak time: a retraction names the rep's t. */
  reps: Map<number, Rep>;
}

/** The pre-roll: a queue of packed samples (no object per sample), dropped from the head. */
class PackedQueue {
  data = new Float64Array(4 * 1024);
  head = 0;
  tail = 0;

  push(t: number, x: number, y: number, z: number): void {
    if (this.tail * 4 === this.data.length) {
      // Compact when at least half is consumed, else grow: amortised O(1) per sample.
      if (this.head * 2 >= this.tail) {
        this.data.copyWithin(0, this.head * 4, this.tail * 4);
        this.tail -= this.head;
        this.head = 0;
      } else {
        const bigger = new Float64Array(this.data.length * 2);
        bigger.set(this.data.subarray(this.head * 4, this.tail * 4));
        this.tail -= this.head;
        this.head = 0;
        this.data = bigger;
      }
    }
    const i = this.tail * 4;
    this.data[i] = t;
    this.data[i + 1] = x;
    this.data[i + 2] = y;
    this.data[i + 3] = z;
    this.tail++;
  }

  /** Drops samples older than `from`. */
  dropBefore(from: number): void {
    while (this.head < this.tail && this.data[this.head * 4] < from) this.head++;
  }
}

export class SetFinder {
  readonly setsFrom: 'motion-segmenter' | 'whole-recording';
  private readonly segmenter: MotionSegmenter | null;
  private readonly preroll = new PackedQueue();
  private open: OpenSet | null = null;
  private started = false;
  private found: FoundSet[] = [];
  // One sample object each for the stream and the pre-roll replay, rewritten per sample: the
  // detector and the segmenter read a sample's numbers and keep no reference to it.
  private readonly sample: AccSample = { t: 0, x: 0, y: 0, z: 0 };
  private readonly replayed: AccSample = { t: 0, x: 0, y: 0, z: 0 };

  constructor(
    private readonly exerciseId: ExerciseId,
    private readonly deps: SetFinderDeps,
  ) {
    this.segmenter = deps.createSegmenter?.() ?? null;
    this.setsFrom = this.segmenter ? 'motion-segmenter' : 'whole-recording';
  }

  /** Takes `count` samples from `data`; returns the sets that ended with them. */
  push(data: Float64Array, count: number): FoundSet[] {
    const s = this.sample;
    for (let k = 0; k < count; k++) {
      const i = k * 4;
      s.t = data[i];
      s.x = data[i + 1];
      s.y = data[i + 2];
      s.z = data[i + 3];
      this.take(s);
    }
    return this.takeFound();
  }

  /** End of the recording (`lastT`: its last sample's time): the sets still open end. */
  finish(lastT: number): FoundSet[] {
    if (this.segmenter) {
      for (const ev of this.segmenter.flush()) if (ev.type === 'still' && this.open) this.endSet(ev.since);
    }
    if (this.open) this.endSet(lastT);
    return this.takeFound();
  }

  private take(s: AccSample): void {
    if (!this.started) {
      this.started = true;
      if (!this.segmenter) this.startSet(s.t);
    }
    const current = this.open;
    if (current) this.apply(current, current.detector.push(s));
    if (!this.segmenter) return;
    // The sample joins the pre-roll first, so a set opened by it starts with it.
    this.preroll.push(s.t, s.x, s.y, s.z);
    this.preroll.dropBefore(s.t - PREROLL_S);
    for (const ev of this.segmenter.push(s)) {
      if (ev.type === 'motion-start' && !this.open) this.startSet(ev.t);
      else if (ev.type === 'still' && this.open) this.endSet(ev.since);
    }
  }

  // Reps are held per set until it ends: only then is it known where stillness began, and
  // a rep retracted meanwhile is simply not a rep of the set.
  private apply(set: OpenSet, events: readonly RepEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'rep') set.reps.set(ev.rep.t, ev.rep);
      else set.reps.delete(ev.t);
    }
  }

  private startSet(t: number): void {
    const set: OpenSet = { startT: t, detector: this.deps.createDetector(this.exerciseId), reps: new Map() };
    this.open = set;
    const q = this.preroll;
    const r = this.replayed;
    for (let k = q.head; k < q.tail; k++) {
      const i = k * 4;
      if (q.data[i] < t - PREROLL_S) continue;
      r.t = q.data[i];
      r.x = q.data[i + 1];
      r.y = q.data[i + 2];
      r.z = q.data[i + 3];
      this.apply(set, set.detector.push(r));
    }
  }

  private endSet(t: number): void {
    const set = this.open;
    if (!set) return;
    this.apply(set, set.detector.flush());
    const end = Math.max(t, set.startT);
    // Reps whose peak lies inside the set: from motion start to where stillness began.
    const reps = [...set.reps.values()].filter((r) => r.t >= set.startT && r.t <= end).sort((a, b) => a.t - b.t);
    this.found.push({ startT: set.startT, endT: end, reps });
    this.open = null;
  }

  private takeFound(): FoundSet[] {
    const out = this.found;
    if (out.length > 0) this.found = [];
    return out;
  }
}
