import { useEngine } from '../engine-context';
import { Panel, ScreenHeader } from '../components/Panel';

const STATE_LABEL: Record<string, string> = {
  ready: 'Bluetooth is ready',
  unavailable: 'Bluetooth is unavailable',
  unauthorized: 'SetBeat may not use Bluetooth',
  unsupported: 'This adapter cannot do Bluetooth LE',
  'powered-off': 'Bluetooth is switched off',
  starting: 'Starting Bluetooth…',
  unknown: 'Bluetooth not checked yet',
};

export function DevicesScreen() {
  const { info } = useEngine();
  const bt = info?.bluetooth;
  return (
    <>
      <ScreenHeader title="Devices" />
      <Panel title="Bluetooth">
        {bt ? (
          <div className={`status-block status-${bt.state}`}>
            <p className="status-title">{STATE_LABEL[bt.state] ?? bt.state}</p>
            <p>{bt.message}</p>
            {bt.fix ? (
              <p>
                To fix: <code className="fix">{bt.fix}</code>
              </p>
            ) : null}
            {bt.demoAvailable ? (
              <p className="muted">Demo sensors (a simulated heart-rate strap and accelerometer) work without Bluetooth.</p>
            ) : null}
          </div>
        ) : (
          <p className="muted">Asking the engine…</p>
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
