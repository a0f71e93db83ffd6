/**
 * CSV exports (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote, CR or LF
 * quoted with doubled quotes). The sets and samples files start with a UTF-8 byte-order mark,
 * which spreadsheet apps (Excel above all) need to read accents and emoji as UTF-8; the
 * Strong-style file and the RR file have none, because importers (Hevy, Kubios) read the first
 * header or number literally. Times are ISO 8601 UTC, except the Strong file's local date.
 */
import { repsOf, type HeartRateSample, type RrInterval, type SessionDetail } from '../../shared/domain';
import { TextBatcher, type ExportSink } from './sink';
import type { SessionSource } from './source';
import { isoUtc } from './time';

export const UTF8_BOM = '\ufeff';
const EOL = '\r\n';

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvField).join(',') + EOL;
}

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

export const SETS_CSV_HEADER = [
  'session_id', 'set', 'exercise_id', 'exercise', 'side', 'start', 'end', 'duration_s',
  'reps_detected', 'reps_corrected', 'reps', 'target', 'load_kg', 'avg_hr', 'max_hr', 'rest_before_s', 'notes',
] as const;

/** One row per set. */
export function writeSetsCsv(detail: SessionDetail, sink: ExportSink): void {
  const out = new TextBatcher(sink);
  out.write(UTF8_BOM + csvRow(SETS_CSV_HEADER));
  const sets = [...detail.sets].sort((a, b) => a.order - b.order || a.startedAt - b.startedAt);
  // The set number is its place in the session, 1 first, as the app shows it: stored orders
  // start at 1 in live sessions and at 0 in older imports, so they are not numbers to print.
  for (const [i, set] of sets.entries()) {
    out.write(
      csvRow([
        detail.id, i + 1, set.exerciseId, set.exerciseName, set.side, isoUtc(set.startedAt),
        set.endedAt === null ? null : isoUtc(set.endedAt),
        set.endedAt === null ? null : round1((set.endedAt - set.startedAt) / 1000),
        set.repsDetected, set.repsCorrected, repsOf(set), set.target, set.loadKg,
        round1(set.avgHr), set.maxHr, round1(set.restBeforeS), set.notes,
      ]),
    );
  }
  out.flush();
}

export const SAMPLES_CSV_HEADER = ['time', 'hr_bpm', 'contact', 'rr_ms'] as const;

/**
 * Heart rate and RR merged in time order, one row per event: a heart-rate row fills hr_bpm
 * (and contact), an RR row fills rr_ms. Both inputs are walked once, side by side.
 */
export function writeSamplesCsv(source: SessionSource, sink: ExportSink): void {
  const out = new TextBatcher(sink);
  out.write(UTF8_BOM + csvRow(SAMPLES_CSV_HEADER));
  const hrIt = source.heartRate()[Symbol.iterator]();
  const rrIt = source.rr()[Symbol.iterator]();
  let hr: IteratorResult<HeartRateSample> = hrIt.next();
  let rr: IteratorResult<RrInterval> = rrIt.next();
  while (!hr.done || !rr.done) {
    if (!hr.done && (rr.done || hr.value.tMs <= rr.value.tMs)) {
      const s = hr.value;
      out.write(`${isoUtc(s.tMs)},${s.bpm},${s.contact === null ? '' : s.contact ? 1 : 0},${EOL}`);
      hr = hrIt.next();
    } else if (!rr.done) {
      out.write(`${isoUtc(rr.value.tMs)},,,${rr.value.rrMs}${EOL}`);
      rr = rrIt.next();
    }
  }
  out.flush();
}

/** Plain RR file for Kubios / Elite HRV: one interval in whole milliseconds per line. */
export function writeRrText(source: SessionSource, sink: ExportSink): void {
  const out = new TextBatcher(sink);
  for (const r of source.rr()) out.write(`${Math.round(r.rrMs)}\n`);
  out.flush();
}

export const STRONG_CSV_HEADER = [
  'Date', 'Workout Name', 'Duration', 'Exercise Name', 'Set Order', 'Weight', 'Reps', 'Distance', 'Seconds', 'Notes', 'Workout No',
] as const;

/**
 * Strong's date "YYYY-MM-DD HH:MM:SS" is local wall-clock time with no zone, and importers
 * read it as the phone's local time: written in `timeZone` (default: this machine's).
 */
export function strongDate(epochMs: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', ...(timeZone ? { timeZone } : {}),
  }).formatToParts(epochMs);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** Strong's duration text, e.g. "1h 5m" or "42m". */
function strongDuration(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m}m`;
}

/**
 * Strong's export layout, one row per set, which Hevy and Strong import. Weight is in kg,
 * "Set Order" counts the sets of each exercise from 1, "Seconds" is the set's duration.
 */
export function writeStrongCsv(detail: SessionDetail, sink: ExportSink, timeZone?: string): void {
  const out = new TextBatcher(sink);
  out.write(csvRow(STRONG_CSV_HEADER));
  const perExercise = new Map<string, number>();
  const sets = [...detail.sets].sort((a, b) => a.order - b.order);
  for (const set of sets) {
    const order = (perExercise.get(set.exerciseName) ?? 0) + 1;
    perExercise.set(set.exerciseName, order);
    const seconds = set.endedAt === null ? null : Math.round((set.endedAt - set.startedAt) / 1000);
    const side = set.side === 'both' ? '' : `${set.side} side`;
    const notes = [side, set.notes].filter((x) => x !== '').join('; ');
    out.write(
      csvRow([
        strongDate(detail.startedAt, timeZone), detail.name, strongDuration(detail.durationS), set.exerciseName, order,
        set.loadKg ?? 0, repsOf(set), 0, seconds, notes, detail.id,
      ]),
    );
  }
  out.flush();
}
