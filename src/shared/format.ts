/**
 * How SetBeat writes dates and durations for people, on every screen, in the reports, in the
 * CLI's tables and in file names shown to people: one date ("3 Dec 2026"), one clock time
 * ("15:05", 24-hour) and one duration ("15:05", "1:02:09"). Month names are spelled here, not
 * taken from the locale, so "3 Dec 2026" reads the same on a US and a UK machine (03/12 does
 * not). Machine-readable files keep ISO 8601 instead.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** One formatter per time zone (building one is slow; a History list formats hundreds). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(epochMs: number, timeZone?: string): WallClock {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, f);
  }
  const parts = f.formatToParts(epochMs);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "3 Dec 2026", in `timeZone` (default: this machine's or this browser's). */
export function formatDate(epochMs: number, timeZone?: string): string {
  if (!Number.isFinite(epochMs)) return '–';
  const w = wallClock(epochMs, timeZone);
  return `${w.day} ${MONTHS[w.month - 1] ?? '?'} ${w.year}`;
}

/** "15:05" (24-hour). */
export function formatTime(epochMs: number, timeZone?: string): string {
  if (!Number.isFinite(epochMs)) return '–';
  const w = wallClock(epochMs, timeZone);
  return `${two(w.hour)}:${two(w.minute)}`;
}

/** "3 Dec 2026, 15:05". */
export function formatDateTime(epochMs: number, timeZone?: string): string {
  if (!Number.isFinite(epochMs)) return '–';
  return `${formatDate(epochMs, timeZone)}, ${formatTime(epochMs, timeZone)}`;
}

function clock(wholeSeconds: number): string {
  const s = Math.max(0, wholeSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = two(s % 60);
  return h > 0 ? `${h}:${two(m)}:${sec}` : `${m}:${sec}`;
}

/**
 * A length of time, rounded to the nearest second: "0:42", "15:05", "1:02:09". A session's
 * duration is its start to its end, pauses included (what History, the summary, the reports
 * and `sessions` show alike).
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  return clock(Math.round(seconds));
}

/** A running timer: whole seconds gone, never rounded up ("0:09" until 10 s have passed). */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '0:00';
  return clock(Math.floor(seconds));
}

/** Balance sway in milli-g, on screen and in the report alike: "54 mg". */
export function formatSway(g: number): string {
  return `${Math.round(g * 1000)} mg`;
}

/** Landing impact in g: "1.9 g". */
export function formatImpact(g: number): string {
  return `${g.toFixed(1)} g`;
}
