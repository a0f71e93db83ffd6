/** The one line across the live screen: a sensor dropping out, saving failing, and so on. */
import type { WorkoutView } from '../../shared/commands/workout';

/** How long good news stays up. */
export const BANNER_BACK_MS = 6000;

export class Banner {
  private shown: { level: 'info' | 'warning'; message: string; untilMs: number | null } | null = null;

  /** Shows `text` until `untilMs` (null: until replaced or cleared). */
  set(level: 'info' | 'warning', text: string, untilMs: number | null): void {
    this.shown = { level, message: text.slice(0, 500), untilMs };
  }

  clear(): void {
    this.shown = null;
  }

  view(nowMs: number): WorkoutView['banner'] {
    if (this.shown && this.shown.untilMs !== null && nowMs > this.shown.untilMs) this.shown = null;
    return this.shown ? { level: this.shown.level, message: this.shown.message } : null;
  }
}
