/**
 * `learn FILE.acc.csv --exercise ID --reps N --model MODEL.json [--profile ID] [--placement P]`:
 * creates or updates a rep model file from a recording with its true count, through the same
 * learner the app uses for corrections and "teach" sets. An existing file that is not a valid
 * model, or a model of another exercise, is refused and left as it is.
 */
import path from 'node:path';
import { EXERCISE_IDS, EXERCISE_NAMES, isExerciseId, type ExerciseId } from '../../../shared/exercises';
import { DEFAULT_PLACEMENTS, PLACEMENTS } from '../../../shared/routines';
import { AccCsvError, readAccCsv } from '../../io/acc-csv';
import { RepModelFileError, writeRepModelFile } from '../../io/rep-model-file';
import { learnFromSamples } from '../../learning/learn';
import { UsageError, UserFacingError, exerciseOption, requireString, type CliCommand } from '../command';
import { checkExerciseKey, loadModelFile, modelOption, modelSummary, placementOf } from '../model-option';

function profileOf(value: string | boolean | undefined): ExerciseId | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || !isExerciseId(value)) throw new UsageError(`--profile takes a built-in exercise id (${EXERCISE_IDS.join(', ')}), got "${String(value)}"`);
  return value;
}

function wholeReps(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new UsageError(`--reps takes a whole number from 0 to 10000, got "${value}"`);
  return n;
}

export const learnCommand: CliCommand = {
  name: 'learn',
  summary: 'create or update a rep model from a recording and its true rep count',
  usage: 'learn FILE.acc.csv --exercise ID --reps N --model MODEL.json [--profile ID] [--placement P] [--name NAME] [--json]',
  positionals: { min: 1, max: 1, names: 'FILE.acc.csv' },
  options: {
    exercise: { ...exerciseOption, description: `a built-in id (${EXERCISE_IDS.join(', ')}) or a new one (lower-case words joined by dashes, with --profile)` },
    reps: { type: 'string', description: 'how many reps the recording really holds' },
    model: { ...modelOption, description: 'the model file to create or update' },
    profile: { type: 'string', description: 'the built-in profile a new (custom) exercise is based on' },
    placement: { type: 'string', description: `where the sensor was worn: ${PLACEMENTS.join(', ')} (default: the model's, else ${DEFAULT_PLACEMENTS.accelerometer})` },
    name: { type: 'string', description: 'a display name for a new exercise' },
  },
  async run(input) {
    const exercise = checkExerciseKey(requireString(input, 'exercise'));
    const trueReps = wholeReps(requireString(input, 'reps'));
    const modelPath = path.resolve(requireString(input, 'model'));
    const file = path.resolve(input.positionals[0]);
    const givenProfile = profileOf(input.options.profile);
    const givenPlacement = placementOf(input.options.placement);

    const prior = await loadModelFile(modelPath);
    if (prior && prior.exercise !== exercise) {
      throw new UserFacingError(`${modelPath} is a model of "${prior.exercise}", not "${exercise}"; it was left as it is. Pass another --model file.`);
    }
    if (prior && givenPlacement && prior.placement !== givenPlacement) {
      throw new UserFacingError(`${modelPath} was learned at the ${prior.placement}, not the ${givenPlacement}; use one model file per placement.`);
    }
    const builtIn = isExerciseId(exercise) ? exercise : null;
    if (builtIn && givenProfile && givenProfile !== builtIn) throw new UsageError(`${exercise} is a built-in exercise: it counts with its own profile (leave out --profile)`);
    if (prior && givenProfile && givenProfile !== prior.profile) {
      throw new UserFacingError(`${modelPath} is based on the ${prior.profile} profile, not ${givenProfile}; it was left as it is.`);
    }
    const profile: ExerciseId | null = builtIn ?? prior?.profile ?? givenProfile;
    if (!profile) throw new UsageError(`"${exercise}" is not a built-in exercise: say which profile it is based on with --profile ID (${EXERCISE_IDS.join(', ')})`);
    const placement = prior?.placement ?? givenPlacement ?? DEFAULT_PLACEMENTS.accelerometer;
    const givenName = typeof input.options.name === 'string' ? input.options.name.trim().slice(0, 100) : '';
    const name = prior?.name ?? (givenName || (builtIn ? EXERCISE_NAMES[builtIn] : exercise));

    let learned;
    try {
      learned = await learnFromSamples(readAccCsv(file), trueReps, { exercise, name, profile, placement, prior, now: new Date().toISOString() });
    } catch (err) {
      if (err instanceof AccCsvError) throw new UserFacingError(err.message);
      throw err;
    }
    if (learned.samples === 0) throw new UserFacingError(`${file} holds no samples; ${modelPath} was left as it is.`);
    try {
      writeRepModelFile(modelPath, learned.model);
    } catch (err) {
      if (err instanceof RepModelFileError) throw new UserFacingError(err.message);
      throw err;
    }
    const m = learned.model;
    const t = m.tuning;
    const lines = [
      `${prior ? 'Updated' : 'Created'} ${modelPath}: ${m.name} (${m.exercise}, ${m.profile} profile) at the ${m.placement}, learned from ${m.sets} set${m.sets === 1 ? '' : 's'}`,
      t
        ? `  ${t.signal} signal, band ${t.bandHz[0].toFixed(2)}-${t.bandHz[1].toFixed(2)} Hz, rep period ${t.periodS[0].toFixed(2)}-${t.periodS[1].toFixed(2)} s, size ${t.amplitudeG.toFixed(3)} g (at least ${t.minAmplitudeG.toFixed(3)} g), threshold x${t.thresholdScale.toFixed(2)}${t.extremum ? `, the rep at the signal's ${t.extremum}` : ''}`
        : '  nothing tuned yet: the detector counts with the profile as it is',
    ];
    return {
      json: { file, model: modelPath, created: !prior, reps: trueReps, samples: learned.samples, learned: modelSummary(m) },
      text: lines.join('\n'),
    };
  },
};
