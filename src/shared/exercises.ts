/** Exercise ids are part of the public CLI (`reps --exercise ID`): keep them stable. */
export const EXERCISE_IDS = [
  'calf-raise',
  'band-walk',
  'deadlift',
  'box-step-off',
  'lunge-matrix',
  'squat',
  'bench',
  'ohp',
  'row',
  'generic',
] as const;

export type ExerciseId = (typeof EXERCISE_IDS)[number];

/**
 * Any exercise key: a built-in id or one the person made by teaching (lower-case words joined
 * by single dashes, at most 60 characters). Every built-in id is one.
 */
export const EXERCISE_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isExerciseKey(value: string): boolean {
  return value.length <= 60 && EXERCISE_KEY_PATTERN.test(value);
}

export function isExerciseId(value: string): value is ExerciseId {
  return (EXERCISE_IDS as readonly string[]).includes(value);
}

export const EXERCISE_NAMES: Record<ExerciseId, string> = {
  'calf-raise': 'Toe touch to calf raise',
  'band-walk': 'Lateral band walk',
  deadlift: 'Deadlift',
  'box-step-off': 'Box step-off',
  'lunge-matrix': 'Kneeling lunge matrix',
  squat: 'Squat',
  bench: 'Bench press',
  ohp: 'Overhead press',
  row: 'Barbell row',
  generic: 'Other exercise',
};
