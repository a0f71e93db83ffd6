/**
 * Shell-wide messages that matter on every screen: a database that could not be opened (with
 * the way out where there is one), sessions recovered after a crash, and engine notices.
 */
import { useEffect, useState } from 'react';
import { useEngine } from '../engine-context';

interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export function AppBanners({ onOpenHistory }: { onOpenHistory: () => void }) {
  const { client, info, refreshInfo } = useEngine();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [recoveredSeen, setRecoveredSeen] = useState(false);

  useEffect(
    () =>
      client.onEvent((e) => {
        if (e.event !== 'notice') return;
        // Keep the last few; a flood of notices must not grow without bound.
        setNotices((prev) => [...prev.slice(-3), { id: Date.now() + Math.random(), ...e.payload }]);
      }),
    [client],
  );

  const startFresh = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await client.call('database.startFresh', {});
      refreshInfo();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const canStartFresh = info?.databaseProblemKind === 'corrupt' || info?.databaseProblemKind === 'newer-version';
  const recovered = info?.recoveredSessions ?? [];

  return (
    <div className="app-banners">
      {info?.databaseProblem ? (
        <div className="app-banner app-banner-error" role="alert">
          <p className="app-banner-title">Your sessions cannot be saved right now</p>
          <p>{info.databaseProblem}</p>
          {canStartFresh ? (
            <p>
              <button type="button" className="button primary" disabled={busy} onClick={() => void startFresh()}>
                Start a new database beside it
              </button>{' '}
              <span className="muted">The old file stays exactly as it is.</span>
            </p>
          ) : null}
          {failure ? <p>{failure}</p> : null}
        </div>
      ) : null}
      {recovered.length > 0 && !recoveredSeen ? (
        <div className="app-banner app-banner-info" role="status">
          <p>
            {recovered.length === 1
              ? `“${recovered[0].name}” was interrupted and has been recovered up to its last saved second.`
              : `${recovered.length} interrupted sessions were recovered up to their last saved second.`}{' '}
            <button type="button" className="link-button" onClick={onOpenHistory}>
              See History
            </button>{' '}
            <button type="button" className="link-button" onClick={() => setRecoveredSeen(true)}>
              Dismiss
            </button>
          </p>
        </div>
      ) : null}
      {notices.map((n) => (
        <div key={n.id} className={`app-banner app-banner-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <p>
            {n.message}{' '}
            <button type="button" className="link-button" onClick={() => setNotices((prev) => prev.filter((x) => x.id !== n.id))}>
              Dismiss
            </button>
          </p>
        </div>
      ))}
    </div>
  );
}
