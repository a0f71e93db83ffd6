/**
 * FIT enum values looked up by NAME in the SDK's Profile, so no FIT number is written by hand
 * in SetBeat; a name the profile lacks fails loudly when this module loads (and in the tests).
 */
import { Profile } from '@garmin/fitsdk';
import type { ExerciseId } from '../../shared/exercises';

export function fitEnum(typeName: string, valueName: string): number {
  const table = Profile.types[typeName];
  if (!table) throw new Error(`FIT profile has no type "${typeName}"`);
  for (const [num, name] of Object.entries(table)) if (name === valueName) return Number(num);
  throw new Error(`FIT profile type "${typeName}" has no value "${valueName}"`);
}

export interface FitExercise {
  categoryName: string;
  /** Name in `<category>ExerciseName`; null for the "unknown" category, which has no names. */
  subtypeName: string | null;
  category: number;
  subtype: number | null;
}

/**
 * SetBeat exercise -> nearest FIT exercise. FIT has no toe-touch-to-calf-raise, no box
 * step-off and no kneeling lunge matrix: the nearest entries are used and SetBeat's own name
 * goes into the file's exercise_title messages.
 */
const NEAREST: Record<ExerciseId, [string, string | null]> = {
  'calf-raise': ['calfRaise', 'standingCalfRaise'],
  'band-walk': ['bandedExercises', 'lateralBandWalks'],
  deadlift: ['deadlift', 'barbellDeadlift'],
  // A step-off is a drop landing from a box; a depth jump starts with exactly that.
  'box-step-off': ['plyo', 'depthJump'],
  'lunge-matrix': ['lunge', 'lungeMatrix'],
  squat: ['squat', 'squat'],
  bench: ['benchPress', 'barbellBenchPress'],
  ohp: ['shoulderPress', 'overheadBarbellPress'],
  row: ['row', 'barbellRow'],
  generic: ['unknown', null],
};

function resolve(categoryName: string, subtypeName: string | null): FitExercise {
  return {
    categoryName,
    subtypeName,
    category: fitEnum('exerciseCategory', categoryName),
    subtype: subtypeName === null ? null : fitEnum(`${categoryName}ExerciseName`, subtypeName),
  };
}

export const FIT_EXERCISES: Record<ExerciseId, FitExercise> = Object.fromEntries(
  Object.entries(NEAREST).map(([id, [cat, sub]]) => [id, resolve(cat, sub)]),
) as Record<ExerciseId, FitExercise>;
