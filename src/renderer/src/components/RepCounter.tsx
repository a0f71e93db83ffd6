export interface RepCounterProps {
  reps: number;
  target: number | null;
  /** Reps as detected, when a correction changed the count. */
  detected: number | null;
  onAdjust?: (delta: number) => void;
  disabled?: boolean;
  /** The tile's heading: "Reps" for the set under way, "Last set" in a rest. */
  title?: string;
  /** Which set the count belongs to, when it is not the one named above the tiles. */
  caption?: string | null;
}

/** The count that ticks as reps are detected, with the +/- correction buttons beside it. */
export function RepCounter({ reps, target, detected, onAdjust, disabled, title = 'Reps', caption = null }: RepCounterProps) {
  const label = `Reps ${reps}${target !== null ? ` of ${target}` : ''}`;
  const reached = target !== null && reps >= target;
  return (
    <section className="live-tile rep-tile" aria-label="Rep counter" data-reached={reached ? 'true' : undefined}>
      <p className="tile-label">{title}</p>
      {caption ? <p className="tile-caption">{caption}</p> : null}
      <p className="rep-value" role="status" aria-label={label}>
        <span className="rep-number" aria-hidden="true" key={reps}>
          {reps}
        </span>
        {target !== null ? (
          <span className="rep-target" aria-hidden="true">
            / {target}
          </span>
        ) : null}
      </p>
      {detected !== null && detected !== reps ? <p className="tile-foot">Detected {detected}, corrected to {reps}</p> : null}
      {onAdjust ? (
        <div className="rep-adjust">
          <button type="button" className="round-button" aria-label="One rep fewer" disabled={disabled || reps <= 0} onClick={() => onAdjust(-1)}>
            −
          </button>
          <button type="button" className="round-button" aria-label="One rep more" disabled={disabled} onClick={() => onAdjust(1)}>
            +
          </button>
        </div>
      ) : null}
    </section>
  );
}
