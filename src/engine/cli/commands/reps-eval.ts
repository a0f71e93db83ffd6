/**
 * `reps-eval DIR [--json]`: scores the detector on a folder of labelled recordings
 * (DIR/labels.csv: recording, participant, exercise, load, reps, placement, rate_hz,
 * source_file; the samples in DIR/<recording>.acc.csv).
 *
 * Exercise names: `dead` and `deadlift` are deadlift; other valid ids are used as they are;
 * anything else is counted with the generic profile. `rest` recordings count zero and are
 * kept out of the set figures; each is run with every exercise profile labelled in the folder
 * (the person may rest with any of them selected) and the largest count is its false reps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isExerciseId, type ExerciseId } from '../../../shared/exercises';
import { formatScoreLine, scoreRecordings, type ScoredRecording } from '../../../core/reps/evaluate';
import { UserFacingError, type CliCommand } from '../command';
import { countRepsInFile } from './reps';

const REQUIRED = ['recording', 'exercise', 'reps'] as const;

export interface LabelRow {
  recording: string;
  participant: string;
  exercise: string;
  reps: number;
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
    rows.push({
      recording,
      participant: col('participant') >= 0 ? (cells[col('participant')] ?? '') : '',
      exercise: (cells[col('exercise')] ?? '').toLowerCase(),
      reps,
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

export interface EvalOutput {
  recordings: ScoredRecording[];
  byExercise: Record<string, { sets: number; exactPct: number; within1Pct: number; mae: number }>;
  summary: ReturnType<typeof scoreRecordings>;
  line: string;
}

export async function evaluateFolder(dir: string, note: (line: string) => void = () => {}): Promise<EvalOutput> {
  const labelsPath = path.join(dir, 'labels.csv');
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
    const ex = exerciseOfLabel(row.exercise);
    const rest = ex === 'rest';
    let best: Awaited<ReturnType<typeof countRepsInFile>> | null = null;
    for (const id of rest ? restProfiles : [ex]) {
      const r = await countRepsInFile(file, id);
      if (best === null || r.count > best.count) best = r;
    }
    if (best === null) continue;
    recordings.push({
      recording: row.recording,
      exercise: best.exercise,
      labelExercise: row.exercise,
      participant: row.participant,
      rest,
      truth: rest ? 0 : row.reps,
      count: best.count,
      maxLatencyS: best.maxLatencyS,
    });
  }
  const byExercise: EvalOutput['byExercise'] = {};
  for (const ex of [...new Set(recordings.filter((r) => !r.rest).map((r) => r.exercise))].sort()) {
    const s = scoreRecordings(recordings.filter((r) => !r.rest && r.exercise === ex));
    byExercise[ex] = { sets: s.sets, exactPct: s.exactPct, within1Pct: s.within1Pct, mae: s.mae };
  }
  const summary = scoreRecordings(recordings);
  return { recordings, byExercise, summary, line: formatScoreLine(summary) };
}

export const repsEvalCommand: CliCommand = {
  name: 'reps-eval',
  summary: 'score the rep detector on a folder of labelled recordings (DIR/labels.csv)',
  usage: 'reps-eval DIR [--json]',
  positionals: { min: 1, max: 1, names: 'DIR' },
  options: {},
  async run(input, io) {
    const out = await evaluateFolder(path.resolve(input.positionals[0]), (l) => io.note(l));
    const lines: string[] = [];
    for (const r of out.recordings) {
      const d = r.count - r.truth;
      const mark = r.rest ? (r.count > 0 ? '  FALSE REPS' : '') : d === 0 ? '' : `  (${d > 0 ? '+' : ''}${d})`;
      lines.push(`${r.recording.padEnd(36)} ${(r.rest ? `rest/${r.exercise}` : r.exercise).padEnd(14)} truth ${String(r.truth).padStart(3)}  counted ${String(r.count).padStart(3)}  latency ${r.maxLatencyS.toFixed(2)} s${mark}`);
    }
    lines.push('');
    for (const [ex, s] of Object.entries(out.byExercise)) {
      lines.push(`${ex.padEnd(12)} ${String(s.sets).padStart(3)} sets, exact ${Math.round(s.exactPct)}%, within1 ${Math.round(s.within1Pct)}%, mae ${s.mae.toFixed(2)}`);
    }
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
      },
      text: lines.join('\n'),
    };
  },
};
