import { EXERCISE_IDS, EXERCISE_NAMES, type ExerciseId } from '../../../shared/exercises';

/** A drop-down of every exercise SetBeat knows, by name; put it inside a labelled field. */
export function ExerciseSelect({ value, onChange }: { value: ExerciseId; onChange: (id: ExerciseId) => void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as ExerciseId)}>
      {EXERCISE_IDS.map((id) => (
        <option key={id} value={id}>
          {EXERCISE_NAMES[id]}
        </option>
      ))}
    </select>
  );
}
