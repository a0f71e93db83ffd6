/**
 * The workout's session in the store, written while it happens through the store's live
 * writer. A store failure never stops the live screen: it is shown, told and the writer keeps
 * its queue and retries.
 */
import type { Rep } from '../../shared/domain';
import type { RoutineSpec } from '../../shared/routines';
import { formatDate } from '../../shared/format';
import { Banner, BANNER_BACK_MS } from './banner';
import type { PlanItem } from './plan';
import type { LiveWriter, WorkoutStorePort } from './ports';

/** Where the recording reports: notices the person reads, History refreshes, a new frame. */
export interface RecordingReports {
  notice(level: 'info' | 'warning' | 'error', message: string): void;
  sessionsChanged(reason: string): void;
  changed(): void;
  /** A write the banner shows but no notice tells (for the log). */
  writeFailed(message: string): void;
}

/** A failed write stays on the banner this long (the writer retries meanwhile). */
const WRITE_FAILED_SHOWN_MS = 10_000;

export class SessionRecording {
  /** The last write failure reported: a failing disk is logged once, not per sample batch. */
  private lastWriteError: string | null = null;

  private constructor(
    private readonly writer: LiveWriter | null,
    private readonly store: () => WorkoutStorePort | null,
    private readonly banner: Banner,
    private readonly reports: RecordingReports,
    private readonly now: () => number,
  ) {}

  /** Opens the session in the store, or says on the banner why this workout is not saved. */
  static open(
    routine: RoutineSpec,
    startedAt: number,
    store: () => WorkoutStorePort | null,
    banner: Banner,
    reports: RecordingReports,
    now: () => number,
  ): SessionRecording {
    const s = store();
    let writer: LiveWriter | null = null;
    if (!s) {
      banner.set('warning', 'This workout is not being saved: the database is not open.', null);
      return new SessionRecording(null, store, banner, reports, now);
    }
    try {
      writer = s.beginSession(
        { name: `${routine.name}, ${formatDate(startedAt)}`, routineName: routine.name, startedAt },
        {
          // Flushes run on the writer's timer, out of reach of write(): say so here.
          onError: (err) => {
            banner.set('warning', `Saving is failing: ${err.message}`, null);
            reports.notice('error', err.message);
            reports.changed();
          },
          onResumed: () => {
            const text = 'Saving works again: everything kept in memory is now on disk.';
            banner.set('info', text, now() + BANNER_BACK_MS);
            reports.notice('info', text);
            reports.changed();
          },
        },
      );
    } catch (err) {
      banner.set('warning', `This workout is not being saved: ${message(err)}`, null);
    }
    return new SessionRecording(writer, store, banner, reports, now);
  }

  get sessionId(): number | null {
    return this.writer?.sessionId ?? null;
  }

  get saving(): boolean {
    return this.writer !== null;
  }

  /** Runs one write; a failure goes on the banner, the live screen goes on. */
  write(fn: (w: LiveWriter) => void): void {
    if (!this.writer) return;
    try {
      fn(this.writer);
      this.lastWriteError = null;
    } catch (err) {
      const text = message(err);
      this.banner.set('warning', `Saving is failing: ${text}`, this.now() + WRITE_FAILED_SHOWN_MS);
      if (text !== this.lastWriteError) this.reports.writeFailed(text);
      this.lastWriteError = text;
    }
  }

  /** The set's row id, or null when it could not be saved (the set runs all the same). */
  startSet(item: PlanItem, order: number, startedAt: number): number | null {
    if (!this.writer) return null;
    try {
      return this.writer.startSet({ exerciseId: item.exerciseId, side: item.side, order, startedAt, target: item.target });
    } catch (err) {
      this.reports.notice('error', `The set could not be saved: ${message(err)}`);
      return null;
    }
  }

  endSet(item: PlanItem, endedAt: number, finished: boolean): void {
    if (!this.writer || item.setId === null) return;
    try {
      this.writer.endSet(item.setId, endedAt);
      if (item.correction !== 0) this.saveCorrection(item, finished);
    } catch (err) {
      this.reports.notice('error', `The end of the set could not be saved: ${message(err)}`);
    }
  }

  saveCorrection(item: PlanItem, finished: boolean): void {
    const store = this.store();
    if (!store || item.setId === null || item.repsDetected === null) return;
    try {
      // The row must be on disk before it can be corrected (a finished session already is).
      if (!finished) this.writer?.flush();
      store.correctSetReps(item.setId, item.correction === 0 ? null : Math.max(0, item.repsDetected + item.correction));
      this.reports.sessionsChanged('reps corrected');
    } catch (err) {
      this.reports.notice('error', `The corrected count could not be saved: ${message(err)}`);
    }
  }

  addRep(setId: number, rep: Rep): void {
    this.write((w) => w.addRep(setId, rep));
  }

  retractRep(setId: number, t: number, reason: string): void {
    this.write((w) => w.retractRep(setId, t, reason));
  }

  /** Closes the session; `openGaps` are sensors that never came back (holes to the end). */
  finish(endedAt: number, openGaps: [string, number][]): void {
    if (!this.writer) return;
    // A hole left open would look like a complete recording: record it to the end.
    for (const [id, from] of openGaps) this.write((w) => w.markGap(id, from, Math.max(from, endedAt)));
    try {
      this.writer.finish(endedAt);
    } catch (err) {
      this.reports.notice('error', `The session could not be closed cleanly: ${message(err)}`);
    }
  }
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
