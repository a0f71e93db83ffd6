import { EXERCISE_IDS, EXERCISE_NAMES } from '../../../shared/exercises';
import type { CustomExercise } from '../../../shared/custom-exercises';

/**
 * A drop-down of every exercise SetBeat knows, by name: the built-in ones, then those the
 * person taught (Teach screen). Put it inside a labelled field.
 */
export function ExerciseSelect({ value, onChange, custom = [] }: { value: string; onChange: (id: string) => void; custom?: readonly CustomExercise[] }) {
  const builtIn = EXERCISE_IDS.map((id) => (
    <option key={id} value={id}>
      {EXERCISE_NAMES[id]}
    </option>
  ));
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {custom.length === 0 ? (
        builtIn
      ) : (
        <>
          <optgroup label="Built in">{builtIn}</optgroup>
          <optgroup label="Yours">
            {custom.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name}
              </option>
            ))}
          </optgroup>
        </>
      )}
    </select>
  );
}
