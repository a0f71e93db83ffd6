/**
 * The live workout, designed for a person 2-3 m away with busy hands: heart rate, reps and the
 * clock huge; one big button (or the space bar) starts and ends a set; arrows pick the set.
 * Everything shown is the engine's frame: the screen computes nothing but layout.
 */
import { useEffect, useRef } from 'react';
import type { PlannedSetView, WorkoutView } from '../../../shared/commands/workout';
import { RUNNERS_STRENGTH, describeTarget } from '../../../shared/routines';
import { exerciseDisplayName } from '../../../shared/custom-exercises';
import { useEngine } from '../engine-context';
import { ErrorNote, Panel, ScreenHeader, StatusNote } from '../components/Panel';
import { HeartRate } from '../components/HeartRate';
import { RepCounter } from '../components/RepCounter';
import { Timer } from '../components/Timer';
import { HrChart } from '../components/HrChart';
import { QualityFigures } from '../components/QualityFigures';
import { DataTable, type DataColumn } from '../components/DataTable';
import { RepCorrectionButtons } from '../components/RepCorrectionButtons';
import { SensorStrip } from '../components/SensorStrip';
import { useWorkout, type WorkoutApi } from '../hooks/useWorkout';
import { useRestBeep } from '../hooks/useRestBeep';
import { formatClock } from '../live/time';
import { formatDuration } from '../../../shared/format';
import type { ScreenId } from '../App';

const SIDE_WORDS: Record<PlannedSetView['side'], string> = { left: 'Left side', right: 'Right side', both: '' };
const DONE_SET_COLUMNS: DataColumn[] = [{ label: 'Exercise' }, { label: 'Set' }, { label: 'Reps', num: true }, { label: 'Target', num: true }, { label: 'Time', num: true }, { label: 'Avg HR', num: true }, { label: 'Quality' }, { label: 'Correct' }];

function setTitle(p: PlannedSetView): string {
  return `Set ${p.setNumber} of ${p.sets}${p.side !== 'both' ? ` · ${SIDE_WORDS[p.side]}` : ''}`;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function WorkoutScreen({ onNavigate }: { onNavigate: (id: ScreenId) => void }) {
  const { settings } = useEngine();
  const api = useWorkout();
  const { view, send } = api;
  const viewRef = useRef<WorkoutView | null>(null);
  viewRef.current = view;
  // Paused, the countdown stands still, so no beep is crossed.
  useRestBeep(view?.phase === 'rest' ? (view.rest?.remainingS ?? null) : null, settings?.sounds ?? false);

  // Space starts/ends a set, arrows choose the set, + and - correct the count.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const v = viewRef.current;
      if (!v || v.phase === 'idle' || v.phase === 'finished' || isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      // A focused button answers space itself; only the page background hands it to us.
      const onControl = e.target instanceof HTMLElement && e.target.closest('button, a, [role="button"]') !== null;
      if (e.key === ' ' && !onControl) {
        e.preventDefault();
        void send('workout.toggleSet', {});
      } else if ((e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === 'ArrowLeft' || e.key === 'ArrowUp') && v.phase !== 'set' && !onControl) {
        const dir = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
        const todo = v.plan.map((p, i) => (p.status === 'todo' ? i : -1)).filter((i) => i >= 0);
        if (todo.length === 0) return;
        const at = todo.indexOf(v.current ?? -1);
        const next = todo[(at + dir + todo.length) % todo.length];
        e.preventDefault();
        void send('workout.select', { index: next });
      } else if ((e.key === '+' || e.key === '=') && !onControl) {
        void send('workout.adjustReps', { delta: 1 });
      } else if (e.key === '-' && !onControl) {
        void send('workout.adjustReps', { delta: -1 });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send]);

  return (
    <>
      <ScreenHeader title="Workout">
        {view && view.phase !== 'idle' && view.phase !== 'finished' ? (
          <>
            <span className="session-clock" aria-label={`Session time ${formatClock(view.elapsedS)}`}>
              {formatClock(view.elapsedS)}
            </span>
            <button type="button" className="button" onClick={() => void send(view.paused ? 'workout.resume' : 'workout.pause', {})}>
              {view.paused ? 'Resume' : 'Pause'}
            </button>
            <button type="button" className="button danger" onClick={() => void send('workout.finish', {})}>
              Finish workout
            </button>
          </>
        ) : null}
      </ScreenHeader>
      {api.error ? <ErrorNote message={api.error} /> : null}
      {view?.banner ? (
        <p className={`banner banner-${view.banner.level}`} role={view.banner.level === 'warning' ? 'alert' : 'status'}>
          {view.banner.message}
        </p>
      ) : null}
      {!view || view.phase === 'idle' ? <StartPanel api={api} onNavigate={onNavigate} /> : null}
      {view && view.phase !== 'idle' && view.phase !== 'finished' ? <LivePanel api={api} view={view} /> : null}
      {view?.phase === 'finished' ? <SummaryPanel api={api} view={view} onNavigate={onNavigate} /> : null}
    </>
  );
}

function StartPanel({ api, onNavigate }: { api: WorkoutApi; onNavigate: (id: ScreenId) => void }) {
  const v = api.view;
  return (
    <div className="workout-grid idle">
      <Panel title={RUNNERS_STRENGTH.name}>
        <p>{RUNNERS_STRENGTH.notes}</p>
        <ol className="routine-list">
          {RUNNERS_STRENGTH.exercises.map((e, i) => (
            <li key={e.exerciseId}>
              <span className="routine-index" aria-hidden="true">
                {i + 1}
              </span>
              <span>
                <strong>{exerciseDisplayName(e.exerciseId)}</strong>
                <span className="muted">
                  {' '}
                  · {e.sets} {e.sets === 1 ? 'set' : 'sets'} · {describeTarget(e)} · rest {formatClock(e.restS)}
                </span>
              </span>
            </li>
          ))}
        </ol>
        <div className="action-row">
          <button type="button" className="button primary huge" onClick={() => void api.send('workout.begin', {})}>
            Start {RUNNERS_STRENGTH.name}
          </button>
          <button type="button" className="link-button" onClick={() => onNavigate('devices')}>
            Connect sensors in Devices
          </button>
        </div>
      </Panel>
      {v ? (
        <div className="live-row">
          <HeartRate bpm={v.hr?.bpm ?? null} zone={v.hr?.zone ?? 0} contact={v.hr?.contact ?? null} />
          <div className="panel">
            <SensorStrip sensors={v.sensors} rmssdMs={v.rmssdMs} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

function LivePanel({ api, view: v }: { api: WorkoutApi; view: WorkoutView }) {
  const { send } = api;
  const cur = v.current !== null ? v.plan[v.current] : null;
  const nextIndex = v.plan.findIndex((p, i) => p.status === 'todo' && i !== v.current);
  const next = nextIndex >= 0 ? v.plan[nextIndex] : null;
  const inSet = v.phase === 'set';
  const lastDone = [...v.plan].reverse().find((p) => p.status === 'done') ?? null;
  // In a set: its count. In a rest: the set just done, named, to correct it while resting.
  // Ready: the next set's 0 of its target (the last set's count under the next name misled).
  const showLast = v.phase === 'rest' && lastDone !== null;
  const counted = inSet ? { reps: v.set?.reps ?? 0, target: cur?.target ?? null, detected: v.set?.repsDetected ?? null } : showLast ? { reps: lastDone.reps ?? 0, target: lastDone.target, detected: lastDone.repsDetected } : { reps: 0, target: cur?.target ?? null, detected: null };
  const phase = v.paused ? 'paused' : inSet ? 'set' : v.phase === 'rest' ? 'rest' : 'ready';
  return (
    <div className="workout-grid">
      <section className="exercise-head" aria-label="Current exercise">
        {cur ? (
          <>
            <p className="phase-word" data-phase={phase}>
              {v.paused ? 'Paused' : inSet ? 'In the set' : v.phase === 'rest' ? 'Resting' : 'Ready'}
            </p>
            <h2 className="exercise-name">{cur.name}</h2>
            <p className="exercise-meta">
              {setTitle(cur)} · Target: {cur.targetText}
            </p>
          </>
        ) : (
          <>
            <p className="phase-word">All sets done</p>
            <h2 className="exercise-name">Well done</h2>
            <p className="exercise-meta">Finish the workout to save the summary, or repeat a set.</p>
          </>
        )}
      </section>

      <div className="live-row">
        <HeartRate bpm={v.hr?.bpm ?? null} zone={v.hr?.zone ?? 0} contact={v.hr?.contact ?? null} />
        <RepCounter
          reps={counted.reps}
          target={counted.target}
          detected={counted.detected}
          title={showLast ? 'Last set' : 'Reps'}
          caption={showLast ? `${lastDone.name} · ${setTitle(lastDone)}` : null}
          onAdjust={inSet || showLast ? (d) => void send('workout.adjustReps', { delta: d }) : undefined}
        />
        {v.phase === 'rest' && v.rest ? (
          <Timer label="Rest" seconds={v.rest.remainingS} countdown totalS={v.rest.totalS} />
        ) : (
          <Timer label="Set time" seconds={v.set?.elapsedS ?? 0} />
        )}
      </div>

      <div className="action-row">
        <button type="button" className={`button huge ${inSet ? 'danger' : 'primary'}`} disabled={!cur && !inSet} onClick={() => void send('workout.toggleSet', {})} aria-keyshortcuts="Space">
          {inSet ? 'End set' : 'Start set'}
          <span className="key-hint" aria-hidden="true">
            Space
          </span>
        </button>
        {v.phase === 'rest' ? (
          <button type="button" className="button" onClick={() => void send('workout.skipRest', {})}>
            Skip rest
          </button>
        ) : null}
        {!inSet && cur ? (
          <button type="button" className="button" onClick={() => void send('workout.skip', {})}>
            Skip this set
          </button>
        ) : null}
        <button type="button" className="button" onClick={() => void send('workout.repeat', {})} disabled={!lastDone && !cur}>
          Repeat a set
        </button>
        <label className="field checkbox auto-toggle">
          <input type="checkbox" checked={v.autoSets} onChange={(e) => void send('workout.setAuto', { on: e.target.checked })} />
          <span>Start and end sets by movement</span>
        </label>
      </div>

      {v.set?.retracted ? <StatusNote>{v.set.retracted}</StatusNote> : null}

      <div className="info-row">
        <Panel title={v.phase === 'rest' ? 'Recovery' : 'Up next'} className="next-panel">
          {v.phase === 'rest' && v.recovery ? (
            <p className="recovery" aria-label="Heart-rate recovery">
              {v.recovery.dropBpm !== null
                ? `Heart rate down ${Math.max(0, v.recovery.dropBpm)} bpm in ${formatClock(Math.min(60, v.recovery.elapsedS))}${v.recovery.done ? ' (60-second recovery)' : ''}`
                : 'No heart rate at the end of the set.'}
            </p>
          ) : null}
          <p className="next-line">
            {next ? `Next: ${next.name} · ${setTitle(next)} · ${next.targetText}` : cur ? 'This is the last set of the workout.' : 'All sets are done: finish the workout, or repeat a set.'}
          </p>
          <QualityFigures quality={inSet ? v.set?.quality : lastDone?.quality} title={inSet ? 'Quality this set' : 'Quality last set'} />
          <SensorStrip sensors={v.sensors} rmssdMs={v.rmssdMs} />
        </Panel>
        <Panel title="Heart rate this session" className="chart-panel">
          <HrChart buffer={api.chart} version={api.chartVersion} originS={v.startedAt !== null ? v.startedAt / 1000 : null} label="Heart rate over the session" />
        </Panel>
      </div>

      <div className="info-row">
        {/* With every set done there is nothing to explain: no empty panel. */}
        {cur && (v.instructions.trim() || v.placement) ? (
          <Panel title="How to do it" className="howto">
            {v.placement ? <p className="muted">Sensor: {v.placement}</p> : null}
            {v.instructions
              .split('\n')
              .filter((line) => line.trim())
              .map((line) => (
                <p key={line}>{line}</p>
              ))}
          </Panel>
        ) : null}
        <PlanList view={v} send={send} />
      </div>
    </div>
  );
}

function PlanList({ view: v, send }: { view: WorkoutView; send: WorkoutApi['send'] }) {
  const inSet = v.phase === 'set';
  return (
    <Panel title="Plan" className="plan-panel">
      {/* Focusable so keyboard users can scroll a long plan. */}
      <ol className="plan-list" tabIndex={0} aria-label="Sets of this workout">
        {v.plan.map((p, i) => {
          const label = `${p.name}, ${setTitle(p)}`;
          return (
            <li key={`${i}-${p.exerciseId}-${p.setNumber}-${p.side}`} data-status={p.status} aria-current={i === v.current ? 'step' : undefined}>
              <span className="plan-name">
                {p.name} <span className="muted">{setTitle(p)}</span>
              </span>
              <span className="plan-state">{p.status === 'done' ? `${p.reps ?? 0} reps` : p.status === 'skipped' ? 'skipped' : i === v.current ? 'now' : ''}</span>
              {p.status === 'todo' && !inSet ? (
                <span className="plan-actions">
                  {i !== v.current ? (
                    <button type="button" className="small-button" aria-label={`Do next: ${label}`} onClick={() => void send('workout.select', { index: i })}>
                      Do next
                    </button>
                  ) : null}
                  <button type="button" className="small-button" aria-label={`Move up: ${label}`} disabled={i === 0} onClick={() => void send('workout.move', { from: i, to: i - 1 })}>
                    ↑
                  </button>
                  <button type="button" className="small-button" aria-label={`Move down: ${label}`} disabled={i === v.plan.length - 1} onClick={() => void send('workout.move', { from: i, to: i + 1 })}>
                    ↓
                  </button>
                </span>
              ) : null}
              {p.status === 'done' ? (
                <span className="plan-actions">
                  <button type="button" className="small-button" aria-label={`One rep fewer: ${label}`} onClick={() => void send('workout.adjustReps', { delta: -1, index: i })}>
                    −
                  </button>
                  <button type="button" className="small-button" aria-label={`One rep more: ${label}`} onClick={() => void send('workout.adjustReps', { delta: 1, index: i })}>
                    +
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </Panel>
  );
}

function SummaryPanel({ api, view: v, onNavigate }: { api: WorkoutApi; view: WorkoutView; onNavigate: (id: ScreenId) => void }) {
  const done = v.plan.map((p, i) => ({ p, i })).filter(({ p }) => p.status === 'done');
  return (
    <div className="workout-grid">
      <Panel title="Workout summary">
        <dl className="facts summary-facts">
          <dt>Duration</dt>
          <dd className="summary-duration">{formatDuration(v.totals.durationS ?? v.elapsedS)}</dd>
          <dt>Sets</dt>
          <dd>{v.totals.sets}</dd>
          <dt>Reps</dt>
          <dd>{v.totals.reps}</dd>
          <dt>Average heart rate</dt>
          <dd>{v.totals.avgHr !== null ? `${v.totals.avgHr} bpm` : '–'}</dd>
          <dt>Max heart rate</dt>
          <dd>{v.totals.maxHr !== null ? `${v.totals.maxHr} bpm` : '–'}</dd>
        </dl>
        {done.length > 0 ? (
          <DataTable caption="Sets done" columns={DONE_SET_COLUMNS}>
            {done.map(({ p, i }) => (
              <tr key={i}>
                <td>{p.name}</td>
                <td>{setTitle(p)}</td>
                <td className="num">{p.reps}</td>
                <td className="num">{p.target ?? '–'}</td>
                <td className="num">{p.durationS !== null ? formatDuration(p.durationS) : '–'}</td>
                <td className="num">{p.avgHr ?? '–'}</td>
                <td>
                  <QualityFigures quality={p.quality} title={`Quality of ${p.name}, ${setTitle(p)}`} />
                </td>
                <td>
                  <RepCorrectionButtons label={`${p.name}, ${setTitle(p)}`} onAdjust={(delta) => void api.send('workout.adjustReps', { delta, index: i })} />
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="empty">No set was done.</p>
        )}
        <div className="action-row">
          <button type="button" className="button primary" onClick={() => onNavigate('history')}>
            See it in History
          </button>
          <button type="button" className="button" onClick={() => void api.send('workout.close', {})}>
            New workout
          </button>
        </div>
      </Panel>
    </div>
  );
}
