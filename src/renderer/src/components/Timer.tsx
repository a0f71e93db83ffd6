import { formatClock, formatCountdown, spokenDuration } from '../live/time';

/** A set timer (counting up) or a rest countdown (counting down), big and labelled. */
export function Timer({ label, seconds, countdown, totalS }: { label: string; seconds: number; countdown?: boolean; totalS?: number }) {
  const text = countdown ? formatCountdown(seconds) : formatClock(seconds);
  const near = countdown && seconds <= 10;
  return (
    <section className="live-tile timer-tile" aria-label={label} data-near={near ? 'true' : undefined}>
      <p className="tile-label">{label}</p>
      <p className="timer-value">
        <time aria-label={`${label} ${spokenDuration(countdown ? Math.ceil(seconds) : seconds)}`} dateTime={`PT${Math.round(seconds)}S`}>
          {text}
        </time>
      </p>
      {countdown && totalS ? (
        <div className="countdown-bar" aria-hidden="true">
          <div style={{ width: `${Math.max(0, Math.min(100, (seconds / totalS) * 100))}%` }} />
        </div>
      ) : null}
    </section>
  );
}
