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
import type { AccSample } from '../../shared/domain';
import { bpmProblem, epochMsProblem, nameProblem, rrMsProblem } from '../../shared/data-rules';
import type { ExerciseId } from '../../shared/exercises';
import type { MotionSegmenter, RepDetector } from '../../core/reps/types';
import { openDetectPipe, type DetectPipe } from '../detection/pipe';
import type { FoundSet } from '../detection/set-finder';
import type { PackedAccBatch } from '../io/acc-csv';
import { emptyHrCsvStats, readHrCsv, RrToBpm } from './hr-csv';
import type { Store } from './store';
import type { SessionWriter } from './writer';

export interface ImportDeps {
  createDetector(exerciseId: ExerciseId): RepDetector;
  /** Absent: the whole recording is taken as one set. */
  createSegmenter?: () => MotionSegmenter;
  /**
   * Find sets and reps in the detection worker (the real detector and segmenter, not the
   * factories above) while this thread reads and stores. The stored session is the same.
   */
  worker?: boolean;
}

/** A reader that hands out its samples a read at a time (acc-csv's reader does). */
export interface AccBatchSource {
  batches(): AsyncIterable<readonly AccSample[]>;
}

/** A reader that hands out packed samples (acc-csv's reader does): no object per sample. */
export interface PackedAccSource {
  packed(): AsyncIterable<PackedAccBatch>;
}

export interface ImportInput {
  /** Samples in file order; a batch source is read a batch at a time (no await per sample), a packed one preferred. */
  acc: AsyncIterable<AccSample> | AccBatchSource | PackedAccSource;
  exerciseId: ExerciseId;
  name: string;
  /** Epoch ms of the recording's t = 0. */
  startedAt: number;
  hrPath?: string;
  sensorId?: string;
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
}

/** The file holds nothing that can be stored: nothing is kept. */
export class ImportRefusedError extends Error {
  override name = 'ImportRefusedError';
}

const BATCH = 256;
const FLUSH_EVERY = 20_000;
/** Accepted samples handed to the set finder at a time. */
const DETECT_BATCH = 4096;
const MAX_REASONS_KEPT = 20;

export async function importRecording(store: Store, input: ImportInput, deps: ImportDeps): Promise<ImportResult> {
  const badName = nameProblem(input.name);
  if (badName) throw new ImportRefusedError(`${badName}: "${input.name.slice(0, 60)}"`);
  const sensorId = input.sensorId ?? 'imported-acc';
  const w: SessionWriter = store.beginSession({ name: input.name, startedAt: input.startedAt, importing: true }, { autoFlush: false });
  const toMs = (t: number): number => input.startedAt + t * 1000;
  const sets: ImportedSet[] = [];
  // Sets are found as the samples go by (on the worker: whenever its answers arrive) and kept
  // until the heart rate is in: a set's HR figures are taken from the stored HR when it is
  // written, so each set gets them whatever the timing (before, only the last one did).
  const found: FoundSet[] = [];
  const writeSets = (): void => {
    for (const f of found) {
      const order = sets.length;
      const id = w.startSet({ exerciseId: input.exerciseId, side: 'both', order, startedAt: toMs(f.startT) });
      for (const r of f.reps) w.addRep(id, r);
      w.endSet(id, toMs(f.endT));
      sets.push({ id, order, startedAt: toMs(f.startT), endedAt: toMs(f.endT), reps: f.reps.length });
    }
  };
  let pipe: DetectPipe | null = null;
  // Samples for the store as [tMs, x, y, z, ...]: the writer copies a batch when it is queued.
  const batch = new Float64Array(BATCH * 4);
  let batchLength = 0;
  // Accepted samples for the set finder, handed over (copied) when full.
  const detect = new Float64Array(DETECT_BATCH * 4);
  let detectLength = 0;
  let samples = 0;
  let firstT: number | null = null;
  let lastT = 0;
  let skippedSamples = 0;
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

  /** One sample from the file: refused, or stored and queued for detection. Returns true when the detection batch is full. */
  const take = (t: number, x: number, y: number, z: number): boolean => {
    const refused = refuse(t, firstT === null ? null : lastT);
    if (refused) {
      skippedSamples++;
      skip(t, refused);
      return false;
    }
    firstT ??= t;
    lastT = Math.max(lastT, t);
    samples++;
    const b = batchLength * 4;
    batch[b] = toMs(t);
    batch[b + 1] = x;
    batch[b + 2] = y;
    batch[b + 3] = z;
    // Batches of BATCH, flushes every FLUSH_EVERY samples: where chunks are cut depends on both.
    if (++batchLength === BATCH) {
      w.addAccFlat(sensorId, batch, BATCH);
      batchLength = 0;
    }
    if (samples % FLUSH_EVERY === 0) w.flush();
    const i = detectLength * 4;
    detect[i] = t;
    detect[i + 1] = x;
    detect[i + 2] = y;
    detect[i + 3] = z;
    return ++detectLength === DETECT_BATCH;
  };
  const handOver = async (): Promise<void> => {
    const n = detectLength;
    detectLength = 0;
    await pipe?.push(detect, n);
  };

  try {
    pipe = openDetectPipe(
      { kind: 'sets', exerciseId: input.exerciseId },
      { worker: deps.worker === true, onSets: (s) => found.push(...s), deps: { createDetector: deps.createDetector, createSegmenter: deps.createSegmenter } },
    );
    if ('packed' in input.acc) {
      for await (const { data, count } of input.acc.packed()) {
        for (let k = 0; k < count; k++) {
          const i = k * 4;
          if (take(data[i], data[i + 1], data[i + 2], data[i + 3])) await handOver();
        }
      }
    } else if ('batches' in input.acc) {
      for await (const b of input.acc.batches()) for (const s of b) if (take(s.t, s.x, s.y, s.z)) await handOver();
    } else {
      for await (const s of input.acc) if (take(s.t, s.x, s.y, s.z)) await handOver();
    }
    if (detectLength > 0) await handOver();
    if (samples === 0) throw new ImportRefusedError('no readable samples (only a header, or no line with a valid time and finite t,ax,ay,az): nothing imported');
    const done = await pipe.finish(lastT);
    if (done.kind !== 'sets') throw new Error('the detection job answered for another job');
    if (batchLength) w.addAccFlat(sensorId, batch, batchLength);

    let hrSamples = 0;
    let rrIntervals = 0;
    let hrRefused = 0;
    let lastHrT: number | null = null;
    const hrStats = emptyHrCsvStats();
    if (input.hrPath) {
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
    writeSets();
    const endedAt = toMs(lastT);
    if (!w.finish(endedAt)) throw w.lastError ?? new Error('the session could not be saved');
    store.completeImport(w.sessionId);
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
      setsFrom: done.setsFrom,
    };
  } catch (err) {
    await pipe?.close();
    // A failed import leaves no half session behind; if even the removal fails, the next
    // open removes it (it is still marked as an import).
    if (w.state === 'recording' || w.state === 'finishing') w.detach();
    store.removeUnfinishedImport(w.sessionId);
    throw err;
  }
}
