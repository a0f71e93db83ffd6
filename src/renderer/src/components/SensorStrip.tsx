import type { SensorView } from '../../../shared/commands/workout';

const STATE_WORDS: Record<SensorView['state'], string> = { connected: 'connected', lost: 'lost', reconnecting: 'reconnecting…' };

/** Each sensor's state, battery and skin contact, small, under the live figures. */
export function SensorStrip({ sensors, rmssdMs }: { sensors: SensorView[]; rmssdMs: number | null }) {
  return (
    <ul className="sensor-strip" aria-label="Sensors">
      {sensors.length === 0 ? <li className="muted">No sensor connected</li> : null}
      {sensors.map((s) => (
        <li key={s.id} data-state={s.state}>
          <strong>{s.name}</strong> {STATE_WORDS[s.state]}
          {s.battery !== null ? ` · battery ${s.battery}%` : ''}
          {s.contact === false ? ' · no skin contact' : s.contact === true ? ' · contact good' : ''}
        </li>
      ))}
      <li aria-label={rmssdMs !== null ? `Heart-rate variability RMSSD ${Math.round(rmssdMs)} milliseconds` : 'Heart-rate variability: not enough clean beats'}>
        HRV (RMSSD) <strong>{rmssdMs !== null ? `${Math.round(rmssdMs)} ms` : '–'}</strong>
      </li>
    </ul>
  );
}
