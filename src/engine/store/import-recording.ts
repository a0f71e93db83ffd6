/**
 * Makes a stored session from a recording file (`t,ax,ay,az` seconds and g), as if it had
 * been recorded live: raw samples become chunks, the motion segmenter finds the sets (motion
 * start -> set start, stillness -> set end at the moment it became still), a fresh rep
 * detector per set counts its reps, and an optional HR file (t,bpm / t,rr_ms / t,bpm,rr_ms)
 * adds heart rate and RR.
 *
 * The file's t = 0 is placed at `startedAt` (the CLI uses the file's modification time).
 * Without a segmenter the whole recording is one set (said in the result).
 */
import type { AccSample, Rep } from '../../shared/domain';
import { bpmProblem, epochMsProblem, nameProblem, rrMsProblem } from '../../shared/data-rules';
import type { ExerciseId } from '../../shared/exercises';
import type { MotionSegmenter, RepDetector, RepEvent } from '../../core/reps/types';
import { emptyHrCsvStats, readHrCsv, RrToBpm } from './hr-csv';
import type { Store } from './store';
import type { SessionWriter } from './writer';
import { SampleHasher } from './content-hash';
import { refuseDuplicateImport } from './duplicate-import';

export interface ImportDeps {
  createDetector(exerciseId: ExerciseId): RepDetector;
  /** Absent: the whole recording is taken as one set. */
  createSegmenter?: () => MotionSegmenter;
}

/** A reader that hands out its samples a read at a time (acc-csv's reader does). */
export interface AccBatchSource {
  batches(): AsyncIterable<readonly AccSample[]>;
}

export interface ImportInput {
  /** Samples in file order; a batch source is read a batch at a time (no await per sample). */
  acc: AsyncIterable<AccSample> | AccBatchSource;
  exerciseId: ExerciseId;
  name: string;
  /** Epoch ms of the recording's t = 0. */
  startedAt: number;
  hrPath?: string;
  sensorId?: string;
  /** Import even when a stored session has the same samples (else DuplicateImportError). */
  again?: boolean;
}

export interface ImportedSet {
  id: number;
  order: number;
  startedAt: number;
  endedAt: number;
  reps: number;
}

export interface ImportResult {
  id: number;
  name: string;
  startedAt: number;
  endedAt: number;
  samples: number;
  sets: ImportedSet[];
  reps: number;
  hrSamples: number;
  rrIntervals: number;
  hrSkippedLines: number;
  /** Samples refused by the shared rules: negative or out-of-range time, time not increasing. */
  skippedSamples: number;
  /** The first few refused samples and heart-rate rows, with why (t in file seconds). */
  skippedReasons: { t: number; reason: string }[];
  setsFrom: 'motion-segmenter' | 'whole-recording';
  /** Hash of the samples kept (acceleration, then heart rate), stored with the session. */
  contentHash: string;
}

/** The file holds nothing that can be stored: nothing is kept. */
export class ImportRefusedError extends Error {
  override name = 'ImportRefusedError';
}

/** Samples kept from before a motion start, so the detector sees the rep's first descent. */
const PREROLL_S = 2;
const BATCH = 256;
const FLUSH_EVERY = 20_000;
/** Drop the pre-roll's consumed head once it is this long (amortised O(1) per sample). */
const PREROLL_COMPACT = 4096;

interface OpenSet {
  id: number;
  order: number;
  startT: number;
  detector: RepDetector;
  reps: Map<number, Rep>;
}

const MAX_REASONS_KEPT = 20;

export async function importRecording(store: Store, input: ImportInput, deps: ImportDeps): Promise<ImportResult> {
  const badName = nameProblem(input.name);
  if (badName) throw new ImportRefusedError(`${badName}: "${input.name.slice(0, 60)}"`);
  const sensorId = input.sensorId ?? 'imported-acc';
  const w: SessionWriter = store.beginSession({ name: input.name, startedAt: input.startedAt, importing: true }, { autoFlush: false });
  const toMs = (t: number): number => input.startedAt + t * 1000;
  const segmenter = deps.createSegmenter?.() ?? null;
  const sets: ImportedSet[] = [];
  // A queue (array + head index): shift() per sample on a 2 s window at 200 Hz copied 400
  // references a sample, the largest cost of an import.
  const preroll: AccSample[] = [];
  let prerollHead = 0;
  // A holder, not a `let`: closures below change it, which TS flow analysis cannot follow.
  const st: { open: OpenSet | null } = { open: null };
  // The writer copies a batch's values when it is queued, so its point objects are reused:
  // no allocation per sample for the store.
  const batch = Array.from({ length: BATCH }, () => ({ tMs: 0, x: 0, y: 0, z: 0 }));
  let batchLength = 0;
  let samples = 0;
  let firstT: number | null = null;
  let lastT = 0;
  let skippedSamples = 0;
  // Hashed as they stream: the file is never held whole to compare it with stored sessions.
  const hasher = new SampleHasher('acc-csv');
  const skippedReasons: { t: number; reason: string }[] = [];
  /** The same rules as a JSON import (src/shared/data-rules.ts), plus time moving forward. */
  const refuse = (t: number, previous: number | null): string | null => {
    if (!(t >= 0)) return 'negative time';
    const p = epochMsProblem(toMs(t));
    if (p) return p;
    if (previous !== null && t <= previous) return t === previous ? 'repeated time' : 'time goes backwards';
    return null;
  };
  const skip = (t: number, reason: string): void => {
    if (skippedReasons.length < MAX_REASONS_KEPT) skippedReasons.push({ t, reason });
  };

  // Reps are held per set until it ends: only then is it known where stillness began, and
  // a rep retracted meanwhile is simply not a rep of the imported set.
  const apply = (set: OpenSet, events: RepEvent[]): void => {
    for (const ev of events) {
      if (ev.type === 'rep') set.reps.set(ev.rep.t, ev.rep);
      else set.reps.delete(ev.t);
    }
  };
  const startSet = (t: number): void => {
    const order = sets.length;
    const id = w.startSet({ exerciseId: input.exerciseId, side: 'both', order, startedAt: toMs(t) });
    st.open = { id, order, startT: t, detector: deps.createDetector(input.exerciseId), reps: new Map() };
    const set = st.open;
    for (let i = prerollHead; i < preroll.length; i++) if (preroll[i].t >= t - PREROLL_S) apply(set, set.detector.push(preroll[i]));
  };
  const endSet = (t: number): void => {
    const set = st.open;
    if (!set) return;
    apply(set, set.detector.flush());
    const end = Math.max(t, set.startT);
    // Reps whose peak lies inside the set: from motion start to where stillness began.
    const kept = [...set.reps.values()].filter((r) => r.t >= set.startT && r.t <= end).sort((a, b) => a.t - b.t);
    for (const r of kept) w.addRep(set.id, r);
    w.endSet(set.id, toMs(end));
    sets.push({ id: set.id, order: set.order, startedAt: toMs(set.startT), endedAt: toMs(end), reps: kept.length });
    st.open = null;
  };

  const take = (s: AccSample): void => {
    const refused = refuse(s.t, firstT === null ? null : lastT);
    if (refused) {
      skippedSamples++;
      skip(s.t, refused);
      return;
    }
    if (firstT === null) {
      firstT = s.t;
      if (!segmenter) startSet(s.t);
    }
    lastT = Math.max(lastT, s.t);
    samples++;
    hasher.acc(s.t, s.x, s.y, s.z);
    const p = batch[batchLength++];
    p.tMs = toMs(s.t);
    p.x = s.x;
    p.y = s.y;
    p.z = s.z;
    if (batchLength === BATCH) {
      w.addAcc(sensorId, batch);
      batchLength = 0;
    }
    if (samples % FLUSH_EVERY === 0) w.flush();
    const current = st.open;
    if (current) apply(current, current.detector.push(s));
    if (segmenter) {
      // The sample joins the pre-roll first, so a set opened by it starts with it.
      preroll.push(s);
      while (prerollHead < preroll.length && preroll[prerollHead].t < s.t - PREROLL_S) prerollHead++;
      if (prerollHead >= PREROLL_COMPACT && prerollHead * 2 >= preroll.length) {
        preroll.splice(0, prerollHead);
        prerollHead = 0;
      }
      for (const ev of segmenter.push(s)) {
        if (ev.type === 'motion-start' && !st.open) startSet(ev.t);
        else if (ev.type === 'still' && st.open) endSet(ev.since);
      }
    }
  };

  try {
    if ('batches' in input.acc) {
      for await (const b of input.acc.batches()) for (const s of b) take(s);
    } else {
      for await (const s of input.acc) take(s);
    }
    if (segmenter) {
      for (const ev of segmenter.flush()) {
        if (ev.type === 'still' && st.open) endSet(ev.since);
      }
    }
    if (samples === 0) throw new ImportRefusedError('no readable samples (only a header, or no line with a valid time and finite t,ax,ay,az): nothing imported');
    if (st.open) endSet(lastT);
    if (batchLength) w.addAcc(sensorId, batch.slice(0, batchLength));

    let hrSamples = 0;
    let rrIntervals = 0;
    let hrRefused = 0;
    let lastHrT: number | null = null;
    const hrStats = emptyHrCsvStats();
    if (input.hrPath) {
      hasher.section(2);
      const rrToBpm = new RrToBpm();
      for await (const row of readHrCsv(input.hrPath, hrStats)) {
        const refused =
          refuse(row.t, lastHrT) ?? (row.bpm !== null ? bpmProblem(row.bpm) : null) ?? (row.rrMs !== null ? rrMsProblem(row.rrMs) : null);
        if (refused) {
          hrRefused++;
          skip(row.t, `heart rate: ${refused}`);
          continue;
        }
        lastHrT = row.t;
        hasher.hr(row.t, row.bpm, row.rrMs);
        // HR comes from the bpm column; a file with intervals only gets HR derived from them.
        const bpm = hrStats.columns?.bpm ? row.bpm : row.rrMs !== null ? rrToBpm.push(row.rrMs) : null;
        if (bpm !== null) {
          w.addHr({ tMs: toMs(row.t), bpm, contact: null });
          hrSamples++;
        }
        if (row.rrMs !== null) {
          w.addRr({ tMs: toMs(row.t), rrMs: row.rrMs });
          rrIntervals++;
        }
        if ((hrStats.rows % FLUSH_EVERY) === 0) w.flush();
      }
    }
    const endedAt = toMs(lastT);
    const contentHash = hasher.digest();
    // Checked once everything is read; a duplicate is removed like any failed import.
    refuseDuplicateImport(store, contentHash, input.again);
    if (!w.finish(endedAt)) throw w.lastError ?? new Error('the session could not be saved');
    store.completeImport(w.sessionId, contentHash);
    return {
      id: w.sessionId,
      name: input.name,
      startedAt: input.startedAt,
      endedAt,
      samples,
      sets,
      reps: sets.reduce((n, s) => n + s.reps, 0),
      hrSamples,
      rrIntervals,
      hrSkippedLines: hrStats.skipped + hrRefused,
      skippedSamples,
      skippedReasons,
      setsFrom: segmenter ? 'motion-segmenter' : 'whole-recording',
      contentHash,
    };
  } catch (err) {
    // A failed import leaves no half session behind; if even the removal fails, the next
    // open removes it (it is still marked as an import).
    if (w.state === 'recording' || w.state === 'finishing') w.detach();
    store.removeUnfinishedImport(w.sessionId);
    throw err;
  }
}
