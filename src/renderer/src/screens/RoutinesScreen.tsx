import { useEffect, useId, useState } from 'react';
import { useEngine } from '../engine-context';
import { ErrorNote, Panel, ScreenHeader, StatusNote } from '../components/Panel';
import { ExerciseSelect } from '../components/ExerciseSelect';
import type { RoutineDraft, RoutineView } from '../../../shared/commands/routines';
import { describeTarget, type RoutineExerciseSpec } from '../../../shared/routines';
import { exerciseDisplayName, type CustomExercise } from '../../../shared/custom-exercises';
import { addExercise, draftProblems, fieldProblems, moveExercise, removeExercise, updateExercise } from '../live/routine-edit';
import { confirmLeave, setLeaveQuestion } from '../live/leave-guard';
import { formatClock } from '../live/time';

function toDraft(r: RoutineView): RoutineDraft {
  return { name: r.name, notes: r.notes, exercises: r.exercises.map((e) => ({ ...e })) };
}

export function RoutinesScreen() {
  const { client, connection } = useEngine();
  const [routines, setRoutines] = useState<RoutineView[] | null>(null);
  const [selected, setSelected] = useState<number | 'new' | null>(null);
  const [draft, setDraft] = useState<RoutineDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [custom, setCustom] = useState<CustomExercise[]>([]);

  // Exercises taught on the Teach screen can be added to routines too.
  useEffect(() => {
    client.call('learn.exercises', {}).then(
      (r) => setCustom(r.custom),
      () => undefined,
    );
  }, [client, connection]);

  const load = (select?: number): void => {
    client.call('routines.list', {}).then(
      (r) => {
        setRoutines(r.routines);
        const id = select ?? (typeof selected === 'number' ? selected : r.routines[0]?.id);
        const found = r.routines.find((x) => x.id === id) ?? r.routines[0];
        if (found) {
          setSelected(found.id);
          setDraft(toDraft(found));
        }
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  useEffect(() => load(), [client, connection]);

  const current = typeof selected === 'number' ? (routines?.find((r) => r.id === selected) ?? null) : null;
  const editable = selected === 'new' || (current !== null && !current.builtin);
  // Unsaved edits ask before anything drops them (another routine, another screen, the tab).
  const dirty = editable && draft !== null && JSON.stringify(draft) !== JSON.stringify(current ? toDraft(current) : null);
  const draftName = draft?.name.trim() || 'this routine';
  useEffect(() => {
    setLeaveQuestion(dirty ? `Discard your unsaved changes to “${draftName}”?` : null);
  }, [dirty, draftName]);
  useEffect(() => () => setLeaveQuestion(null), []);
  const fail = (e: unknown): void => setError(e instanceof Error ? e.message.replace(/^routines\.\w+ failed: /, '') : String(e));

  const save = (): void => {
    if (!draft) return;
    client.call('routines.save', { ...(typeof selected === 'number' ? { id: selected } : {}), routine: draft }).then((r) => {
      setError(null);
      setNote(`Saved “${r.name}”.`);
      load(r.id);
    }, fail);
  };

  return (
    <>
      <ScreenHeader title="Routines">
        <button
          type="button"
          className="button"
          onClick={() => {
            if (!confirmLeave()) return;
            setSelected('new');
            setDraft({ name: 'My routine', notes: '', exercises: [] });
            setNote(null);
          }}
        >
          New routine
        </button>
      </ScreenHeader>
      {error ? <ErrorNote message={error} /> : null}
      {note ? <StatusNote>{note}</StatusNote> : null}
      <div className="routines-layout">
        <Panel title="Your routines" className="routine-picker">
          <ul className="plain-list">
            {routines?.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={selected === r.id ? 'true' : undefined}
                  onClick={() => {
                    if (r.id !== selected && !confirmLeave()) return;
                    setSelected(r.id);
                    setDraft(toDraft(r));
                    setNote(null);
                  }}
                >
                  {r.name}
                  {r.builtin ? <span className="tag">built in</span> : null}
                </button>
              </li>
            ))}
          </ul>
        </Panel>
        {draft ? (
          <Panel title={editable ? 'Edit routine' : draft.name} className="routine-detail">
            <div className="action-row">
              {typeof selected === 'number' ? (
                <button
                  type="button"
                  className="button primary"
                  onClick={() => {
                    client.call('workout.begin', { routineId: selected }).then(() => {
                      window.location.hash = '#/workout';
                    }, fail);
                  }}
                >
                  Start this routine
                </button>
              ) : null}
              {typeof selected === 'number' ? (
                <button type="button" className="button" onClick={() => client.call('routines.copy', { id: selected }).then((r) => load(r.id), fail)}>
                  Make a copy
                </button>
              ) : null}
              {editable && typeof selected === 'number' ? (
                <button
                  type="button"
                  className="button danger"
                  onClick={() =>
                    client.call('routines.delete', { id: selected }).then(() => {
                      setSelected(null);
                      load(routines?.[0]?.id);
                    }, fail)
                  }
                >
                  Delete routine
                </button>
              ) : null}
            </div>
            {editable ? <RoutineEditor draft={draft} onChange={setDraft} onSave={save} custom={custom} /> : <RoutineReadOnly draft={draft} custom={custom} />}
          </Panel>
        ) : null}
      </div>
    </>
  );
}

function RoutineReadOnly({ draft, custom = [] }: { draft: RoutineDraft; custom?: readonly CustomExercise[] }) {
  return (
    <>
      <p>{draft.notes}</p>
      <p className="muted">Built-in routines stay as they are: make a copy to change sets, targets or order.</p>
      <ol className="exercise-cards">
        {draft.exercises.map((e, i) => (
          <li key={i}>
            <h3>{exerciseDisplayName(e.exerciseId, custom)}</h3>
            <p className="muted">
              {e.sets} {e.sets === 1 ? 'set' : 'sets'}
              {e.sides === 'each' ? ' each side' : ''} · {describeTarget(e)} · rest {formatClock(e.restS)}
              {e.placement ? ` · sensor: ${e.placement}` : ''}
            </p>
            {e.instructions.split('\n').map((l) => (
              <p key={l}>{l}</p>
            ))}
          </li>
        ))}
      </ol>
    </>
  );
}

/** The editor: every field labelled, every row movable by buttons (no drag needed). */
export function RoutineEditor({
  draft,
  onChange,
  onSave,
  custom = [],
}: {
  draft: RoutineDraft;
  onChange: (d: RoutineDraft) => void;
  onSave: () => void;
  /** Exercises the person taught, offered after the built-in ones. */
  custom?: readonly CustomExercise[];
}) {
  const [adding, setAdding] = useState<string>('calf-raise');
  const problems = draftProblems(draft);
  const fp = fieldProblems(draft);
  const formId = useId();
  /** Props that mark a field wrong and point at the words beside it. */
  const invalid = (key: string, problem: string | null) => (problem ? { 'aria-invalid': true as const, 'aria-describedby': `${formId}-${key}` } : {});
  const Problem = ({ k, text }: { k: string; text: string | null }) =>
    text ? (
      <span className="field-problem" id={`${formId}-${k}`}>
        {text}
      </span>
    ) : null;
  const set = (i: number, patch: Partial<RoutineExerciseSpec>): void => onChange(updateExercise(draft, i, patch));
  const int = (v: string): number => (v.trim() === '' ? NaN : Number(v));
  return (
    <form
      className="routine-editor"
      // Our own words beside each field, not the browser's bubble on one of them.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length === 0) onSave();
        // Save says what is wrong where it is: the first wrong field gets the focus.
        else e.currentTarget.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      }}
    >
      <div className="field-row">
        <label className="field">
          <span>Routine name</span>
          <input type="text" value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} {...invalid('name', fp.name)} />
          <Problem k="name" text={fp.name} />
        </label>
        <label className="field notes-field">
          <span>Notes</span>
          <input type="text" value={draft.notes} onChange={(e) => onChange({ ...draft, notes: e.target.value })} />
        </label>
      </div>
      <ol className="editor-list">
        {draft.exercises.map((e, i) => {
          const label = `exercise ${i + 1}, ${exerciseDisplayName(e.exerciseId, custom)}`;
          return (
            <li key={i}>
              <fieldset className="editor-exercise">
                <legend>
                  {i + 1}. {exerciseDisplayName(e.exerciseId, custom)}
                </legend>
                <div className="field-row">
                  <label className="field">
                    <span>Exercise</span>
                    <ExerciseSelect value={e.exerciseId} custom={custom} onChange={(exerciseId) => set(i, { exerciseId })} />
                  </label>
                  <label className="field narrow">
                    <span>Sets</span>
                    <input type="number" min={1} max={20} value={Number.isNaN(e.sets) ? '' : e.sets} onChange={(ev) => set(i, { sets: int(ev.target.value) })} {...invalid(`sets-${i}`, fp.exercises[i]?.sets ?? null)} />
                    <Problem k={`sets-${i}`} text={fp.exercises[i]?.sets ?? null} />
                  </label>
                  <label className="field">
                    <span>Sides</span>
                    <select value={e.sides} onChange={(ev) => set(i, { sides: ev.target.value === 'each' ? 'each' : 'both' })}>
                      <option value="both">Both together</option>
                      <option value="each">Each side in turn</option>
                    </select>
                  </label>
                  <label className="field narrow">
                    <span>Target</span>
                    <input
                      type="number"
                      min={1}
                      max={1000}
                      value={e.targetValue === null || Number.isNaN(e.targetValue) ? '' : e.targetValue}
                      onChange={(ev) => set(i, { targetValue: ev.target.value.trim() === '' ? null : int(ev.target.value) })}
                      {...invalid(`target-${i}`, fp.exercises[i]?.target ?? null)}
                    />
                    <Problem k={`target-${i}`} text={fp.exercises[i]?.target ?? null} />
                  </label>
                  <label className="field">
                    <span>Counted in</span>
                    <select value={e.targetKind} onChange={(ev) => set(i, { targetKind: ev.target.value === 'steps' ? 'steps' : ev.target.value === 'seconds' ? 'seconds' : 'reps' })}>
                      <option value="reps">Reps</option>
                      <option value="steps">Steps</option>
                      <option value="seconds">Seconds</option>
                    </select>
                  </label>
                  <label className="field narrow">
                    <span>Rest (s)</span>
                    <input type="number" min={0} max={900} value={Number.isNaN(e.restS) ? '' : e.restS} onChange={(ev) => set(i, { restS: int(ev.target.value) })} {...invalid(`rest-${i}`, fp.exercises[i]?.rest ?? null)} />
                    <Problem k={`rest-${i}`} text={fp.exercises[i]?.rest ?? null} />
                  </label>
                  <label className="field">
                    <span>Sensor placement</span>
                    <input type="text" value={e.placement ?? ''} onChange={(ev) => set(i, { placement: ev.target.value.trim() === '' ? null : ev.target.value })} />
                  </label>
                </div>
                <label className="field notes-field">
                  <span>Instructions</span>
                  <textarea rows={3} value={e.instructions} onChange={(ev) => set(i, { instructions: ev.target.value })} />
                </label>
                <div className="action-row">
                  <button type="button" className="small-button" aria-label={`Move up: ${label}`} disabled={i === 0} onClick={() => onChange(moveExercise(draft, i, -1))}>
                    ↑ Up
                  </button>
                  <button type="button" className="small-button" aria-label={`Move down: ${label}`} disabled={i === draft.exercises.length - 1} onClick={() => onChange(moveExercise(draft, i, 1))}>
                    ↓ Down
                  </button>
                  <button type="button" className="small-button" aria-label={`Remove ${label}`} onClick={() => onChange(removeExercise(draft, i))}>
                    Remove
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="action-row">
        <label className="field">
          <span>Exercise to add</span>
          <ExerciseSelect value={adding} custom={custom} onChange={setAdding} />
        </label>
        <button type="button" className="button" onClick={() => onChange(addExercise(draft, adding))}>
          Add exercise
        </button>
      </div>
      {problems.length > 0 ? (
        <ul className="problems" aria-label="Before saving">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="action-row">
        <button type="submit" className="button primary">
          Save routine
        </button>
      </div>
    </form>
  );
}
