import { useEngine } from '../engine-context';

const LABELS = {
  open: 'Engine connected',
  connecting: 'Connecting to the engine…',
  closed: 'Engine disconnected — retrying',
} as const;

export function ConnectionBadge() {
  const { connection, info } = useEngine();
  const where = info ? (info.transport === 'electron' ? 'desktop' : 'web') : null;
  return (
    <div className={`badge badge-${connection}`} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {LABELS[connection]}
      {connection === 'open' && where ? <span className="badge-detail"> · {where}</span> : null}
    </div>
  );
}
