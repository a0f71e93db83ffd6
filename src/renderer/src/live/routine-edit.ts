/** The routine editor's edits as pure functions over a draft, so they are tested without a DOM. */
import type { RoutineDraft } from '../../../shared/commands/routines';
import type { RoutineExerciseSpec } from '../../../shared/routines';

export function moveExercise(d: RoutineDraft, index: number, dir: -1 | 1): RoutineDraft {
  const to = index + dir;
  if (to < 0 || to >= d.exercises.length) return d;
  const exercises = [...d.exercises];
  [exercises[index], exercises[to]] = [exercises[to], exercises[index]];
  return { ...d, exercises };
}

export function removeExercise(d: RoutineDraft, index: number): RoutineDraft {
  return { ...d, exercises: d.exercises.filter((_e, i) => i !== index) };
}

export function newExercise(exerciseId: string): RoutineExerciseSpec {
  return { exerciseId, sets: 3, sides: 'both', targetKind: 'reps', targetValue: 10, restS: 90, placement: null, instructions: '' };
}

export function addExercise(d: RoutineDraft, exerciseId: string): RoutineDraft {
  return { ...d, exercises: [...d.exercises, newExercise(exerciseId)] };
}

export function updateExercise(d: RoutineDraft, index: number, patch: Partial<RoutineExerciseSpec>): RoutineDraft {
  return { ...d, exercises: d.exercises.map((e, i) => (i === index ? { ...e, ...patch } : e)) };
}

/** What stops the draft from being saved, in words (empty: it can be saved). */
/** What is wrong, field by field, to say beside each field. */
export interface FieldProblems {
  name: string | null;
  exercises: { sets: string | null; target: string | null; rest: string | null }[];
}

export function fieldProblems(d: RoutineDraft): FieldProblems {
  return {
    name: d.name.trim() === '' ? 'Give the routine a name.' : null,
    exercises: d.exercises.map((e) => ({
      sets: !Number.isInteger(e.sets) || e.sets < 1 || e.sets > 20 ? 'Sets must be 1 to 20.' : null,
      target: e.targetValue !== null && (!Number.isInteger(e.targetValue) || e.targetValue < 1 || e.targetValue > 1000) ? 'The target must be 1 to 1000, or empty.' : null,
      rest: !Number.isInteger(e.restS) || e.restS < 0 || e.restS > 900 ? 'Rest must be 0 to 900 seconds.' : null,
    })),
  };
}

export function draftProblems(d: RoutineDraft): string[] {
  const out: string[] = [];
  if (d.name.trim() === '') out.push('Give the routine a name.');
  if (d.exercises.length === 0) out.push('Add at least one exercise.');
  d.exercises.forEach((e, i) => {
    const n = `Exercise ${i + 1}`;
    if (!Number.isInteger(e.sets) || e.sets < 1 || e.sets > 20) out.push(`${n}: sets must be 1 to 20.`);
    if (e.targetValue !== null && (!Number.isInteger(e.targetValue) || e.targetValue < 1 || e.targetValue > 1000)) out.push(`${n}: the target must be 1 to 1000, or empty.`);
    if (!Number.isInteger(e.restS) || e.restS < 0 || e.restS > 900) out.push(`${n}: rest must be 0 to 900 seconds.`);
  });
  return out;
}
