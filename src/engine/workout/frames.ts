/**
 * Frame coalescing: however fast samples arrive, the live view goes out at most once per
 * frame period (33 ms: ~30 Hz), plus a slow tick while a clock runs on screen. Wall-clock
 * timers: frames pace the screen, not the workout's (possibly simulated) clock.
 */
export class FrameCoalescer {
  private frameTimer: ReturnType<typeof setTimeout> | null = null;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private closed = false;

  constructor(
    private readonly send: () => void,
    private readonly frameMs = 33,
    private readonly tickMs = 250,
  ) {}

  /** Something changed: a frame goes out within the frame period. */
  markDirty(): void {
    if (this.frameTimer || this.closed) return;
    const wait = Math.max(0, this.lastFrameAt + this.frameMs - Date.now());
    this.frameTimer = setTimeout(() => {
      this.frameTimer = null;
      this.lastFrameAt = Date.now();
      this.send();
    }, wait);
    this.frameTimer.unref?.();
  }

  startTicking(): void {
    if (this.tickTimer) return;
    this.tickTimer = setInterval(() => this.markDirty(), this.tickMs);
    this.tickTimer.unref?.();
  }

  stopTicking(): void {
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** No more frames or ticks. */
  close(): void {
    this.closed = true;
    this.stopTicking();
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
  }
}
