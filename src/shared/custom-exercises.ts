/**
 * Exercises the person made by teaching SetBeat a movement: a key (the exercise id used in
 * sets, routines and models), the name they gave it and the built-in profile it counts with.
 */
import { z } from 'zod';
import { EXERCISE_IDS, EXERCISE_NAMES, isExerciseId, type ExerciseId } from './exercises';
import { exerciseKeySchema } from './rep-model';

export const customExerciseSchema = z.object({
  key: exerciseKeySchema,
  name: z.string().trim().min(1).max(100),
  profile: z.enum(EXERCISE_IDS),
});
export type CustomExercise = z.infer<typeof customExerciseSchema>;

/** The key a new exercise called `name` gets: lower-case words joined by dashes ("" if none). */
export function exerciseKeyFor(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}

/** The name to show for an exercise key: built-in names first, then the custom list. */
export function exerciseDisplayName(key: string, custom: readonly CustomExercise[] = []): string {
  if (isExerciseId(key)) return EXERCISE_NAMES[key];
  return custom.find((c) => c.key === key)?.name ?? key;
}

/** The built-in profile an exercise key counts with (a custom one's base, else generic). */
export function profileOfExercise(key: string, custom: readonly CustomExercise[] = []): ExerciseId {
  if (isExerciseId(key)) return key;
  return custom.find((c) => c.key === key)?.profile ?? 'generic';
}
