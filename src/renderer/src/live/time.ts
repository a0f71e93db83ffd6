import { formatClock } from '../../../shared/format';

/** Clock text for set timers and rest countdowns ("0:42", "12:05", "1:02:09"): the shared one. */
export { formatClock };

/** Countdowns round up: "0:01" is shown until the rest is really over. */
export function formatCountdown(remainingS: number): string {
  return formatClock(Math.ceil(Math.max(0, remainingS) - 1e-9));
}

/** Words for screen readers: "1 minute 5 seconds". */
export function spokenDuration(totalS: number): string {
  const s = Math.max(0, Math.round(totalS));
  const m = Math.floor(s / 60);
  const sec = s % 60;
  const parts: string[] = [];
  if (m > 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (sec > 0 || m === 0) parts.push(`${sec} second${sec === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** The rest's last seconds that beep (3, 2, 1 and a longer one at 0). */
export const BEEP_AT_S = [3, 2, 1, 0] as const;

/**
 * Which beep, if any, is due as the countdown moves from `prevS` to `nowS` remaining: the
 * beep for a whole second is due once, when the countdown crosses it.
 */
export function beepDue(prevS: number | null, nowS: number): number | null {
  if (prevS === null || nowS >= prevS) return null;
  for (const b of BEEP_AT_S) if (prevS > b && nowS <= b) return b;
  return null;
}

/**
 * The beep due as the rest display moves from `prevS` to `nowS` (null: no rest running).
 * The engine ends a rest the moment it runs out, so the countdown rarely shows 0:00: a rest
 * that ends within its last second sounds the final, long beep too.
 */
export function restBeep(prevS: number | null, nowS: number | null): number | null {
  if (nowS === null) return prevS !== null && prevS <= 1 ? 0 : null;
  return beepDue(prevS, nowS);
}
