/**
 * Scoring rep counts against labelled sets: exact, within one, mean absolute error, and false
 * reps in rest recordings (which count zero and are kept out of the set figures).
 */
export interface ScoredRecording {
  recording: string;
  /** The detector's exercise id used (for a rest recording: the profile that counted most). */
  exercise: string;
  /** The label's exercise as written (e.g. `dead`, `rest`). */
  labelExercise: string;
  participant: string;
  rest: boolean;
  truth: number;
  count: number;
  /** Largest detectedAt - t over the reps, seconds (0 without reps). */
  maxLatencyS: number;
}

export interface RepScore {
  sets: number;
  exactPct: number;
  within1Pct: number;
  mae: number;
  restFalse: number;
  maxLatencyS: number;
}

export function scoreRecordings(rows: readonly ScoredRecording[]): RepScore {
  const sets = rows.filter((r) => !r.rest);
  const errs = sets.map((r) => Math.abs(r.count - r.truth));
  const n = sets.length;
  const pct = (k: number): number => (n === 0 ? 0 : (100 * k) / n);
  return {
    sets: n,
    exactPct: pct(errs.filter((e) => e === 0).length),
    within1Pct: pct(errs.filter((e) => e <= 1).length),
    mae: n === 0 ? 0 : errs.reduce((a, b) => a + b, 0) / n,
    restFalse: rows.filter((r) => r.rest).reduce((a, r) => a + r.count, 0),
    maxLatencyS: rows.reduce((a, r) => Math.max(a, r.maxLatencyS), 0),
  };
}

/** The summary line `reps-eval` prints last (its format is part of the public CLI). */
export function formatScoreLine(s: RepScore): string {
  return `reps: ${s.sets} sets, exact ${round1(s.exactPct)}%, within1 ${round1(s.within1Pct)}%, mae ${s.mae.toFixed(2)}, rest-false ${s.restFalse}`;
}

function round1(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
