import { useEffect, useMemo, useState } from 'react';
import { useCommand, useEngine } from '../engine-context';
import { ErrorNote, Panel, ScreenHeader, StatusNote } from '../components/Panel';
import { BulkExport } from '../components/BulkExport';
import { SavedNote, type SavedExportNote } from '../components/SavedNote';
import { DataTable, type DataColumn } from '../components/DataTable';
import { RepCorrectionButtons } from '../components/RepCorrectionButtons';
import { SeriesChart } from '../components/SeriesChart';
import { QualityFigures } from '../components/QualityFigures';
import type { RepQualityFigures } from '../../../shared/commands/workout';
import { formatBytes } from '../format';
import { formatDate, formatDateTime, formatDuration, formatTime } from '../../../shared/format';
import { downloadExport } from '../transport/download';
import { EXPORT_FORMAT_IDS, type LearnedFromSet, type SessionDetailView } from '../../../shared/commands/sessions';
import { PLACEMENTS, PLACEMENT_WORDS } from '../../../shared/routines';

const SIDE_WORDS = { left: 'left', right: 'right', both: '' } as const;
const FORMAT_LABEL: Record<(typeof EXPORT_FORMAT_IDS)[number], string> = {
  csv: 'CSV (sets, samples, Strong)',
  json: 'SetBeat JSON',
  tcx: 'TCX',
  fit: 'FIT',
  html: 'Report (HTML)',
  pdf: 'Report (PDF)',
};
const SESSION_COLUMNS: DataColumn[] = [{ label: 'Date' }, { label: 'Session' }, { label: 'Routine' }, { label: 'Duration' }, { label: 'Sets', num: true }, { label: 'Reps', num: true }, { label: 'Avg HR', num: true }, { label: 'Max HR', num: true }];
const SET_COLUMNS: DataColumn[] = [{ label: '#' }, { label: 'Exercise' }, { label: 'Reps', num: true }, { label: 'Target', num: true }, { label: 'Time', num: true }, { label: 'Avg HR', num: true }, { label: 'Quality' }, { label: 'Correct' }];

/** Means of the stored per-rep figures, in the live screen's shape. */
export function setQuality(reps: SessionDetailView['sets'][number]['reps']): RepQualityFigures {
  const mean = (vals: (number | null)[]): number | null => {
    const v = vals.filter((x): x is number => x !== null && Number.isFinite(x));
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  const last = reps[reps.length - 1];
  return {
    impactG: mean(reps.map((r) => r.impactG)),
    swayG: mean(reps.map((r) => r.swayG)),
    downS: mean(reps.map((r) => r.downS)),
    upS: mean(reps.map((r) => r.upS)),
    lastImpactG: last?.impactG ?? null,
    lastSwayG: last?.swayG ?? null,
  };
}

/** The short note after a correction: SetBeat learned from it, and where that applies. */
export function learnedNote(l: LearnedFromSet): string {
  const where = PLACEMENTS.find((p) => p === l.placement);
  const worn = where ? ` (${PLACEMENT_WORDS[where].toLowerCase()})` : '';
  return `Learned from this correction: SetBeat counts your next ${l.name} sets${worn} with it. ${l.sets} ${l.sets === 1 ? 'set' : 'sets'} learned so far.`;
}

export function HistoryScreen() {
  const { client } = useEngine();
  const [search, setSearch] = useState('');
  const [openId, setOpenId] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const [undo, setUndo] = useState<{ name: string } | null>(null);
  const { data, error, loading } = useCommand('sessions.list', search ? { search } : {}, [tick]);
  const sessions = data?.sessions ?? [];

  useEffect(() => client.onEvent((e) => (e.event === 'sessions.changed' ? setTick((t) => t + 1) : undefined)), [client]);

  if (openId !== null) {
    return (
      <SessionDetailScreen
        id={openId}
        onBack={() => setOpenId(null)}
        onDeleted={(name) => {
          setOpenId(null);
          setUndo({ name });
        }}
      />
    );
  }
  return (
    <>
      <ScreenHeader title="History">
        <label className="search">
          <span className="visually-hidden">Search sessions</span>
          <input type="search" placeholder="Search sessions" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </ScreenHeader>
      {undo ? (
        <StatusNote>
          Deleted “{undo.name}”.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              void client.call('sessions.undoDelete', {}).then(() => setUndo(null));
            }}
          >
            Undo
          </button>
        </StatusNote>
      ) : null}
      {sessions.length > 0 ? (
        <Panel title="Export">
          <BulkExport labels={FORMAT_LABEL} />
        </Panel>
      ) : null}
      <Panel>
        {error ? <ErrorNote message={error} /> : null}
        {!error && !loading && sessions.length === 0 ? (
          <p className="empty">{search ? 'No session matches this search.' : 'No sessions yet. Finished workouts and imported recordings appear here.'}</p>
        ) : null}
        {sessions.length > 0 ? (
          <DataTable caption="Sessions" columns={SESSION_COLUMNS}>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td className="when">
                  {/* Breaks after the date, never inside it, on a narrow screen. */}
                  <span>{formatDate(s.startedAt)},</span> <span>{formatTime(s.startedAt)}</span>
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => setOpenId(s.id)}>
                    {s.name}
                  </button>
                  {s.status === 'recovered' ? (
                    <span className="tag" title="SetBeat stopped while this session was recording; it was recovered up to the last saved second.">
                      recovered
                    </span>
                  ) : null}
                </td>
                <td>{s.routineName ?? '–'}</td>
                <td>{formatDuration(s.durationS)}</td>
                <td className="num">{s.setCount}</td>
                <td className="num">{s.repCount}</td>
                <td className="num">{s.avgHr !== null ? Math.round(s.avgHr) : '–'}</td>
                <td className="num">{s.maxHr ?? '–'}</td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </Panel>
    </>
  );
}

function SessionDetailScreen({ id, onBack, onDeleted }: { id: number; onBack: () => void; onDeleted: (name: string) => void }) {
  const { client } = useEngine();
  const [detail, setDetail] = useState<SessionDetailView | null>(null);
  const [hr, setHr] = useState<{ tMs: number[]; bpm: number[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedExportNote | null>(null);

  useEffect(() => {
    let live = true;
    client.call('sessions.get', { id }).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    client.call('sessions.hr', { id, maxPoints: 2000 }).then(
      (s) => live && setHr(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, id]);

  const run = async (fn: () => Promise<SessionDetailView>): Promise<void> => {
    try {
      setDetail(await fn());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const hrXY = useMemo(() => {
    if (!hr || !detail) return null;
    return { xs: hr.tMs.map((t) => (t - detail.startedAt) / 1000), ys: hr.bpm };
  }, [hr, detail]);

  const repsXY = useMemo(() => {
    if (!detail) return null;
    const times = detail.sets.flatMap((s) => s.reps.map((r) => r.t)).sort((a, b) => a - b);
    return { xs: [0, ...times], ys: [0, ...times.map((_t, i) => i + 1)] };
  }, [detail]);

  /**
   * In a browser the file comes to this device as a download; in the window it is saved where
   * the person picks (a native dialog), then offered in its folder. Resolves with the note to
   * show, or null when there is nothing to say (the dialog was closed, or the saved note says it).
   */
  const exportOne = async (f: (typeof EXPORT_FORMAT_IDS)[number]): Promise<string | null> => {
    if (client.kind === 'web') {
      const d = await downloadExport(id, f);
      return `Downloaded ${d.fileName} (${formatBytes(d.bytes)}).`;
    }
    if (client.desktop) {
      const r = await client.desktop.save({ session: id, format: f });
      if (r.status === 'failed') throw new Error(r.message);
      if (r.status === 'saved') setSaved({ message: r.message, reveal: r.reveal });
      setNote(null);
      return null;
    }
    // A window without the dialog bridge: into the data folder's exports/, as before.
    const r = await client.call('sessions.export', { id, format: f });
    return `Saved ${r.files.length === 1 ? 'to' : `${r.files.length} files in`} ${r.files.length === 1 ? r.files[0].path : r.folder}`;
  };

  if (!detail) {
    return (
      <>
        <ScreenHeader title="History" />
        {error ? <ErrorNote message={error} /> : <p className="muted">Loading the session…</p>}
        <button type="button" className="button" onClick={onBack}>
          Back to all sessions
        </button>
      </>
    );
  }
  return (
    <>
      <ScreenHeader title="History">
        <button type="button" className="button" onClick={onBack}>
          Back to all sessions
        </button>
      </ScreenHeader>
      {error ? <ErrorNote message={error} /> : null}
      {note ? <StatusNote>{note}</StatusNote> : null}
      <Panel title={detail.name}>
        <p className="muted">
          {formatDateTime(detail.startedAt)} · {detail.routineName ?? 'No routine'} · {formatDuration(detail.durationS)} · {detail.setCount} {detail.setCount === 1 ? "set" : "sets"} · {detail.repCount} {detail.repCount === 1 ? "rep" : "reps"}
          {detail.avgHr !== null ? ` · avg ${Math.round(detail.avgHr)} bpm` : ''}
          {detail.maxHr !== null ? ` · max ${detail.maxHr} bpm` : ''}
          {detail.status === 'recovered' ? ' · recovered after an interruption' : ''}
        </p>
        <div className="field-row">
          <label className="field">
            <span>Name</span>
            <input
              type="text"
              defaultValue={detail.name}
              key={`name-${detail.name}`}
              onBlur={(e) => {
                const name = e.target.value.trim();
                if (name && name !== detail.name) void run(() => client.call('sessions.rename', { id, name }));
              }}
            />
          </label>
          <label className="field notes-field">
            <span>Notes</span>
            <textarea
              rows={2}
              defaultValue={detail.notes}
              key={`notes-${detail.notes}`}
              onBlur={(e) => {
                if (e.target.value !== detail.notes) void run(() => client.call('sessions.setNotes', { id, notes: e.target.value }));
              }}
            />
          </label>
        </div>
      </Panel>
      <div className="info-row">
        <Panel title="Heart rate">{hrXY && hrXY.xs.length > 1 ? <SeriesChart xs={hrXY.xs} ys={hrXY.ys} label="Heart rate over the session" /> : <p className="muted">No heart rate was recorded.</p>}</Panel>
        <Panel title="Reps over time">{repsXY && repsXY.xs.length > 1 ? <SeriesChart xs={repsXY.xs} ys={repsXY.ys} steps label="Reps counted over the session" /> : <p className="muted">No reps were detected.</p>}</Panel>
      </div>
      <Panel title="Sets">
        {detail.sets.length === 0 ? (
          <p className="empty">No sets in this session.</p>
        ) : (
          <DataTable caption="Sets of this session" columns={SET_COLUMNS}>
            {detail.sets.map((s, i) => {
              const reps = s.repsCorrected ?? s.repsDetected;
              const label = `${s.exerciseName}${SIDE_WORDS[s.side] ? `, ${SIDE_WORDS[s.side]}` : ''}, set ${i + 1}`;
              const correct = (to: number | null): void =>
                void run(async () => {
                  const r = await client.call('sessions.correctReps', { sessionId: id, setId: s.id, reps: to });
                  setNote(r.learned ? learnedNote(r.learned) : null);
                  return r;
                });
              return (
                <tr key={s.id}>
                  <td>{i + 1}</td>
                  <td>
                    {s.exerciseName}
                    {SIDE_WORDS[s.side] ? <span className="muted"> · {SIDE_WORDS[s.side]}</span> : null}
                  </td>
                  <td className="num">
                    {reps}
                    {s.repsCorrected !== null ? <span className="muted"> (detected {s.repsDetected})</span> : null}
                  </td>
                  <td className="num">{s.target ?? '–'}</td>
                  <td className="num">{s.endedAt !== null ? formatDuration((s.endedAt - s.startedAt) / 1000) : '–'}</td>
                  <td className="num">{s.avgHr !== null ? Math.round(s.avgHr) : '–'}</td>
                  <td>
                    <QualityFigures quality={setQuality(s.reps)} title={`Quality of ${label}`} />
                  </td>
                  <td className="row-actions">
                    <RepCorrectionButtons
                      label={label}
                      fewerDisabled={reps <= 0}
                      onAdjust={(delta) => correct(reps + delta)}
                      onReset={s.repsCorrected !== null ? () => correct(null) : undefined}
                    />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Panel>
      <Panel title="Export">
        <div className="action-row">
          {EXPORT_FORMAT_IDS.map((f) => (
            <button
              key={f}
              type="button"
              className="button"
              disabled={exporting !== null}
              onClick={() => {
                setExporting(f);
                setSaved(null);
                void exportOne(f).then(
                  (text) => {
                    setError(null);
                    if (text !== null) setNote(text);
                    setExporting(null);
                  },
                  (e: unknown) => {
                    setError(e instanceof Error ? e.message : String(e));
                    setExporting(null);
                  },
                );
              }}
            >
              {exporting === f ? 'Exporting…' : FORMAT_LABEL[f]}
            </button>
          ))}
        </div>
        {saved && client.desktop ? <SavedNote saved={saved} desktop={client.desktop} /> : null}
      </Panel>
      <Panel title="Delete">
        <button
          type="button"
          className="button danger"
          onClick={() => {
            client.call('sessions.delete', { id }).then(
              () => onDeleted(detail.name),
              (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
            );
          }}
        >
          Delete this session
        </button>
        <p className="muted">You can undo this from the list.</p>
      </Panel>
    </>
  );
}
