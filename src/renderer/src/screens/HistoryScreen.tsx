import { useState } from 'react';
import { useCommand } from '../engine-context';
import { ErrorNote, Panel, ScreenHeader } from '../components/Panel';
import { formatDate, formatDuration } from '../format';

export function HistoryScreen() {
  const [search, setSearch] = useState('');
  const { data, error, loading } = useCommand('sessions.list', search ? { search } : {}, []);
  const sessions = data?.sessions ?? [];
  return (
    <>
      <ScreenHeader title="History">
        <label className="search">
          <span className="visually-hidden">Search sessions</span>
          <input type="search" placeholder="Search sessions" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </ScreenHeader>
      <Panel>
        {error ? <ErrorNote message={error} /> : null}
        {!error && !loading && sessions.length === 0 ? (
          <p className="empty">No sessions yet. Finished workouts and imported recordings appear here.</p>
        ) : null}
        {sessions.length > 0 ? (
          <table className="table">
            <caption className="visually-hidden">Sessions</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Session</th>
                <th scope="col">Duration</th>
                <th scope="col" className="num">Sets</th>
                <th scope="col" className="num">Reps</th>
                <th scope="col" className="num">Avg HR</th>
                <th scope="col" className="num">Max HR</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{formatDate(s.startedAt)}</td>
                  <td>
                    {s.name}
                    {s.status === 'recovered' ? <span className="tag">recovered</span> : null}
                  </td>
                  <td>{formatDuration(s.durationS)}</td>
                  <td className="num">{s.setCount}</td>
                  <td className="num">{s.repCount}</td>
                  <td className="num">{s.avgHr ?? '–'}</td>
                  <td className="num">{s.maxHr ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Panel>
    </>
  );
}
