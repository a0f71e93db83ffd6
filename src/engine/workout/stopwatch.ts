/** Elapsed time that stops while paused: set timers and rest countdowns both use it. */
export class Stopwatch {
  private pausedAt: number | null = null;
  private pausedMs = 0;

  constructor(readonly startedAt: number) {}

  pause(now: number): void {
    if (this.pausedAt === null) this.pausedAt = now;
  }

  resume(now: number): void {
    if (this.pausedAt === null) return;
    this.pausedMs += Math.max(0, now - this.pausedAt);
    this.pausedAt = null;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  elapsedMs(now: number): number {
    const end = this.pausedAt ?? now;
    return Math.max(0, end - this.startedAt - this.pausedMs);
  }
}
