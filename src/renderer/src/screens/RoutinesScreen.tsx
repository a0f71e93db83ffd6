import { useCommand } from '../engine-context';
import { ErrorNote, Panel, ScreenHeader } from '../components/Panel';

export function RoutinesScreen() {
  const { data, error } = useCommand('exercises.list', {});
  return (
    <>
      <ScreenHeader title="Routines" />
      <Panel title="Exercises SetBeat counts">
        {error ? <ErrorNote message={error} /> : null}
        <ul className="chip-list">
          {data?.exercises.map((e) => (
            <li key={e.id} className="chip">
              {e.name}
            </li>
          ))}
        </ul>
      </Panel>
    </>
  );
}
