import { useEffect } from 'react';
import { useEngine } from '../engine-context';
import { ErrorNote, Panel, ScreenHeader } from '../components/Panel';
import { DataTable, type DataColumn } from '../components/DataTable';
import { useDevices } from '../hooks/useDevices';
import type { DeviceListing } from '../../../shared/commands/devices';

/** How long one search for sensors lasts before it stops by itself. */
const SCAN_SECONDS = 60;

const STATE_LABEL: Record<string, string> = {
  ready: 'Bluetooth is ready',
  unavailable: 'Bluetooth is unavailable',
  unauthorized: 'SetBeat may not use Bluetooth',
  unsupported: 'This adapter cannot do Bluetooth LE',
  'powered-off': 'Bluetooth is switched off',
  starting: 'Starting Bluetooth…',
  unknown: 'Bluetooth not checked yet',
  'no-adapter': 'No Bluetooth adapter found',
  'not-installed': 'Bluetooth support is not installed',
  crashed: 'The Bluetooth helper stopped; restarting it',
  demo: 'Demo sensors are running',
};

const KIND_WORDS: Record<string, string> = { 'hr-strap': 'Heart-rate strap', 'polar-pmd': 'Polar sensor (HR + accelerometer)', 'generic-imu': 'Accelerometer' };
const DEVICE_STATE_WORDS: Record<DeviceListing['state'], string> = {
  seen: 'Found',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnected: 'Not connected',
};
const SENSOR_COLUMNS: DataColumn[] = [{ label: 'Sensor' }, { label: 'Status' }, { label: 'Signal' }, { label: 'Battery', num: true }, { label: 'Contact' }, { label: 'Actions' }];

/** Signal strength in words: what a person can act on (move closer). */
export function signalWords(rssi: number | null): string {
  if (rssi === null) return 'unknown';
  if (rssi >= -65) return `strong (${rssi} dBm)`;
  if (rssi >= -80) return `fair (${rssi} dBm)`;
  return `weak (${rssi} dBm): move closer`;
}

export function DevicesScreen() {
  const { info } = useEngine();
  const { state, error, busy, send } = useDevices();
  const bt = info?.bluetooth;
  const adapter = state?.adapter ?? null;
  const usable = adapter?.usable ?? bt?.state === 'ready';
  const demoOffered = (state?.demoAvailable ?? false) || (bt?.demoAvailable ?? false);
  const title = adapter ? (STATE_LABEL[adapter.state] ?? adapter.state) : bt ? (STATE_LABEL[bt.state] ?? bt.state) : 'Asking the engine…';
  const scanning = state?.scanning ?? false;
  const showDemoOffer = demoOffered && adapter?.backend !== 'simulator';
  // A scan is a search, not a mode: it stops by itself after a while (Stop ends it sooner).
  useEffect(() => {
    if (!scanning) return;
    const timer = setTimeout(() => void send('devices.scan', { on: false }, 'scan'), SCAN_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [scanning, send]);
  return (
    <>
      <ScreenHeader title="Devices">
        <button
          type="button"
          className="button"
          disabled={!usable || busy !== null}
          aria-pressed={state?.scanning ?? false}
          onClick={() => void send('devices.scan', { on: !(state?.scanning ?? false) }, 'scan')}
        >
          {state?.scanning ? 'Stop scanning' : 'Scan for sensors'}
        </button>
      </ScreenHeader>
      {error ? <ErrorNote message={error} /> : null}
      <Panel title="Bluetooth">
        <div className={`status-block status-${adapter?.state ?? bt?.state ?? 'unknown'}`}>
          <p className="status-title">{title}</p>
          <p>{adapter?.message ?? bt?.message ?? ''}</p>
          {(adapter?.fix ?? bt?.fix) ? (
            <p>
              To fix: <code className="fix">{adapter?.fix ?? bt?.fix}</code>
            </p>
          ) : null}
          {adapter?.backend === 'simulator' && bt && bt.state !== 'ready' && bt.state !== 'unknown' ? (
            <div className="radio-note">
              <p>
                <strong>Why demo sensors: the Bluetooth radio is not usable.</strong> {bt.message}
              </p>
              {bt.fix ? (
                <p>
                  To use real sensors: <code className="fix">{bt.fix}</code>
                </p>
              ) : null}
            </div>
          ) : null}
        </div>
        {showDemoOffer ? (
          <div className="demo-offer">
            <p>
              <strong>No sensor at hand?</strong> The demo sensors work without Bluetooth: a simulated athlete wears a
              heart-rate strap, an H10 and an ankle accelerometer, and follows your workout.
            </p>
            <button type="button" className="button primary" disabled={busy !== null} onClick={() => void send('devices.useDemo', {}, 'demo')}>
              {busy === 'demo' ? 'Starting demo sensors…' : 'Use demo sensors'}
            </button>
          </div>
        ) : null}
      </Panel>
      <Panel title="Sensors">
        {!state || state.devices.length === 0 ? (
          <p className="empty">
            {scanning
              ? `Looking for sensors… Wake a strap by putting it on (wet the electrodes). The search stops by itself after ${SCAN_SECONDS} s.`
              : `No sensors yet. Press “Scan for sensors”${showDemoOffer ? ', or “Use demo sensors” above' : ''}.`}
          </p>
        ) : (
          <DataTable caption="Sensors" columns={SENSOR_COLUMNS}>
            {state.devices.map((d) => (
              <tr key={d.id}>
                <td>
                  <strong>{d.name}</strong>
                  <br />
                  <span className="muted">
                    {d.kind ? KIND_WORDS[d.kind] : 'Unknown kind'}
                    {d.model ? ` · ${d.model}` : ''}
                    {d.remembered ? ' · remembered' : ''}
                  </span>
                </td>
                <td>
                  {DEVICE_STATE_WORDS[d.state]}
                  {d.lastError ? <span className="device-error"> · {d.lastError}</span> : null}
                </td>
                <td>{signalWords(d.rssi)}</td>
                <td className="num">{d.battery !== null ? `${d.battery}%` : '–'}</td>
                <td>{d.contact === null ? '–' : d.contact ? 'Good' : 'No skin contact'}</td>
                <td className="row-actions">
                  {d.state === 'connected' || d.state === 'reconnecting' ? (
                    <button type="button" className="button" disabled={busy !== null} aria-label={`Disconnect ${d.name}`} onClick={() => void send('devices.disconnect', { id: d.id }, d.id)}>
                      Disconnect
                    </button>
                  ) : (
                    <button type="button" className="button primary" disabled={busy !== null || d.state === 'connecting'} aria-label={`Connect ${d.name}`} onClick={() => void send('devices.connect', { id: d.id }, d.id)}>
                      {busy === d.id ? 'Connecting…' : 'Connect'}
                    </button>
                  )}
                  {d.remembered ? (
                    <button type="button" className="button" disabled={busy !== null} aria-label={`Forget ${d.name}`} onClick={() => void send('devices.forget', { id: d.id }, d.id)}>
                      Forget
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Panel>
      <Panel title="Supported sensors">
        <ul className="plain-list">
          <li>
            <strong>Heart-rate chest straps</strong> — any strap with the standard Bluetooth heart-rate service (Polar,
            Garmin HRM-Dual, Wahoo TICKR, Coospo…), with beat-to-beat intervals where the strap sends them.
          </li>
          <li>
            <strong>Polar H10 and Verity Sense</strong> — heart rate plus the built-in accelerometer, for rep counting
            from the chest or an arm band.
          </li>
          <li>
            <strong>Generic accelerometer</strong> — an ESP32 or nRF board speaking SetBeat&apos;s open IMU profile,
            worn on the shank or chest.
          </li>
        </ul>
      </Panel>
    </>
  );
}
