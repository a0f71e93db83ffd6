import { useEffect, useState } from 'react';
import { useCommand, useEngine } from '../engine-context';
import { ErrorNote, Panel, ScreenHeader, StatusNote } from '../components/Panel';
import { formatDate } from '../../../shared/format';
import type { TeachView } from '../../../shared/commands/learn';
import { EXERCISE_IDS, EXERCISE_NAMES, type ExerciseId } from '../../../shared/exercises';
import { PLACEMENT_WORDS } from '../../../shared/routines';

const NEW = '__new__';

/**
 * Teach: pick an exercise (or name a new one and say what it moves like), Start, do about
 * three reps, say how many, and SetBeat learns the movement for the sensor's placement.
 */
export function TeachScreen() {
  const { client } = useEngine();
  const [tick, setTick] = useState(0);
  const { data: lists } = useCommand('learn.exercises', {}, [tick]);
  const [view, setView] = useState<TeachView | null>(null);
  const [choice, setChoice] = useState<string>('squat');
  const [newName, setNewName] = useState('');
  const [newProfile, setNewProfile] = useState<ExerciseId>('generic');
  const [reps, setReps] = useState(3);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.call('learn.teachGet', {}).then(
      (v) => live && setView(v),
      () => undefined,
    );
    const off = client.onEvent((e) => (e.event === 'teach.frame' ? setView(e.payload) : undefined));
    return () => {
      live = false;
      off();
    };
  }, [client]);

  const act = async (fn: () => Promise<TeachView>): Promise<void> => {
    try {
      setView(await fn());
      setError(null);
      setTick((t) => t + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^learn\.\w+ failed: /, '') : String(e));
    }
  };

  const start = async (): Promise<void> => {
    let exercise = choice;
    if (choice === NEW) {
      try {
        exercise = (await client.call('learn.createExercise', { name: newName, profile: newProfile })).key;
        setChoice(exercise);
        setNewName('');
      } catch (e) {
        setError(e instanceof Error ? e.message.replace(/^learn\.\w+ failed: /, '') : String(e));
        return;
      }
    }
    await act(() => client.call('learn.teachStart', { exercise }));
  };

  const placement = view?.placement ?? lists?.placement ?? 'ankle';
  const recording = view?.state === 'recording';
  const saved = view?.state === 'saved' ? view.saved : null;
  const names = new Map<string, string>([...(lists?.builtIn ?? []).map((b) => [b.id, b.name] as const), ...(lists?.custom ?? []).map((c) => [c.key, c.name] as const)]);

  return (
    <>
      <ScreenHeader title="Teach" />
      {error ? <ErrorNote message={error} /> : null}
      {saved ? (
        <StatusNote>
          Saved. SetBeat learned your {saved.name} with the {PLACEMENT_WORDS[saved.placement].toLowerCase()} ({saved.sets} {saved.sets === 1 ? 'set' : 'sets'} so far) and counts
          your next sets with it.
        </StatusNote>
      ) : null}
      <Panel title="Teach SetBeat a movement" className="teach-panel">
        <p className="muted">
          Do about three reps the way you usually do them, then say how many you did. SetBeat learns them for your accelerometer worn as:{' '}
          <strong>{PLACEMENT_WORDS[placement]}</strong> (change it in Settings).
        </p>
        {!recording ? (
          <div className="teach-step">
            <label className="field">
              <span>Exercise</span>
              <select value={choice} onChange={(e) => setChoice(e.target.value)}>
                <optgroup label="Built in">
                  {(lists?.builtIn ?? EXERCISE_IDS.map((id) => ({ id, name: EXERCISE_NAMES[id] }))).map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                </optgroup>
                {lists && lists.custom.length > 0 ? (
                  <optgroup label="Yours">
                    {lists.custom.map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                <option value={NEW}>A new exercise…</option>
              </select>
            </label>
            {choice === NEW ? (
              <div className="field-row">
                <label className="field">
                  <span>Name of the new exercise</span>
                  <input type="text" maxLength={100} value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="e.g. Kettlebell swing" />
                </label>
                <label className="field">
                  <span>It moves most like</span>
                  <select value={newProfile} onChange={(e) => setNewProfile(e.target.value as ExerciseId)}>
                    {EXERCISE_IDS.map((id) => (
                      <option key={id} value={id}>
                        {EXERCISE_NAMES[id]}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            ) : null}
            <div className="action-row">
              <button type="button" className="button primary" disabled={choice === NEW && newName.trim() === ''} onClick={() => void start()}>
                Start
              </button>
            </div>
          </div>
        ) : (
          <div className="teach-step">
            <p className="teach-exercise">{view?.name}</p>
            <div className="teach-live" aria-live="polite">
              <span className="teach-count">{view?.count ?? 0}</span>
              <span className="muted"> {view?.count === 1 ? 'rep' : 'reps'} counted · {Math.floor(view?.elapsedS ?? 0)} s</span>
            </div>
            <p className="muted">{view && view.samples > 0 ? `Recording from ${view.sensor ?? 'the accelerometer'}.` : 'Waiting for the accelerometer… connect it on the Devices screen.'}</p>
            <div className="field-row">
              <label className="field">
                <span>I did</span>
                <input type="number" min={1} max={100} value={reps} onChange={(e) => setReps(Math.max(1, Math.min(100, Math.round(Number(e.target.value) || 1))))} />
              </label>
            </div>
            <div className="action-row">
              <button type="button" className="button primary" onClick={() => void act(() => client.call('learn.teachFinish', { reps }))}>
                I did {reps} {reps === 1 ? 'rep' : 'reps'}: save
              </button>
              <button type="button" className="button" onClick={() => void act(() => client.call('learn.teachCancel', {}))}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </Panel>
      <Panel title="What SetBeat has learned">
        {lists && lists.models.length > 0 ? (
          <ul className="plain-list">
            {lists.models.map((m) => (
              <li key={`${m.exercise}-${m.placement}`}>
                <strong>{names.get(m.exercise) ?? m.name}</strong>
                <span className="muted">
                  {' '}
                  · {PLACEMENT_WORDS[m.placement]} · {m.sets} {m.sets === 1 ? 'set' : 'sets'} · {formatDate(Date.parse(m.updatedAt))}
                </span>{' '}
                <button
                  type="button"
                  className="small-button"
                  aria-label={`Forget what SetBeat learned: ${names.get(m.exercise) ?? m.name}, ${PLACEMENT_WORDS[m.placement]}`}
                  onClick={() => {
                    client.call('learn.forgetModel', { exercise: m.exercise, placement: m.placement }).then(
                      () => setTick((t) => t + 1),
                      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
                    );
                  }}
                >
                  Forget
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">Nothing yet. Teach a movement above, or correct a set’s count in History: SetBeat learns from both.</p>
        )}
      </Panel>
    </>
  );
}
