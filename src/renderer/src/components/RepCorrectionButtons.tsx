/**
 * The buttons that correct a set's rep count: one fewer, one more and, where given, back to
 * the detected count. `label` names the set for screen readers ("Deadlift, set 2").
 */
export function RepCorrectionButtons({ label, onAdjust, fewerDisabled = false, onReset }: { label: string; onAdjust: (delta: -1 | 1) => void; fewerDisabled?: boolean; onReset?: () => void }) {
  return (
    <>
      <button type="button" className="small-button" aria-label={`One rep fewer: ${label}`} disabled={fewerDisabled} onClick={() => onAdjust(-1)}>
        −
      </button>
      <button type="button" className="small-button" aria-label={`One rep more: ${label}`} onClick={() => onAdjust(1)}>
        +
      </button>
      {onReset ? (
        <button type="button" className="small-button" aria-label={`Reset to the detected count: ${label}`} onClick={onReset}>
          Reset
        </button>
      ) : null}
    </>
  );
}
