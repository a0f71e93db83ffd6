/**
 * Fits the built-in wrist priors (src/core/reps/placement-priors.ts) from the labelled real
 * recordings in ../shared/data: every set of an exercise at the wrist, and every walking and
 * rest recording as a set of 0 reps, through the same learner a person's corrections use.
 * Prints the constants to paste; the recordings themselves are never shipped.
 *
 *   npx tsx scripts/learn-placement-priors.ts [../shared/data]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRepModelLearner } from '../src/core/reps/model';
import type { RepModel } from '../src/shared/rep-model';
import type { ExerciseId } from '../src/shared/exercises';
import { readAccCsv } from '../src/engine/io/acc-csv';

const root = path.resolve(process.argv[2] ?? path.join('..', 'shared', 'data'));
const EXERCISES: ExerciseId[] = ['squat', 'deadlift', 'lunge-matrix'];

interface Row {
  file: string;
  exercise: string;
  reps: number;
  rest: boolean;
}

function rows(folder: string): Row[] {
  const dir = path.join(root, folder);
  const [head, ...lines] = fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const get = (name: string): string => cells[cols.indexOf(name)] ?? '';
    const exercise = get('exercise') === 'dead' ? 'deadlift' : get('exercise');
    const rest = exercise === 'rest' || get('source_action') === 'Walking';
    return { file: path.join(dir, `${get('recording')}.acc.csv`), exercise, reps: Number(get('reps')), rest };
  });
}

const all = [...rows('wrist-cara'), ...rows('barbell-wrist')];
for (const exercise of EXERCISES) {
  let model: RepModel | null = null;
  const sets = all.filter((r) => r.rest || r.exercise === exercise);
  for (const r of sets) {
    const learner = createRepModelLearner({ exercise, name: exercise, profile: exercise, placement: 'wrist', prior: model, now: new Date(0).toISOString() });
    for await (const s of readAccCsv(r.file)) learner.push(s);
    model = learner.finish(r.rest ? 0 : r.reps);
  }
  console.log(`  '${exercise}': ${JSON.stringify(model?.tuning)}, // ${sets.length} sets`);
}
