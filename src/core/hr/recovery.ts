/**
 * Heart-rate recovery after a set: the drop from the heart rate at the end of the set to the
 * heart rate 60 s later (HRR60). Shown live while resting (drop so far) and final at 60 s.
 * The HR at a moment is the mean of the readings in the 5 s before it, so one odd reading does
 * not set the figure.
 */

export interface RecoveryView {
  /** bpm when the set ended (null: no heart rate then). */
  startBpm: number | null;
  /** Latest smoothed bpm. */
  nowBpm: number | null;
  /** startBpm - nowBpm so far; positive is a drop. */
  dropBpm: number | null;
  /** Seconds since the set ended. */
  elapsedS: number;
  /** True once 60 s have passed: dropBpm is then HRR60. */
  done: boolean;
}

const SMOOTH_MS = 5000;
export const RECOVERY_WINDOW_MS = 60_000;

export class HrRecovery {
  private readonly readings: { tMs: number; bpm: number }[] = [];
  private startBpm: number | null = null;
  private endedAt: number | null = null;
  private finalDrop: number | null = null;
  private finalNow: number | null = null;

  /** Every heart-rate reading, set or rest. */
  pushHr(tMs: number, bpm: number): void {
    if (!(bpm > 0)) return;
    this.readings.push({ tMs, bpm });
    while (this.readings.length > 0 && this.readings[0].tMs < tMs - SMOOTH_MS) this.readings.shift();
    if (this.endedAt !== null && this.finalDrop === null && tMs >= this.endedAt + RECOVERY_WINDOW_MS) {
      this.finalNow = this.smoothed();
      this.finalDrop = this.startBpm !== null && this.finalNow !== null ? this.startBpm - this.finalNow : null;
    }
  }

  /** The set ended now: recovery starts from the current heart rate. */
  setEnded(tMs: number): void {
    this.endedAt = tMs;
    this.startBpm = this.smoothed();
    this.finalDrop = null;
    this.finalNow = null;
  }

  /** A new set started: the recovery shown so far stays as the last result. */
  view(nowMs: number): RecoveryView | null {
    if (this.endedAt === null) return null;
    const elapsedS = Math.max(0, (nowMs - this.endedAt) / 1000);
    if (this.finalDrop !== null || this.finalNow !== null) {
      return { startBpm: this.startBpm, nowBpm: this.finalNow, dropBpm: this.finalDrop, elapsedS, done: true };
    }
    const now = this.smoothed();
    const drop = this.startBpm !== null && now !== null ? this.startBpm - now : null;
    return { startBpm: this.startBpm, nowBpm: now, dropBpm: drop, elapsedS, done: elapsedS >= RECOVERY_WINDOW_MS / 1000 };
  }

  private smoothed(): number | null {
    if (this.readings.length === 0) return null;
    let s = 0;
    for (const r of this.readings) s += r.bpm;
    return Math.round(s / this.readings.length);
  }
}
