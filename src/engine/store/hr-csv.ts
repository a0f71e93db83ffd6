/**
 * Heart-rate CSV files for import: `t,bpm` (seconds, beats per minute) or `t,rr_ms[,...]`
 * (beat time in seconds, interval in ms, 0 = no interval, as the chest-shirt rr.csv).
 * Streams line by line; malformed lines are counted and skipped, never thrown.
 */
import fs from 'node:fs';
import readline from 'node:readline';

export type HrCsvRow = { kind: 'bpm'; t: number; bpm: number } | { kind: 'rr'; t: number; rrMs: number };

export class HrCsvError extends Error {
  override name = 'HrCsvError';
}

export interface HrCsvStats {
  kind: 'bpm' | 'rr' | null;
  rows: number;
  skipped: number;
  /** rr_ms = 0 lines: the sensor had no interval there. */
  noInterval: number;
  badLines: { line: number; reason: string }[];
}

export async function* readHrCsv(file: string, stats: HrCsvStats): AsyncGenerator<HrCsvRow> {
  let input: fs.ReadStream;
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    input = fs.createReadStream(file, { encoding: 'utf8' });
  } catch (err) {
    throw new HrCsvError(`${file}: cannot read file (${err instanceof Error ? err.message : String(err)})`);
  }
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let tCol = -1;
  let vCol = -1;
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      const line = raw.trim();
      if (!line) continue;
      const parts = line.split(',').map((p) => p.trim());
      if (tCol < 0) {
        const names = parts.map((p) => p.toLowerCase().replace(/^\uFEFF/, ''));
        tCol = names.findIndex((n) => n === 't' || n === 'time' || n === 't_s');
        const bpm = names.findIndex((n) => n === 'bpm' || n === 'hr' || n === 'heart_rate');
        const rr = names.findIndex((n) => n === 'rr_ms' || n === 'rr');
        if (tCol < 0 || (bpm < 0 && rr < 0)) {
          throw new HrCsvError(`${file}:${lineNo}: header "${line.slice(0, 80)}" needs columns t,bpm or t,rr_ms`);
        }
        stats.kind = bpm >= 0 ? 'bpm' : 'rr';
        vCol = bpm >= 0 ? bpm : rr;
        continue;
      }
      const t = Number(parts[tCol]);
      const v = Number(parts[vCol]);
      if (parts.length <= Math.max(tCol, vCol) || parts[tCol] === '' || parts[vCol] === '' || !Number.isFinite(t) || !Number.isFinite(v) || v < 0) {
        stats.skipped++;
        if (stats.badLines.length < 20) stats.badLines.push({ line: lineNo, reason: `cannot read "${line.slice(0, 60)}"` });
        continue;
      }
      if (stats.kind === 'rr' && v === 0) {
        stats.noInterval++;
        continue;
      }
      stats.rows++;
      yield stats.kind === 'bpm' ? { kind: 'bpm', t, bpm: v } : { kind: 'rr', t, rrMs: v };
    }
  } finally {
    lines.close();
    input.destroy();
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
