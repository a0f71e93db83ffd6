/**
 * Streaming reader of acceleration CSV files (`t,ax,ay,az`: seconds, g), as in ../shared/data.
 * Reads by chunks, so memory stays flat for hours-long files.
 *
 * Bad input policy: a file that cannot be read or whose header lacks t/ax/ay/az raises an
 * AccCsvError naming the file. A malformed data line (wrong column count, non-number, NaN) is
 * counted and skipped, and the first few are kept in `stats.badLines` with their line numbers,
 * so one corrupt line never loses a recording. `strict: true` raises on the first one instead.
 */
import fs from 'node:fs';
import type { AccSample } from '../../shared/domain';

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
}

export interface AccCsvOptions {
  /** Raise AccCsvError on the first malformed data line instead of skipping it. */
  strict?: boolean;
  /** Read chunk size in bytes (default 64 KiB). */
  chunkBytes?: number;
}

const MAX_BAD_KEPT = 20;

interface Columns {
  t: number;
  x: number;
  y: number;
  z: number;
  width: number;
}

function parseHeader(file: string, line: string): Columns {
  const names = line.split(',').map((s) => s.trim().toLowerCase().replace(/^\uFEFF/, ''));
  const find = (...aliases: string[]): number => names.findIndex((n) => aliases.includes(n));
  const cols = { t: find('t', 'time', 't_s'), x: find('ax', 'x'), y: find('ay', 'y'), z: find('az', 'z') };
  const missing = Object.entries(cols)
    .filter(([, i]) => i < 0)
    .map(([k]) => (k === 't' ? 't' : `a${k}`));
  if (missing.length > 0) {
    throw new AccCsvError(file, 1, `header "${line.slice(0, 80)}" lacks column(s) ${missing.join(', ')} (expected t,ax,ay,az)`);
  }
  return { ...cols, width: names.length };
}

/** Parses one data line; returns a reason string when it is malformed. */
function parseLine(line: string, cols: Columns): AccSample | string {
  const parts = line.split(',');
  if (parts.length < cols.width) return `expected ${cols.width} columns, got ${parts.length}`;
  const t = Number(parts[cols.t]);
  const x = Number(parts[cols.x]);
  const y = Number(parts[cols.y]);
  const z = Number(parts[cols.z]);
  // Number('') is 0: an empty field is malformed, not zero.
  if (parts[cols.t].trim() === '' || parts[cols.x].trim() === '' || parts[cols.y].trim() === '' || parts[cols.z].trim() === '') {
    return 'empty field';
  }
  if (!Number.isFinite(t) || !Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
    return `not a number in "${line.slice(0, 60)}"`;
  }
  return { t, x, y, z };
}

export function readAccCsv(path: string, options: AccCsvOptions = {}): AccCsvReader {
  const stats: AccCsvStats = { lines: 0, samples: 0, skipped: 0, badLines: [] };
  async function* iterate(): AsyncGenerator<AccSample[]> {
    Object.assign(stats, { lines: 0, samples: 0, skipped: 0, badLines: [] });
    let stream: fs.ReadStream;
    try {
      await fs.promises.access(path, fs.constants.R_OK);
      stream = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: options.chunkBytes ?? 65536 });
    } catch (err) {
      throw new AccCsvError(path, 0, `cannot read file (${err instanceof Error ? err.message : String(err)})`);
    }
    let cols: Columns | null = null;
    let rest = '';
    let lineNo = 0;
    const handle = (raw: string): AccSample | null => {
      lineNo++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') return null;
      if (cols === null) {
        cols = parseHeader(path, line);
        return null;
      }
      stats.lines++;
      const parsed = parseLine(line, cols);
      if (typeof parsed === 'string') {
        if (options.strict) throw new AccCsvError(path, lineNo, parsed);
        stats.skipped++;
        if (stats.badLines.length < MAX_BAD_KEPT) stats.badLines.push({ line: lineNo, reason: parsed });
        return null;
      }
      stats.samples++;
      return parsed;
    };
    try {
      for await (const chunk of stream) {
        const text = rest + (chunk as string);
        const batch: AccSample[] = [];
        let start = 0;
        let nl = text.indexOf('\n', start);
        while (nl >= 0) {
          const s = handle(text.slice(start, nl));
          if (s) batch.push(s);
          start = nl + 1;
          nl = text.indexOf('\n', start);
        }
        rest = text.slice(start);
        if (batch.length > 0) yield batch;
      }
    } catch (err) {
      if (err instanceof AccCsvError) throw err;
      throw new AccCsvError(path, lineNo, `read failed (${err instanceof Error ? err.message : String(err)})`);
    } finally {
      stream.destroy();
    }
    if (rest !== '') {
      const s = handle(rest);
      if (s) yield [s];
    }
    if (cols === null) throw new AccCsvError(path, 0, 'empty file: no t,ax,ay,az header');
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
  };
}

/** Reads a whole (small) file into memory; for evaluation and tests. */
export async function readAccCsvAll(path: string, options: AccCsvOptions = {}): Promise<{ samples: AccSample[]; stats: AccCsvStats }> {
  const reader = readAccCsv(path, options);
  const samples: AccSample[] = [];
  for await (const batch of reader.batches()) for (const s of batch) samples.push(s);
  return { samples, stats: reader.stats };
}
