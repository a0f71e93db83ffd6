/**
 * `--model MODEL.json` for the commands that count reps, and how `--exercise` is read with
 * it: a built-in id counts with its own profile; a taught (custom) exercise needs a model
 * that says which built-in profile it is based on.
 */
import path from 'node:path';
import { EXERCISE_IDS, isExerciseId, isExerciseKey, type ExerciseId } from '../../shared/exercises';
import type { RepModel } from '../../shared/rep-model';
import { PLACEMENTS } from '../../shared/placements';
import type { Placement } from '../../core/reps/index';
import { UsageError, UserFacingError, type OptionSpec } from './command';

export const placementOption: OptionSpec = {
  type: 'string',
  description: `where the sensor was worn: ${PLACEMENTS.join(', ')} (a wrist counts with the wrist's built-in prior where there is no model)`,
};

/** `--placement P`, checked (null when not given). */
export function placementOf(value: string | boolean | undefined): Placement | null {
  if (value === undefined) return null;
  const p = PLACEMENTS.find((x) => x === value);
  if (!p) throw new UsageError(`--placement takes one of ${PLACEMENTS.join(', ')}, got "${String(value)}"`);
  return p;
}

export const modelOption: OptionSpec = { type: 'string', description: 'a rep model file made by `learn` (counts with what it learned)' };

/**
 * Reads a model file, turning its errors into messages for the person. The reader (and its
 * schema library) loads only here: `reps` without a model starts without it.
 */
export async function loadModelFile(file: string): Promise<RepModel | null> {
  const { RepModelFileError, readRepModelFile } = await import('../io/rep-model-file');
  try {
    return readRepModelFile(path.resolve(file));
  } catch (err) {
    if (err instanceof RepModelFileError) throw new UserFacingError(err.message);
    throw err;
  }
}

/** A custom exercise key as given on the command line, checked. */
export function checkExerciseKey(value: string): string {
  if (!isExerciseKey(value)) {
    throw new UsageError(`"${value}" is not an exercise id: use a built-in id (${EXERCISE_IDS.join(', ')}) or lower-case words joined by dashes`);
  }
  return value;
}

export interface ResolvedExercise {
  exercise: string;
  profile: ExerciseId;
  model: RepModel | null;
}

/** `--exercise` with an optional `--model`: the profile to count with and the model to use. */
export async function exerciseWithModel(exercise: string, modelPath: string | boolean | undefined): Promise<ResolvedExercise> {
  if (typeof modelPath !== 'string' || modelPath === '') {
    if (!isExerciseId(exercise)) throw new UsageError(`unknown exercise "${exercise}"; valid ids: ${EXERCISE_IDS.join(', ')} (a taught exercise needs its --model)`);
    return { exercise, profile: exercise, model: null };
  }
  checkExerciseKey(exercise);
  const model = await loadModelFile(modelPath);
  if (!model) throw new UserFacingError(`${path.resolve(modelPath)} does not exist; make it with \`learn FILE.acc.csv --exercise ${exercise} --reps N --model ${modelPath}\``);
  if (model.exercise !== exercise) {
    throw new UserFacingError(`${path.resolve(modelPath)} is a model of "${model.exercise}", not "${exercise}"`);
  }
  return { exercise, profile: model.profile, model };
}

/** What a model says about itself, for JSON output. */
export function modelSummary(m: RepModel): Record<string, unknown> {
  return { exercise: m.exercise, name: m.name, profile: m.profile, placement: m.placement, sets: m.sets, updatedAt: m.updatedAt, tuning: m.tuning };
}
