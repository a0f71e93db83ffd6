/**
 * Time as the Bluetooth side sees it. Real sensors use the wall clock; the simulator may run
 * faster (a replay at 10x) or on a manual clock in tests, and then everything downstream
 * (notification receive times, reconnect back-off) must use the same clock, or timestamps
 * and schedules disagree.
 */

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Epoch milliseconds in this clock's time. */
  now(): number;
  /** Runs fn after delayMs of this clock's time. */
  after(delayMs: number, fn: () => void): TimerHandle;
}

/**
 * setTimeout fires at once (with a warning) for anything over 2^31-1 ms; a "never" such as a
 * GATT answer withheld for good must wait that long instead, not run immediately.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;
const timerMs = (ms: number): number => Math.min(MAX_TIMER_MS, Math.max(0, ms));

export const wallClock: Clock = {
  now: () => Date.now(),
  after(delayMs, fn) {
    const t = setTimeout(fn, timerMs(delayMs));
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * A clock running `speed` times faster than the wall from `originMs` (both fixed, so that a
 * restarted child process agrees with its predecessor on what time it is).
 */
export function scaledClock(speed: number, originMs: number): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  if (speed === 1) return wallClock;
  return {
    now: () => originMs + (Date.now() - originMs) * speed,
    after(delayMs, fn) {
      const t = setTimeout(fn, timerMs(delayMs / speed));
      return { cancel: () => clearTimeout(t) };
    },
  };
}

/** A clock that moves only when a test says so; timers fire in time order during advance(). */
export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void; live: boolean }[] = [];

  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  after(delayMs: number, fn: () => void): TimerHandle {
    const timer = { at: this.t + Math.max(0, delayMs), seq: this.seq++, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }

  /**
   * Moves time forward without firing anything, as a blocked event loop does: what fell due
   * meanwhile runs late, all at once, at the next advance().
   */
  stall(ms: number): void {
    this.t += Math.max(0, ms);
  }

  /** Moves time forward, firing due timers in order; awaits `settle` after each so promise chains run. */
  async advance(ms: number, settle: () => Promise<void> = flushIo): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers = this.timers.filter((x) => x.live);
      let next: (typeof this.timers)[number] | undefined;
      for (const x of this.timers) if (x.at <= end && (!next || x.at < next.at || (x.at === next.at && x.seq < next.seq))) next = x;
      if (!next) break;
      this.t = Math.max(this.t, next.at);
      next.live = false;
      next.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

/** Lets setImmediate/nextTick/promise work queued so far run (noble answers through setImmediate). */
export async function flushIo(rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}
