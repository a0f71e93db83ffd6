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
import { SampleHasher } from './content-hash';
import { refuseDuplicateImport } from './duplicate-import';

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

const BATCH = 256;
const FLUSH_EVERY = 20_000;
/** Accepted samples handed to the set finder at a time. */
const DETECT_BATCH = 4096;
const MAX_REASONS_KEPT = 20;

/** Why a sample (file seconds `t`, epoch ms `tMs`) cannot be stored after `previous`, or null. */
function refusal(t: number, previous: number | null, tMs: number): string | null {
  if (!(t >= 0)) return 'negative time';
  const p = epochMsProblem(tMs);
  if (p) return p;
  if (previous !== null && t <= previous) return t === previous ? 'repeated time' : 'time goes backwards';
  return null;
}

/**
 * The file's samples one by one: refused by the rules, or queued for the store and for the set
 * finder. A class, not closures: its figures are fields, so a sample allocates nothing.
 */
class SampleIntake {
  samples = 0;
  started = false;
  lastT = 0;
  skippedSamples = 0;
  /** Samples for the store as [tMs, x, y, z, ...]: the writer copies a batch when it is queued. */
  private readonly batch = new Float64Array(BATCH * 4);
  private batchLength = 0;
  /** Accepted samples as [t, x, y, z, ...] for the set finder, handed over (copied) when full. */
  readonly detect = new Float64Array(DETECT_BATCH * 4);
  detectLength = 0;

  constructor(
    private readonly w: SessionWriter,
    private readonly sensorId: string,
    private readonly startedAt: number,
    private readonly reasons: { t: number; reason: string }[],
    private readonly hasher: SampleHasher,
  ) {}

  /** Returns true when the detection batch is full. */
  take(t: number, x: number, y: number, z: number): boolean {
    const tMs = this.startedAt + t * 1000;
    const refused = refusal(t, this.started ? this.lastT : null, tMs);
    if (refused) {
      this.skippedSamples++;
      if (this.reasons.length < MAX_REASONS_KEPT) this.reasons.push({ t, reason: refused });
      return false;
    }
    this.started = true;
    if (t > this.lastT) this.lastT = t;
    this.samples++;
    this.hasher.acc(t, x, y, z);
    const b = this.batchLength * 4;
    this.batch[b] = tMs;
    this.batch[b + 1] = x;
    this.batch[b + 2] = y;
    this.batch[b + 3] = z;
    // Batches of BATCH, flushes every FLUSH_EVERY samples: where chunks are cut depends on both.
    if (++this.batchLength === BATCH) {
      this.w.addAccFlat(this.sensorId, this.batch, BATCH);
      this.batchLength = 0;
    }
    if (this.samples % FLUSH_EVERY === 0) this.w.flush();
    const i = this.detectLength * 4;
    this.detect[i] = t;
    this.detect[i + 1] = x;
    this.detect[i + 2] = y;
    this.detect[i + 3] = z;
    return ++this.detectLength === DETECT_BATCH;
  }

  /** Queues the last partial batch for the store. */
  end(): void {
    if (this.batchLength) this.w.addAccFlat(this.sensorId, this.batch, this.batchLength);
    this.batchLength = 0;
  }
}

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
  const skippedReasons: { t: number; reason: string }[] = [];
  // Hashed as they stream: the file is never held whole to compare it with stored sessions.
  const hasher = new SampleHasher('acc-csv');
  const intake = new SampleIntake(w, sensorId, input.startedAt, skippedReasons, hasher);
  const handOver = async (): Promise<void> => {
    await pipe?.push(intake.detect, intake.detectLength);
    intake.detectLength = 0;
  };
  /** The same rules as a JSON import (src/shared/data-rules.ts), plus time moving forward. */
  const refuse = (t: number, previous: number | null): string | null => refusal(t, previous, toMs(t));
  const skip = (t: number, reason: string): void => {
    if (skippedReasons.length < MAX_REASONS_KEPT) skippedReasons.push({ t, reason });
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
          if (intake.take(data[i], data[i + 1], data[i + 2], data[i + 3])) await handOver();
        }
      }
    } else if ('batches' in input.acc) {
      for await (const b of input.acc.batches()) for (const s of b) if (intake.take(s.t, s.x, s.y, s.z)) await handOver();
    } else {
      for await (const s of input.acc) if (intake.take(s.t, s.x, s.y, s.z)) await handOver();
    }
    if (intake.detectLength > 0) await handOver();
    const { samples, lastT, skippedSamples } = intake;
    if (samples === 0) throw new ImportRefusedError('no readable samples (only a header, or no line with a valid time and finite t,ax,ay,az): nothing imported');
    const done = await pipe.finish(lastT);
    if (done.kind !== 'sets') throw new Error('the detection job answered for another job');
    intake.end();

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
    writeSets();
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
      setsFrom: done.setsFrom,
      contentHash,
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
