/**
 * `reps-eval DIR --learn`: what learning from the person buys. For each person (labels.csv
 * `participant`) and exercise, the first set in labels.csv order (0-rep rest or walking rows
 * excluded) is given as a correction: learned with its true count, as History would. The
 * rest of that person's sets of that exercise, and their rest rows labelled with it, are
 * counted with the learned model. A person with one set of an exercise has nothing to score.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXERCISE_NAMES, type ExerciseId } from '../../../shared/exercises';
import { DEFAULT_PLACEMENTS, PLACEMENTS } from '../../../shared/routines';
import { formatScoreLine, scoreRecordings, type RepScore, type ScoredRecording } from '../../../core/reps/evaluate';
import type { Placement } from '../../../core/reps/model';
import { AccCsvError, readAccCsv } from '../../io/acc-csv';
import { learnFromSamples } from '../../learning/learn';
import { UserFacingError } from '../command';
import { countRepsInFile } from './reps';
import { figuresByExercise, rowKind, truthFor, type ExerciseFigures, type LabelRow } from './reps-eval';

export interface LearnEvalOutput {
  /** Sets given as corrections (one per person and exercise with a set to score after it). */
  learnedSets: number;
  /** Sets counted with a learned model (the figures below). */
  scoredSets: number;
  /** Rest rows counted with a learned model. */
  scoredRest: number;
  /** Person-exercise pairs with a single set: learned from nothing, scored nothing. */
  singleSetPairs: number;
  learnedFrom: { participant: string; exercise: string; recording: string; reps: number }[];
  recordings: ScoredRecording[];
  byExercise: Record<string, ExerciseFigures>;
  summary: RepScore;
  line: string;
}

function placementOf(label: string): Placement {
  return PLACEMENTS.find((p) => p === label) ?? DEFAULT_PLACEMENTS.accelerometer;
}

export async function evaluateWithLearning(dir: string, rows: readonly LabelRow[], note: (line: string) => void): Promise<LearnEvalOutput> {
  const present = rows.filter((r) => fs.existsSync(path.join(dir, `${r.recording}.acc.csv`)));
  // Groups in labels.csv order of their first row.
  const groups = new Map<string, { participant: string; profile: ExerciseId; rows: LabelRow[] }>();
  for (const row of present) {
    const { profile } = rowKind(row);
    if (!profile) continue;
    const key = `${row.participant}\u0000${profile}`;
    const g = groups.get(key) ?? { participant: row.participant, profile, rows: [] };
    g.rows.push(row);
    groups.set(key, g);
  }
  const recordings: ScoredRecording[] = [];
  const learnedFrom: LearnEvalOutput['learnedFrom'] = [];
  let singleSetPairs = 0;
  for (const g of groups.values()) {
    const sets = g.rows.filter((r) => !rowKind(r).rest);
    const first = sets[0];
    if (!first) continue;
    const toScore = g.rows.filter((r) => r !== first);
    if (sets.length < 2) singleSetPairs++;
    if (!toScore.some((r) => !rowKind(r).rest)) continue;
    const file = path.join(dir, `${first.recording}.acc.csv`);
    let model;
    try {
      ({ model } = await learnFromSamples(readAccCsv(file), first.reps, {
        exercise: g.profile,
        name: EXERCISE_NAMES[g.profile],
        profile: g.profile,
        placement: placementOf(first.placement),
        prior: null,
        now: new Date(0).toISOString(),
      }));
    } catch (err) {
      if (err instanceof AccCsvError) throw new UserFacingError(err.message);
      throw err;
    }
    learnedFrom.push({ participant: g.participant, exercise: g.profile, recording: first.recording, reps: first.reps });
    for (const row of toScore) {
      const rest = rowKind(row).rest;
      const r = await countRepsInFile(path.join(dir, `${row.recording}.acc.csv`), g.profile, { model, placement: model.placement });
      recordings.push({
        recording: row.recording,
        exercise: g.profile,
        labelExercise: row.exercise,
        participant: row.participant,
        rest,
        truth: rest ? 0 : truthFor(row, r.count),
        count: r.count,
        maxLatencyS: r.maxLatencyS,
      });
    }
  }
  if (learnedFrom.length === 0) note(`${dir}: no person has two sets of one exercise; --learn has nothing to score`);
  const summary = scoreRecordings(recordings);
  return {
    learnedSets: learnedFrom.length,
    scoredSets: summary.sets,
    scoredRest: recordings.filter((r) => r.rest).length,
    singleSetPairs,
    learnedFrom,
    recordings,
    byExercise: figuresByExercise(recordings),
    summary,
    line: formatScoreLine(summary),
  };
}

/** The `--learn` section of the text output; its last line is the summary line with "learned". */
export function formatLearnLines(l: LearnEvalOutput): string[] {
  const lines = [
    `after learning: ${l.learnedSets} set${l.learnedSets === 1 ? '' : 's'} given as corrections (one per person and exercise), ${l.scoredSets} sets and ${l.scoredRest} rest recordings counted with the learned models` +
      (l.singleSetPairs > 0 ? `; ${l.singleSetPairs} person-exercise pair${l.singleSetPairs === 1 ? '' : 's'} with one set left out` : ''),
  ];
  for (const r of l.recordings) {
    const d = r.count - r.truth;
    const mark = r.rest ? (r.count > 0 ? '  FALSE REPS' : '') : d === 0 ? '' : `  (${d > 0 ? '+' : ''}${d})`;
    lines.push(`  ${r.recording.padEnd(34)} ${(r.rest ? `rest/${r.exercise}` : r.exercise).padEnd(14)} truth ${String(r.truth).padStart(3)}  counted ${String(r.count).padStart(3)}${mark}`);
  }
  for (const [ex, s] of Object.entries(l.byExercise)) {
    const rest = s.restRecordings > 0 ? `, rest-false ${s.restFalse} in ${s.restRecordings}` : '';
    lines.push(`  ${ex.padEnd(12)} ${String(s.sets).padStart(3)} sets, exact ${Math.round(s.exactPct)}%, within1 ${Math.round(s.within1Pct)}%, mae ${s.mae.toFixed(2)}${rest}`);
  }
  lines.push(`learned ${l.line}`);
  return lines;
}
