/**
 * `reps-eval DIR [--json]`: scores the detector on a folder of labelled recordings
 * (DIR/labels.csv: recording, participant, exercise, load, reps, placement, rate_hz,
 * source_file; the samples in DIR/<recording>.acc.csv).
 *
 * Exercise names: `dead` and `deadlift` are deadlift; other valid ids are used as they are;
 * anything else is counted with the generic profile. `rest` recordings count zero and are
 * kept out of the set figures; each is run with every exercise profile labelled in the folder
 * (the person may rest with any of them selected) and the largest count is its false reps.
 * A 0-rep row labelled with an exercise (wrist-cara's walking files) is rest too, run with
 * that exercise's profile only. A `reps_max` column marks a range: any count in
 * [reps, reps_max] is right.
 *
 * `--learn` (see ./reps-eval-learn.ts) adds the figures after learning from one corrected set
 * per person and exercise. A folder without labels.csv is all rest (see ./reps-eval-rest.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isExerciseId, type ExerciseId } from '../../../shared/exercises';
import { formatScoreLine, scoreRecordings, type ScoredRecording } from '../../../core/reps/evaluate';
import { UserFacingError, type CliCommand } from '../command';
import { countRepsInFile } from './reps';
import { PLACEMENTS } from '../../../shared/routines';
import type { Placement } from '../../../core/reps/index';
import { evaluateWithLearning, formatLearnLines, type LearnEvalOutput } from './reps-eval-learn';
import { REST_WINDOW_S, countRestWindows, restRecordings, restScored } from './reps-eval-rest';

const REQUIRED = ['recording', 'exercise', 'reps'] as const;

export interface LabelRow {
  recording: string;
  participant: string;
  exercise: string;
  reps: number;
  /** Upper end of the right counts (reps when the column is absent or empty). */
  repsMax: number;
  /** Where the sensor was worn, as labelled ('' when the column is absent). */
  placement: string;
  line: number;
}

/** Parses labels.csv; a malformed row is a clear error naming the line. */
export function parseLabels(text: string, file: string): LabelRow[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((s) => s.trim().toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  for (const name of REQUIRED) {
    if (col(name) < 0) throw new UserFacingError(`${file}: header lacks column "${name}" (has: ${header.join(', ')})`);
  }
  const rows: LabelRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',').map((s) => s.trim());
    const reps = Number(cells[col('reps')]);
    const recording = cells[col('recording')] ?? '';
    if (!recording || !Number.isInteger(reps) || reps < 0) {
      throw new UserFacingError(`${file}:${i + 1}: expected a recording name and a whole number of reps, got "${lines[i].slice(0, 80)}"`);
    }
    const maxCell = col('reps_max') >= 0 ? (cells[col('reps_max')] ?? '') : '';
    const repsMax = maxCell === '' ? reps : Number(maxCell);
    if (!Number.isInteger(repsMax) || repsMax < reps) {
      throw new UserFacingError(`${file}:${i + 1}: reps_max must be a whole number no smaller than reps, got "${maxCell}"`);
    }
    rows.push({
      recording,
      participant: col('participant') >= 0 ? (cells[col('participant')] ?? '') : '',
      exercise: (cells[col('exercise')] ?? '').toLowerCase(),
      reps,
      repsMax,
      placement: col('placement') >= 0 ? (cells[col('placement')] ?? '').toLowerCase() : '',
      line: i + 1,
    });
  }
  return rows;
}

export function exerciseOfLabel(label: string): ExerciseId | 'rest' {
  if (label === 'rest') return 'rest';
  if (label === 'dead' || label === 'deadlift') return 'deadlift';
  return isExerciseId(label) ? label : 'generic';
}

/** The labelled placement, where it is one SetBeat knows (its built-in prior applies). */
export function labelPlacement(label: string): Placement | null {
  return PLACEMENTS.find((p) => p === label) ?? null;
}

/** A row's profile and whether it is rest (a `rest` label, or 0 reps of a labelled exercise). */
export function rowKind(row: Pick<LabelRow, 'exercise' | 'reps'>): { profile: ExerciseId | null; rest: boolean } {
  const ex = exerciseOfLabel(row.exercise);
  if (ex === 'rest') return { profile: null, rest: true };
  return { profile: ex, rest: row.reps === 0 };
}

/** The truth a count is scored against: a count inside [reps, reps_max] is taken as right. */
export function truthFor(row: Pick<LabelRow, 'reps' | 'repsMax'>, count: number): number {
  return count >= row.reps && count <= row.repsMax ? count : row.reps;
}

export interface ExerciseFigures {
  sets: number;
  exactPct: number;
  within1Pct: number;
  mae: number;
  /** Rest recordings counted with this profile, and the reps they got. */
  restRecordings: number;
  restFalse: number;
}

export interface EvalOutput {
  recordings: ScoredRecording[];
  byExercise: Record<string, ExerciseFigures>;
  summary: ReturnType<typeof scoreRecordings>;
  line: string;
  /** With `learn`: the figures after one corrected set per person and exercise. */
  learn?: LearnEvalOutput;
  /** A folder without labels: per profile, the one-minute windows and the false reps in them. */
  restWindows?: Record<string, RestWindowFigures>;
}

export interface RestWindowFigures {
  windows: number;
  falseReps: number;
  /** Windows with any false rep. */
  windowsWithReps: number;
  /** The most false reps in one window. */
  worst: number;
}

/** A folder of recordings without labels: everything in it is rest, in one-minute windows. */
async function evaluateRestFolder(dir: string, note: (line: string) => void): Promise<EvalOutput> {
  note(`${dir}: no labels.csv; every recording is scored as rest, in ${REST_WINDOW_S} s windows under every strength profile`);
  const counts = [];
  for (const file of restRecordings(dir)) counts.push(...(await countRestWindows(file)));
  const restWindows: Record<string, RestWindowFigures> = {};
  for (const c of counts) {
    const f = (restWindows[c.exercise] ??= { windows: 0, falseReps: 0, windowsWithReps: 0, worst: 0 });
    f.windows += c.windows.length;
    f.falseReps += c.windows.reduce((a, b) => a + b, 0);
    f.windowsWithReps += c.windows.filter((n) => n > 0).length;
    f.worst = Math.max(f.worst, ...c.windows);
  }
  const recordings = restScored(counts);
  const summary = scoreRecordings(recordings);
  return { recordings, byExercise: figuresByExercise(recordings), summary, line: formatScoreLine(summary), restWindows };
}

/** Per exercise: set figures, and the rest recordings counted with that profile. */
export function figuresByExercise(recordings: readonly ScoredRecording[]): Record<string, ExerciseFigures> {
  const out: Record<string, ExerciseFigures> = {};
  for (const ex of [...new Set(recordings.map((r) => r.exercise))].sort()) {
    const sets = recordings.filter((r) => !r.rest && r.exercise === ex);
    const rest = recordings.filter((r) => r.rest && r.exercise === ex);
    const s = scoreRecordings(sets);
    out[ex] = { sets: s.sets, exactPct: s.exactPct, within1Pct: s.within1Pct, mae: s.mae, restRecordings: rest.length, restFalse: rest.reduce((a, r) => a + r.count, 0) };
  }
  return out;
}

export async function evaluateFolder(dir: string, note: (line: string) => void = () => {}, options: { learn?: boolean } = {}): Promise<EvalOutput> {
  const labelsPath = path.join(dir, 'labels.csv');
  if (!fs.existsSync(labelsPath) && fs.existsSync(dir)) return evaluateRestFolder(dir, note);
  let text: string;
  try {
    text = fs.readFileSync(labelsPath, 'utf8');
  } catch (err) {
    throw new UserFacingError(`${labelsPath}: cannot read (${err instanceof Error ? err.message : String(err)})`);
  }
  const rows = parseLabels(text, labelsPath);
  const setProfiles = [...new Set(rows.map((r) => exerciseOfLabel(r.exercise)).filter((e): e is ExerciseId => e !== 'rest'))];
  const restProfiles: ExerciseId[] = setProfiles.length > 0 ? setProfiles : ['generic'];
  const recordings: ScoredRecording[] = [];
  for (const row of rows) {
    const file = path.join(dir, `${row.recording}.acc.csv`);
    if (!fs.existsSync(file)) {
      note(`${labelsPath}:${row.line}: ${file} not found; recording left out`);
      continue;
    }
    const { profile, rest } = rowKind(row);
    let best: Awaited<ReturnType<typeof countRepsInFile>> | null = null;
    for (const id of profile ? [profile] : restProfiles) {
      const r = await countRepsInFile(file, id, { placement: labelPlacement(row.placement) });
      if (best === null || r.count > best.count) best = r;
    }
    if (best === null) continue;
    recordings.push({
      recording: row.recording,
      exercise: best.exercise,
      labelExercise: row.exercise,
      participant: row.participant,
      rest,
      truth: rest ? 0 : truthFor(row, best.count),
      count: best.count,
      maxLatencyS: best.maxLatencyS,
    });
  }
  const summary = scoreRecordings(recordings);
  const out: EvalOutput = { recordings, byExercise: figuresByExercise(recordings), summary, line: formatScoreLine(summary) };
  if (options.learn) out.learn = await evaluateWithLearning(dir, rows, note);
  return out;
}

export const repsEvalCommand: CliCommand = {
  name: 'reps-eval',
  summary: 'score the rep detector on a folder of labelled recordings (DIR/labels.csv)',
  usage: 'reps-eval DIR [--learn] [--json]',
  positionals: { min: 1, max: 1, names: 'DIR' },
  options: {
    learn: { type: 'boolean', description: "also score after learning from each person's first set of each exercise" },
  },
  async run(input, io) {
    const learn = input.options.learn === true;
    const out = await evaluateFolder(path.resolve(input.positionals[0]), (l) => io.note(l), { learn });
    const lines: string[] = [];
    for (const r of out.recordings) {
      const d = r.count - r.truth;
      const mark = r.rest ? (r.count > 0 ? '  FALSE REPS' : '') : d === 0 ? '' : `  (${d > 0 ? '+' : ''}${d})`;
      lines.push(`${r.recording.padEnd(36)} ${(r.rest ? `rest/${r.exercise}` : r.exercise).padEnd(14)} truth ${String(r.truth).padStart(3)}  counted ${String(r.count).padStart(3)}  latency ${r.maxLatencyS.toFixed(2)} s${mark}`);
    }
    lines.push('');
    for (const [ex, s] of Object.entries(out.byExercise)) {
      const w = out.restWindows?.[ex];
      if (w) {
        lines.push(`${ex.padEnd(12)} rest-false ${w.falseReps} in ${w.windows} one-minute windows (${w.windowsWithReps} with any, at most ${w.worst} in one)`);
        continue;
      }
      const rest = s.restRecordings > 0 ? `, rest-false ${s.restFalse} in ${s.restRecordings} rest recording${s.restRecordings === 1 ? '' : 's'}` : '';
      lines.push(`${ex.padEnd(12)} ${String(s.sets).padStart(3)} sets, exact ${Math.round(s.exactPct)}%, within1 ${Math.round(s.within1Pct)}%, mae ${s.mae.toFixed(2)}${rest}`);
    }
    if (out.learn) lines.push('', ...formatLearnLines(out.learn), '');
    lines.push(`max latency ${out.summary.maxLatencyS.toFixed(2)} s`);
    lines.push(out.line);
    return {
      json: {
        recordings: out.recordings,
        byExercise: out.byExercise,
        sets: out.summary.sets,
        exactPct: out.summary.exactPct,
        within1Pct: out.summary.within1Pct,
        mae: out.summary.mae,
        restFalse: out.summary.restFalse,
        maxLatencyS: out.summary.maxLatencyS,
        line: out.line,
        ...(out.learn ? { learn: out.learn } : {}),
        ...(out.restWindows ? { restWindows: out.restWindows } : {}),
      },
      text: lines.join('\n'),
    };
  },
};
