/** "Export all sessions" with a progress bar: long histories take a while, so show how far it is. */
import { useEffect, useState } from 'react';
import { useEngine } from '../engine-context';
import { EXPORT_FORMAT_IDS } from '../../../shared/commands/sessions';
import { downloadExport } from '../transport/download';
import { formatBytes } from '../format';
import { SavedNote, type SavedExportNote } from './SavedNote';

type Format = (typeof EXPORT_FORMAT_IDS)[number];

export function BulkExport({ labels }: { labels: Record<Format, string> }) {
  const { client } = useEngine();
  const [format, setFormat] = useState<Format>('json');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [saved, setSaved] = useState<SavedExportNote | null>(null);

  useEffect(
    () =>
      client.onEvent((e) => {
        if (e.event === 'export.progress') setProgress({ done: e.payload.done, total: e.payload.total });
      }),
    [client],
  );

  const start = async (): Promise<void> => {
    setRunning(true);
    setOutcome(null);
    setSaved(null);
    setProgress(null);
    try {
      if (client.kind === 'web') {
        // In a browser: one ZIP of every session, saved where this browser saves downloads.
        const d = await downloadExport('all', format);
        setOutcome({ ok: true, text: `Downloaded ${d.fileName} (${formatBytes(d.bytes)}).` });
        return;
      }
      if (client.desktop) {
        // In the window: a folder the person picks, then "Show in folder".
        const r = await client.desktop.save({ session: 'all', format });
        if (r.status === 'failed') setOutcome({ ok: false, text: r.message });
        if (r.status === 'saved') setSaved({ message: r.message, reveal: r.reveal });
        return;
      }
      const r = await client.call('sessions.exportAll', { format });
      const failed = r.failed.length ? ` ${r.failed.length} could not be exported (first: session ${r.failed[0].sessionId}: ${r.failed[0].reason}).` : '';
      setOutcome({ ok: r.failed.length === 0, text: `Exported ${r.exported} session${r.exported === 1 ? '' : 's'} to ${r.folder}.${failed}` });
    } catch (err) {
      setOutcome({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="bulk-export">
      <label className="field inline">
        <span>Export all as</span>
        <select value={format} disabled={running} onChange={(e) => setFormat(e.target.value as Format)}>
          {EXPORT_FORMAT_IDS.map((f) => (
            <option key={f} value={f}>
              {labels[f]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" disabled={running} onClick={() => void start()}>
        {running ? 'Exporting…' : 'Export all sessions'}
      </button>
      {running || progress ? (
        <div className="bulk-progress">
          <progress aria-label="Sessions exported" max={progress?.total || 1} value={progress?.done ?? 0} />
          <span aria-live="polite">{progress ? `${progress.done} of ${progress.total}` : 'Starting…'}</span>
        </div>
      ) : null}
      {saved && client.desktop ? <SavedNote saved={saved} desktop={client.desktop} /> : null}
      {outcome ? (
        <p className={outcome.ok ? 'bulk-outcome' : 'bulk-outcome error-note'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}
