/** The routine editor: its pure edits and its form, rendered with react-dom/server. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RoutineEditor } from '../../src/renderer/src/screens/RoutinesScreen';
import { addExercise, draftProblems, moveExercise, removeExercise, updateExercise } from '../../src/renderer/src/live/routine-edit';
import { RUNNERS_STRENGTH } from '../../src/shared/routines';
import { routineDraftSchema, type RoutineDraft } from '../../src/shared/commands/routines';

const base: RoutineDraft = { name: RUNNERS_STRENGTH.name, notes: '', exercises: RUNNERS_STRENGTH.exercises };

describe('routine editing', () => {
  it('moves, removes, adds and changes exercises without touching the original', () => {
    const moved = moveExercise(base, 0, 1);
    expect(moved.exercises.map((e) => e.exerciseId).slice(0, 2)).toEqual(['band-walk', 'calf-raise']);
    expect(base.exercises[0].exerciseId).toBe('calf-raise');
    expect(moveExercise(base, 0, -1)).toBe(base);
    expect(moveExercise(base, 4, 1)).toBe(base);
    expect(removeExercise(base, 2).exercises.map((e) => e.exerciseId)).toEqual(['calf-raise', 'band-walk', 'box-step-off', 'lunge-matrix']);
    const added = addExercise(base, 'squat');
    expect(added.exercises[5]).toMatchObject({ exerciseId: 'squat', sets: 3, targetValue: 10 });
    expect(updateExercise(base, 1, { sets: 4 }).exercises[1].sets).toBe(4);
  });

  it('says what stops a draft from saving, and what it accepts the contract accepts too', () => {
    expect(draftProblems(base)).toEqual([]);
    expect(routineDraftSchema.safeParse(base).success).toBe(true);
    const bad = updateExercise({ ...base, name: '  ' }, 0, { sets: 0, targetValue: 5000, restS: Number.NaN });
    expect(draftProblems(bad)).toEqual([
      'Give the routine a name.',
      'Exercise 1: sets must be 1 to 20.',
      'Exercise 1: the target must be 1 to 1000, or empty.',
      'Exercise 1: rest must be 0 to 900 seconds.',
    ]);
    expect(routineDraftSchema.safeParse(bad).success).toBe(false);
    expect(draftProblems({ ...base, exercises: [] })).toEqual(['Add at least one exercise.']);
  });

  it('renders every field labelled and each row with named move/remove buttons', () => {
    const html = renderToStaticMarkup(<RoutineEditor draft={base} onChange={() => undefined} onSave={() => undefined} />);
    expect(html.match(/<legend>/g)).toHaveLength(5);
    for (const label of ['Routine name', 'Exercise', 'Sets', 'Sides', 'Target', 'Rest (s)', 'Sensor placement', 'Instructions']) {
      expect(html).toContain(`<span>${label}</span>`);
    }
    expect(html).toContain('aria-label="Move up: exercise 1, Toe touch to calf raise" disabled=""');
    expect(html).toContain('aria-label="Move down: exercise 5, Kneeling lunge matrix" disabled=""');
    expect(html).toContain('aria-label="Remove exercise 3, Deadlift"');
    expect(html).not.toContain('Before saving');
    const broken = renderToStaticMarkup(<RoutineEditor draft={{ ...base, name: '' }} onChange={() => undefined} onSave={() => undefined} />);
    expect(broken).toContain('Give the routine a name.');
    // Save stays pressable; the wrong field says why beside it.
    expect(broken).not.toMatch(/type="submit" class="button primary" disabled=""/);
    expect(broken).toMatch(/aria-invalid="true" aria-describedby="[^"]+-name"/);
    expect(broken).toContain('Give the routine a name.</span>');
  });
});
