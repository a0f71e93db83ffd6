/**
 * Heart-rate CSV files for import: `t,bpm` (seconds, beats per minute), `t,rr_ms[,...]` (beat
 * time in seconds, interval in ms, 0 = no interval, as the chest-shirt rr.csv), or both,
 * `t,bpm,rr_ms`, as `record` writes for a strap (an empty bpm = not known yet).
 * Streams through the one CSV reader (io/csv.ts); malformed lines (and lines over 64 KB) are
 * counted and skipped, never thrown.
 */
import { CsvReadError, MAX_LINE_BYTES, readCsvBatches } from '../io/csv';

/** One line's values: a heart rate, an interval, or both. */
export interface HrCsvRow {
  t: number;
  bpm: number | null;
  rrMs: number | null;
}

export class HrCsvError extends Error {
  override name = 'HrCsvError';
}

export interface HrCsvStats {
  /** Which columns the header has. */
  columns: { bpm: boolean; rr: boolean } | null;
  rows: number;
  skipped: number;
  /** rr_ms = 0 lines: the sensor had no interval there. */
  noInterval: number;
  badLines: { line: number; reason: string }[];
}

export function emptyHrCsvStats(): HrCsvStats {
  return { columns: null, rows: 0, skipped: 0, noInterval: 0, badLines: [] };
}

export async function* readHrCsv(file: string, stats: HrCsvStats): AsyncGenerator<HrCsvRow> {
  let tCol = -1;
  let bpmCol = -1;
  let rrCol = -1;
  let lineNo = 0;
  const bad = (reason: string): void => {
    stats.skipped++;
    if (stats.badLines.length < 20) stats.badLines.push({ line: lineNo, reason });
  };
  try {
    for await (const b of readCsvBatches(file)) {
      const rows: HrCsvRow[] = [];
      for (let r = 0; r < b.count; r++) {
        lineNo = b.line(r);
        if (b.overlong(r)) {
          if (tCol < 0) throw new HrCsvError(`${file}:${lineNo}: header line longer than ${MAX_LINE_BYTES / 1024} KB`);
          bad(`line longer than ${MAX_LINE_BYTES / 1024} KB`);
          continue;
        }
        const parts = Array.from({ length: b.fields(r) }, (_, f) => b.text(r, f));
        const line = parts.join(',');
        if (tCol < 0) {
          const names = parts.map((p) => p.toLowerCase());
          tCol = names.findIndex((n) => n === 't' || n === 'time' || n === 't_s');
          bpmCol = names.findIndex((n) => n === 'bpm' || n === 'hr' || n === 'heart_rate');
          rrCol = names.findIndex((n) => n === 'rr_ms' || n === 'rr');
          if (tCol < 0 || (bpmCol < 0 && rrCol < 0)) {
            throw new HrCsvError(`${file}:${lineNo}: header "${line.slice(0, 80)}" needs columns t,bpm or t,rr_ms`);
          }
          stats.columns = { bpm: bpmCol >= 0, rr: rrCol >= 0 };
          continue;
        }
        const t = parts[tCol] ? Number(parts[tCol]) : NaN;
        if (!Number.isFinite(t) || parts.length <= Math.max(tCol, bpmCol, rrCol)) {
          bad(`cannot read "${line.slice(0, 60)}"`);
          continue;
        }
        // An empty bpm (before the strap's first reading) is "not known", not an error.
        const bpmText = bpmCol >= 0 ? parts[bpmCol] : '';
        const rrText = rrCol >= 0 ? parts[rrCol] : '';
        const bpm = bpmText === '' ? null : Number(bpmText);
        const rr = rrText === '' ? null : Number(rrText);
        if ((bpm !== null && !(bpm >= 0 && Number.isFinite(bpm))) || (rr !== null && !(rr >= 0 && Number.isFinite(rr))) || (bpm === null && rr === null)) {
          bad(`cannot read "${line.slice(0, 60)}"`);
          continue;
        }
        if (rr === 0) stats.noInterval++;
        const row: HrCsvRow = { t, bpm, rrMs: rr === 0 ? null : rr };
        if (row.bpm === null && row.rrMs === null) continue;
        stats.rows++;
        rows.push(row);
      }
      yield* rows;
    }
  } catch (err) {
    if (err instanceof CsvReadError) throw new HrCsvError(err.message);
    throw err;
  }
  if (tCol < 0) throw new HrCsvError(`${file}: empty file: no t,bpm or t,rr_ms header`);
}

/**
 * Heart rate from beat intervals, for files that only have RR: the median of the last five
 * plausible intervals (300..2000 ms, 30..200 bpm), so one artefact beat does not spike it.
 */
export class RrToBpm {
  private recent: number[] = [];

  push(rrMs: number): number | null {
    if (rrMs < 300 || rrMs > 2000) return null;
    this.recent.push(rrMs);
    if (this.recent.length > 5) this.recent.shift();
    const sorted = [...this.recent].sort((a, b) => a - b);
    return Math.round(60_000 / sorted[Math.floor(sorted.length / 2)]);
  }
}
