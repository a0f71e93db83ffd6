/**
 * What a stored value may be, wherever it enters: a session JSON file, a CSV import, a rename
 * from the app or the CLI. One set of rules, so every export imports back (the CSV importer
 * and rename once accepted negative times, 1e12 ms intervals and "../../x" names that the
 * JSON importer then refused).
 */

export const DATA_LIMITS = {
  maxNameLength: 200,
  maxNotesLength: 20_000,
  /** Epoch milliseconds: from 1970 to the end of what a JS Date can hold. */
  maxEpochMs: 8.64e15,
  maxBpm: 255,
  /** RR intervals are 16-bit milliseconds in the Heart Rate Measurement characteristic. */
  maxRrMs: 65_535,
} as const;

/**
 * Names never become file paths (export files are named by date and id), but a name that is
 * written like a path is refused: it is not what a person types for a workout. "Legs / core"
 * and a name across two lines are fine and survive the round trip.
 */
export function pathLikeReason(name: string): string | null {
  const t = name.trim();
  if (t === '.' || t === '..') return 'is a relative path';
  if (/^(?:[\\/~]|[A-Za-z]:[\\/])/.test(t) || /(?:^|[\\/])\.\.(?:[\\/]|$)/.test(t)) return 'looks like a file path';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(name)) return 'contains a control character';
  return null;
}

/** Why a session, routine, exercise or device name cannot be stored, or null. */
export function nameProblem(name: string): string | null {
  if (name.trim() === '' || name.length > DATA_LIMITS.maxNameLength) return `a name needs 1 to ${DATA_LIMITS.maxNameLength} characters`;
  const reason = pathLikeReason(name);
  return reason ? `the name ${reason}` : null;
}

/** Why an instant (epoch ms) cannot be stored, or null. */
export function epochMsProblem(tMs: number): string | null {
  if (!Number.isFinite(tMs)) return 'time is not a finite number';
  if (tMs < 0) return 'time is before 1970 (negative)';
  if (tMs > DATA_LIMITS.maxEpochMs) return 'time is beyond the year 275760';
  return null;
}

/** Why a heart rate (bpm, a whole number once stored) cannot be stored, or null. */
export function bpmProblem(bpm: number): string | null {
  if (!Number.isFinite(bpm) || bpm < 0 || Math.round(bpm) > DATA_LIMITS.maxBpm) return `heart rate ${String(bpm).slice(0, 20)} is outside 0-${DATA_LIMITS.maxBpm} bpm`;
  return null;
}

/** Why an RR interval (ms) cannot be stored, or null. */
export function rrMsProblem(rrMs: number): string | null {
  if (!Number.isFinite(rrMs) || rrMs <= 0 || rrMs > DATA_LIMITS.maxRrMs) return `RR interval ${String(rrMs).slice(0, 20)} ms is outside 1-${DATA_LIMITS.maxRrMs} ms`;
  return null;
}
