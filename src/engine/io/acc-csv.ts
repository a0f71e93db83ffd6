/**
 * Streaming reader of acceleration CSV files (`t,ax,ay,az`: seconds, g), as in ../shared/data,
 * over the one CSV reader (csv.ts). Reads by chunks, so memory stays flat for hours-long files.
 *
 * Bad input policy: a file that cannot be read or whose header lacks t/ax/ay/az raises an
 * AccCsvError naming the file. A malformed data line (wrong column count, non-number, NaN) is
 * counted and skipped (so is a line over 64 KB), and the first few are kept in `stats.badLines` with their line numbers,
 * so one corrupt line never loses a recording. `strict: true` raises on the first one instead.
 */
import type { AccSample } from '../../shared/domain';
import { CsvReadError, MAX_LINE_BYTES, readCsvBatches, type CsvBatch } from './csv';

export class AccCsvError extends Error {
  override name = 'AccCsvError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
  }
}

export interface AccCsvStats {
  /** Data lines seen (header and blank lines excluded). */
  lines: number;
  samples: number;
  skipped: number;
  /** The first bad lines (at most 20), for the message shown to the person. */
  badLines: { line: number; reason: string }[];
}

export interface AccCsvReader extends AsyncIterable<AccSample> {
  readonly path: string;
  /** Filled as the file is read; final once iteration has ended. */
  readonly stats: AccCsvStats;
  /** The same samples a chunk at a time (cheaper per sample for bulk consumers). */
  batches(): AsyncIterable<AccSample[]>;
  /**
   * The same samples packed, no object per sample. One Float64Array is refilled for every
   * batch: a batch is valid until the next one (copy what you keep). `samplesPerBatch`
   * defaults to 4096.
   */
  packed(samplesPerBatch?: number): AsyncIterable<PackedAccBatch>;
}

/** Samples as [t, x, y, z, t, x, ...]: `count` samples, so `data` holds at least 4 * count values. */
export interface PackedAccBatch {
  data: Float64Array;
  count: number;
}

export interface AccCsvOptions {
  /** Raise AccCsvError on the first malformed data line instead of skipping it. */
  strict?: boolean;
  /** Read chunk size in bytes (default 256 KiB). */
  chunkBytes?: number;
  /** A longer line is counted malformed and skipped (default 64 KiB). */
  maxLineBytes?: number;
}

const MAX_BAD_KEPT = 20;
const SAMPLES_PER_BATCH = 1024;
const PACKED_PER_BATCH = 4096;

interface Columns {
  t: number;
  x: number;
  y: number;
  z: number;
  width: number;
}

function parseHeader(file: string, names: string[]): Columns {
  const lower = names.map((s) => s.trim().toLowerCase());
  const find = (...aliases: string[]): number => lower.findIndex((n) => aliases.includes(n));
  const cols = { t: find('t', 'time', 't_s'), x: find('ax', 'x'), y: find('ay', 'y'), z: find('az', 'z') };
  const missing = Object.entries(cols)
    .filter(([, i]) => i < 0)
    .map(([k]) => (k === 't' ? 't' : `a${k}`));
  if (missing.length > 0) {
    throw new AccCsvError(file, 1, `header "${names.join(',').slice(0, 80)}" lacks column(s) ${missing.join(', ')} (expected t,ax,ay,az)`);
  }
  return { ...cols, width: names.length };
}

/** Why data record r is malformed, or null when it is a sample. */
function problem(b: CsvBatch, r: number, cols: Columns, maxLineBytes: number): string | null {
  if (b.overlong(r)) return `line longer than ${Math.round(maxLineBytes / 1024)} KB`;
  const n = b.fields(r);
  if (n < cols.width) return `expected ${cols.width} columns, got ${n}`;
  // An empty field is malformed, not zero.
  if (b.empty(r, cols.t) || b.empty(r, cols.x) || b.empty(r, cols.y) || b.empty(r, cols.z)) return 'empty field';
  return `not a number in "${b.lineText(r)}"`;
}

export function readAccCsv(path: string, options: AccCsvOptions = {}): AccCsvReader {
  const stats: AccCsvStats = { lines: 0, samples: 0, skipped: 0, badLines: [] };
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  /** The one parsing loop: numbers go from the read's bytes straight into one Float64Array. */
  async function* iteratePacked(perBatch: number): AsyncGenerator<PackedAccBatch> {
    Object.assign(stats, { lines: 0, samples: 0, skipped: 0, badLines: [] });
    let cols: Columns | null = null;
    const data = new Float64Array(perBatch * 4);
    let n = 0;
    try {
      for await (const b of readCsvBatches(path, { chunkBytes: options.chunkBytes, maxLineBytes })) {
        for (let r = 0; r < b.count; r++) {
          if (cols === null) {
            if (b.overlong(r)) throw new AccCsvError(path, b.line(r), `header line longer than ${Math.round(maxLineBytes / 1024)} KB`);
            cols = parseHeader(path, Array.from({ length: b.fields(r) }, (_, f) => b.text(r, f)));
            continue;
          }
          stats.lines++;
          const t = b.number(r, cols.t);
          const x = b.number(r, cols.x);
          const y = b.number(r, cols.y);
          const z = b.number(r, cols.z);
          // NaN compares false: one test covers short rows (overlong ones have no fields), text and empties.
          if (b.fields(r) >= cols.width && Number.isFinite(t) && Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z)) {
            stats.samples++;
            const i = n * 4;
            data[i] = t;
            data[i + 1] = x;
            data[i + 2] = y;
            data[i + 3] = z;
            if (++n === perBatch) {
              yield { data, count: n };
              n = 0;
            }
            continue;
          }
          const reason = problem(b, r, cols, maxLineBytes) ?? 'malformed';
          if (options.strict) throw new AccCsvError(path, b.line(r), reason);
          stats.skipped++;
          if (stats.badLines.length < MAX_BAD_KEPT) stats.badLines.push({ line: b.line(r), reason });
        }
        // A batch per read at most, as before: a consumer sees samples as soon as they are read.
        if (n > 0) {
          yield { data, count: n };
          n = 0;
        }
      }
    } catch (err) {
      if (err instanceof CsvReadError) throw new AccCsvError(path, err.line, err.reason);
      throw err;
    }
    if (cols === null) throw new AccCsvError(path, 0, 'empty file: no t,ax,ay,az header');
  }
  async function* iterate(): AsyncGenerator<AccSample[]> {
    // Small batches: the samples alive at a scavenge get promoted, and a read's worth
    // (~7,000) of them grew reps on 2 h from ~80 to ~125 MB peak.
    for await (const { data, count } of iteratePacked(SAMPLES_PER_BATCH)) {
      const batch: AccSample[] = new Array<AccSample>(count);
      for (let k = 0; k < count; k++) batch[k] = { t: data[k * 4], x: data[k * 4 + 1], y: data[k * 4 + 2], z: data[k * 4 + 3] };
      yield batch;
    }
  }
  /** One sample at a time over the batches: a plain iterator, lighter than a generator per sample. */
  function samples(): AsyncIterator<AccSample> {
    const chunks = iterate();
    let buf: AccSample[] = [];
    let i = 0;
    return {
      async next(): Promise<IteratorResult<AccSample>> {
        while (i >= buf.length) {
          const r = await chunks.next();
          if (r.done) return { done: true, value: undefined };
          buf = r.value;
          i = 0;
        }
        return { done: false, value: buf[i++] };
      },
      async return(): Promise<IteratorResult<AccSample>> {
        await chunks.return(undefined);
        return { done: true, value: undefined };
      },
    };
  }
  return {
    path,
    stats,
    [Symbol.asyncIterator]: samples,
    batches: () => ({ [Symbol.asyncIterator]: () => iterate() }),
    packed: (samplesPerBatch = PACKED_PER_BATCH) => ({ [Symbol.asyncIterator]: () => iteratePacked(Math.max(1, Math.floor(samplesPerBatch))) }),
  };
}

/** Reads a whole (small) file into memory; for evaluation and tests. */
export async function readAccCsvAll(path: string, options: AccCsvOptions = {}): Promise<{ samples: AccSample[]; stats: AccCsvStats }> {
  const reader = readAccCsv(path, options);
  const samples: AccSample[] = [];
  for await (const batch of reader.batches()) for (const s of batch) samples.push(s);
  return { samples, stats: reader.stats };
}
