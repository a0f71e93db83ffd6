import { useCommand, useEngine } from '../engine-context';
import { ZONE_STYLES, zoneRanges } from '../live/zones';
import { PLACEMENTS, PLACEMENT_WORDS, type PlacementDefaults } from '../../../shared/routines';
import { useEffect, useId, useState } from 'react';
import { Panel, ScreenHeader } from '../components/Panel';
import type { Settings } from '../../../shared/contract';

/** A whole number in [min, max]: anything else is kept as typed and said why, beside the field. */
function NumberField({ label, value, min, max, onCommit }: { label: string; value: number; min: number; max: number; onCommit: (n: number) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        defaultValue={value}
        key={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? id : undefined}
        onBlur={(e) => {
          const n = Number(e.target.value);
          if (e.target.value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
            setProblem(`${e.target.value.trim() || 'An empty value'} is not possible here: give a whole number from ${min} to ${max}. ${value} is still used.`);
            return;
          }
          setProblem(null);
          if (n !== value) onCommit(n);
        }}
      />
      {problem ? (
        <span className="field-problem" id={id} role="alert">
          {problem}
        </span>
      ) : null}
    </label>
  );
}

export function SettingsScreen() {
  const { settings, updateSettings, info, client } = useEngine();
  const [placements, setPlacements] = useState<PlacementDefaults | null>(null);
  // Where the log is, once asked (web mode cannot open a folder on the engine's machine).
  const [logNote, setLogNote] = useState<string | null>(null);
  const openLogFolder = (): void => {
    client.call('app.openLogFolder', {}).then(
      (r) => setLogNote(r.opened ? `Opened ${r.folder}` : `The log is ${r.file} (older ones beside it): attach it when you report a problem.`),
      (err: unknown) => setLogNote(err instanceof Error ? err.message : String(err)),
    );
  };
  useEffect(() => {
    client.call('routines.placements', {}).then(setPlacements, () => undefined);
  }, [client]);
  const setPlacement = (patch: Partial<PlacementDefaults>): void => {
    setPlacements((p) => (p ? { ...p, ...patch } : p));
    client.call('routines.setPlacements', patch).then(setPlacements, () => undefined);
  };
  // The engine computes the zones (one formula for the live screen, History and here).
  const { data: live } = useCommand('workout.get', {}, [settings?.maxHr, settings?.restingHr, settings?.zonesMethod]);
  if (!settings) return <ScreenHeader title="Settings" />;
  const set = (patch: Partial<Settings>): void => void updateSettings(patch);
  return (
    <>
      <ScreenHeader title="Settings" />
      <Panel title="Appearance">
        <fieldset className="segmented">
          <legend>Theme</legend>
          {(['system', 'light', 'dark'] as const).map((t) => (
            <label key={t}>
              <input type="radio" name="theme" value={t} checked={settings.theme === t} onChange={() => set({ theme: t })} />
              {t === 'system' ? 'Follow system' : t === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </fieldset>
        <label className="field checkbox">
          <input type="checkbox" checked={settings.sounds} onChange={(e) => set({ sounds: e.target.checked })} />
          <span>Sounds (rest countdown beeps)</span>
        </label>
      </Panel>
      <Panel title="Heart-rate profile">
        <div className="field-row">
          <NumberField label="Max heart rate (bpm)" value={settings.maxHr} min={100} max={240} onCommit={(n) => set({ maxHr: n })} />
          <NumberField label="Resting heart rate (bpm)" value={settings.restingHr} min={30} max={120} onCommit={(n) => set({ restingHr: n })} />
          <label className="field">
            <span>Zones from</span>
            <select value={settings.zonesMethod} onChange={(e) => set({ zonesMethod: e.target.value === 'reserve' ? 'reserve' : 'max' })}>
              <option value="max">Max heart rate</option>
              <option value="reserve">Heart-rate reserve</option>
            </select>
          </label>
          <label className="field">
            <span>Units</span>
            <select value={settings.units} onChange={(e) => set({ units: e.target.value === 'imperial' ? 'imperial' : 'metric' })}>
              <option value="metric">Metric (kg)</option>
              <option value="imperial">Imperial (lb)</option>
            </select>
          </label>
        </div>
        {live ? (
          <ul className="zone-legend" aria-label="Your heart-rate zones">
            {zoneRanges(live.zoneBounds, settings.maxHr).map((r, i) => (
              <li key={r} style={{ background: ZONE_STYLES[i + 1].background, color: ZONE_STYLES[i + 1].color }}>
                {r}
              </li>
            ))}
          </ul>
        ) : null}
      </Panel>
      <Panel title="Sensor placement">
        <p className="muted">Where you usually wear each sensor. An exercise that works better elsewhere says so on the workout screen.</p>
        {placements ? (
          <div className="field-row">
            {(
              [
                ['heartRate', 'Heart-rate sensor'],
                ['accelerometer', 'Accelerometer'],
              ] as const
            ).map(([key, label]) => (
              <label className="field" key={key}>
                <span>{label}</span>
                <select value={placements[key]} onChange={(e) => setPlacement({ [key]: e.target.value as PlacementDefaults[typeof key] })}>
                  {PLACEMENTS.map((p) => (
                    <option key={p} value={p}>
                      {PLACEMENT_WORDS[p]}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
        ) : (
          <p className="muted">Placement defaults need the database.</p>
        )}
      </Panel>
      <Panel title="Data">
        <dl className="facts">
          <dt>Data folder</dt>
          <dd>
            <code>{info?.dataDir ?? '…'}</code>
          </dd>
          <dt>Exports</dt>
          <dd>
            <code>{info ? `${info.dataDir}/exports` : '…'}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{info?.databasePath ?? '…'}</code> {info?.databaseState === 'open' ? '(open)' : '(not open)'}
          </dd>
          <dt>Version</dt>
          <dd>{info ? `SetBeat ${info.version}` : '…'}</dd>
          <dt>Log</dt>
          <dd>
            <button type="button" onClick={openLogFolder}>
              Open the log folder
            </button>
            {logNote ? (
              <p className="muted" role="status">
                {logNote}
              </p>
            ) : null}
          </dd>
        </dl>
      </Panel>
    </>
  );
}
