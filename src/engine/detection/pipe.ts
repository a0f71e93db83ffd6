/**
 * Runs a detection job (jobs.ts) beside the caller: in a worker thread on a machine with a
 * second core, so the main thread reads (and, for `import`, stores) while the worker detects;
 * or in the calling thread. Both give the same results: the job is the same code and the
 * detector is causal and streaming, so batches change nothing.
 *
 * Samples are copied into batches of BATCH_SAMPLES, in a few buffers that go to the worker and
 * come back with its ack (transferred both ways: no garbage ArrayBuffers, which the worker's
 * collector freed only late). At most MAX_IN_FLIGHT batches wait for the worker: push()
 * resolves only when there is room, so memory stays flat whatever the length of the recording.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createJob, type FromWorker, type JobResult, type JobSpec, type ToWorker } from './jobs';
import type { FoundSet, SetFinderDeps } from './set-finder';
import { freshBuild, projectRootOf } from '../built-entry';

/** Samples per message to the worker: fewer, larger messages (each costs a wake-up on both sides). */
export const BATCH_SAMPLES = 16_384;
/** Batches sent and not yet acknowledged (4 x 16,384 samples x 32 bytes = 2 MB at most). */
export const MAX_IN_FLIGHT = 4;
/** Below this input size a worker's start-up (~50 ms) costs more than it saves. */
export const WORKER_MIN_BYTES = 2 * 1024 * 1024;
const YOUNG_GENERATION_MB = 16;

export interface DetectPipe {
  readonly where: 'worker' | 'this thread';
  /** Batches sent and not yet done (always below MAX_IN_FLIGHT once push() has resolved). */
  readonly pending: number;
  /** Takes `count` samples of `data` (copied: the caller may reuse it); resolves when more may come. */
  push(data: Float64Array, count: number): Promise<void>;
  /** End of the samples: the job's result, once every found set has gone to onSets. */
  finish(lastT: number): Promise<JobResult>;
  /** Stops the job (after a failure on the caller's side); safe to call twice. */
  close(): Promise<void>;
}

export interface DetectPipeOptions {
  /** In a worker thread (see detectInWorker) or in this one. */
  worker: boolean;
  /** Sets as they end (`sets` jobs), in order. */
  onSets?: (sets: FoundSet[]) => void;
  /** Another detector or segmenter (tests); only in this thread. */
  deps?: SetFinderDeps;
}

/** What to start: a built file, or (from the sources) a script that loads worker.ts through tsx. */
type WorkerEntry = { file: string } | { script: string };

/**
 * The worker's file: out-cli/detect-worker.js beside the built CLI's code; from the sources
 * (tests, tsx) that same file while it is fresh (see built-entry), else worker.ts through tsx's loader (a worker started with `--import tsx` does not
 * load .ts on Node 20); null when neither is there.
 */
export function detectWorkerEntry(): WorkerEntry | null {
  const built = fileURLToPath(new URL('./detect-worker.js', import.meta.url));
  if (fs.existsSync(built)) return { file: built };
  if (!import.meta.url.endsWith('.ts')) return null;
  const root = projectRootOf(path.dirname(fileURLToPath(import.meta.url)));
  const bundle = root && freshBuild(root, path.join('out-cli', 'detect-worker.js'));
  if (bundle) return { file: bundle };
  let api: string;
  try {
    api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  } catch {
    return null;
  }
  const ts = new URL('./worker.ts', import.meta.url).href;
  // An ES module import from a CommonJS eval script: the package's import entry is the .mjs one.
  return { script: `import(${JSON.stringify(api.replace(/\.cjs$/, '.mjs'))}).then((m) => m.tsImport(${JSON.stringify(ts)}, ${JSON.stringify(ts)}))` };
}

/**
 * Whether to detect in a worker for an input of `bytes`: with a second core, a worker file and
 * an input worth it. SETBEAT_DETECT_WORKER=0 keeps detection in the main thread, =1 forces the worker.
 */
export function detectInWorker(bytes: number): boolean {
  const env = process.env.SETBEAT_DETECT_WORKER;
  if (env === '0') return false;
  if (detectWorkerEntry() === null) return false;
  if (env === '1') return true;
  return bytes >= WORKER_MIN_BYTES && os.availableParallelism() > 1;
}

export function openDetectPipe(spec: JobSpec, options: DetectPipeOptions): DetectPipe {
  const entry = options.worker ? detectWorkerEntry() : null;
  if (options.worker && !entry) throw new Error('the detection worker is not built (run npm run build)');
  return entry ? new WorkerPipe(entry, spec, options.onSets) : threadPipe(spec, options);
}

function threadPipe(spec: JobSpec, options: DetectPipeOptions): DetectPipe {
  const job = createJob(spec, options.deps);
  return {
    where: 'this thread',
    pending: 0,
    push(data, count) {
      const sets = job.push(data, count);
      if (sets.length > 0) options.onSets?.(sets);
      return Promise.resolve();
    },
    finish(lastT) {
      const result = job.finish(lastT);
      if (result.kind === 'sets' && result.sets.length > 0) options.onSets?.(result.sets);
      return Promise.resolve(result);
    },
    close: () => Promise.resolve(),
  };
}

class WorkerPipe implements DetectPipe {
  readonly where = 'worker';
  private readonly worker: Worker;
  private inFlight = 0;
  /** Buffers back from the worker, for the next batches. */
  private readonly free: Float64Array<ArrayBuffer>[] = [];
  /** The batch being filled and its samples so far. */
  private filling: Float64Array<ArrayBuffer> | null = null;
  private filled = 0;
  private room: (() => void) | null = null;
  private failure: Error | null = null;
  private settled = false;
  get pending(): number {
    return this.inFlight;
  }

  private resolveDone!: (r: JobResult) => void;
  private rejectDone!: (err: Error) => void;
  private readonly done: Promise<JobResult>;

  constructor(
    entry: WorkerEntry,
    spec: JobSpec,
    private readonly onSets?: (sets: FoundSet[]) => void,
  ) {
    this.done = new Promise<JobResult>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // Rejections are read by push()/finish(); a pipe closed early must not report one as unhandled.
    this.done.catch(() => undefined);
    // A bounded young generation: the detector's garbage dies young. 4 MB saved ~5 MB of peak
    // but doubled the worker's collection time on an import (0.4 -> 0.7 s on 2 h).
    const limits = { workerData: spec, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } };
    this.worker = 'file' in entry ? new Worker(entry.file, limits) : new Worker(entry.script, { ...limits, eval: true });
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.settled) this.fail(new Error(`the detection worker stopped early (exit code ${code})`));
    });
  }

  async push(data: Float64Array, count: number): Promise<void> {
    if (this.failure) throw this.failure;
    // Copied into the batch being filled; each full one goes to the worker.
    for (let from = 0; from < count; ) {
      this.filling ??= this.free.pop() ?? new Float64Array(BATCH_SAMPLES * 4);
      const n = Math.min(count - from, BATCH_SAMPLES - this.filled);
      this.filling.set(data.subarray(from * 4, (from + n) * 4), this.filled * 4);
      this.filled += n;
      from += n;
      if (this.filled === BATCH_SAMPLES) await this.send();
    }
  }

  async finish(lastT: number): Promise<JobResult> {
    if (this.failure) throw this.failure;
    if (this.filled > 0) await this.send();
    const m: ToWorker = { type: 'end', lastT };
    this.worker.postMessage(m);
    try {
      return await this.done;
    } finally {
      await this.close();
    }
  }

  /** Sends the batch being filled; waits while MAX_IN_FLIGHT batches are with the worker. */
  private async send(): Promise<void> {
    const buf = this.filling;
    if (!buf) return;
    const m: ToWorker = { type: 'batch', data: buf, count: this.filled };
    this.filling = null;
    this.filled = 0;
    this.worker.postMessage(m, [buf.buffer]);
    this.inFlight++;
    while (this.inFlight >= MAX_IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => (this.room = resolve));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.settled = true;
    await this.worker.terminate();
  }

  private receive(m: FromWorker): void {
    if (m.type === 'failed') {
      const err = new Error(`rep detection failed: ${m.message}`);
      if (m.stack) err.stack = m.stack;
      this.fail(err);
      return;
    }
    try {
      if (m.type === 'ack') {
        this.inFlight--;
        this.free.push(m.data);
        if (m.sets.length > 0) this.onSets?.(m.sets);
        this.wake();
      } else {
        if (m.result.kind === 'sets' && m.result.sets.length > 0) this.onSets?.(m.result.sets);
        this.settled = true;
        this.resolveDone(m.result);
      }
    } catch (err) {
      // onSets failed (the store refused a row): the import stops with that error.
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.settled = true;
    this.rejectDone(err);
    this.wake();
    void this.worker.terminate();
  }

  private wake(): void {
    const r = this.room;
    this.room = null;
    r?.();
  }
}
