import { useCommand, useEngine } from '../engine-context';
import { ErrorNote, Panel, ScreenHeader } from '../components/Panel';
import type { ScreenId } from '../App';

const ROUTINE_ORDER = ['calf-raise', 'band-walk', 'deadlift', 'box-step-off', 'lunge-matrix'];

export function WorkoutScreen({ onNavigate }: { onNavigate: (id: ScreenId) => void }) {
  const { info } = useEngine();
  const { data, error } = useCommand('exercises.list', {});
  const routine = ROUTINE_ORDER.map((id) => data?.exercises.find((e) => e.id === id)).filter((e) => e !== undefined);
  return (
    <>
      <ScreenHeader title="Workout" />
      {info?.databaseProblem ? <ErrorNote message={info.databaseProblem} /> : null}
      <Panel title="Runner's strength">
        {error ? <ErrorNote message={error} /> : null}
        <ol className="routine-list">
          {routine.map((e, i) => (
            <li key={e.id}>
              <span className="routine-index" aria-hidden="true">
                {i + 1}
              </span>
              {e.name}
            </li>
          ))}
        </ol>
        <p className="muted">
          Pair a heart-rate strap or an accelerometer first, or use the demo sensors.{' '}
          <button type="button" className="link-button" onClick={() => onNavigate('devices')}>
            Go to Devices
          </button>
        </p>
      </Panel>
    </>
  );
}
