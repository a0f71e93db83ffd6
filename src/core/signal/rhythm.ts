/**
 * Step rhythm: how periodic a signal is at walking/jogging step periods (0.3-0.75 s). Walking
 * is a steady train of steps, a lunge or a box landing is one impact every few seconds; the
 * normalized autocorrelation at the step period tells them apart whatever the impact size.
 *
 * The input is resampled (sample-and-hold) onto a fixed 25 Hz grid so the figure is the same
 * at any sensor rate; a 3 s window is re-scored every 0.2 s.
 */
const GRID_HZ = 25;
/** The window a score looks back over: no score comes sooner after a stream starts. */
export const STEP_RHYTHM_WINDOW_S = 3;
const WINDOW = STEP_RHYTHM_WINDOW_S * GRID_HZ;
const MIN_LAG = Math.round(0.3 * GRID_HZ);
const MAX_LAG = Math.round(0.75 * GRID_HZ);
const EVERY = Math.round(0.2 * GRID_HZ);

/** What push() hands to run() (one thread; run() calls no other push). */
const args = new Float64Array(2);

export class StepRhythm {
  private buf = new Float64Array(WINDOW);
  /** The window in time order, less its mean (scoring reads it 12 times over: no ring index). */
  private centred = new Float64Array(WINDOW);
  private n = 0;
  /** The next grid time, once `started` (a number|null field boxes every number stored in it). */
  private next = 0;
  private started = false;
  private since = 0;
  /** Latest score: 0 (no rhythm) .. 1 (perfectly periodic). */
  value = 0;

  push(x: number, t: number): number {
    args[0] = x;
    args[1] = t;
    this.run(args, 0, 1);
    return this.value;
  }

  /**
   * push() with its numbers in slots, v[x] at time v[t]; the score is `value`. A call V8 does
   * not inline boxes its number arguments and result (garbage per sample), slots are not.
   */
  run(v: Float64Array, xSlot: number, tSlot: number): void {
    const x = v[xSlot];
    const t = v[tSlot];
    if (!this.started) {
      this.next = t;
      this.started = true;
    }
    // A gap longer than the window leaves only the held value in it: fill it at once (walking
    // a 1e9 s gap grid step by grid step never ended) and score the flat window as no rhythm.
    if (t - this.next > WINDOW / GRID_HZ) {
      this.buf.fill(x);
      this.n += WINDOW;
      this.next += Math.floor((t - this.next) * GRID_HZ) / GRID_HZ;
      this.since = 0;
      this.value = 0;
    }
    while (t >= this.next) {
      this.buf[this.n % WINDOW] = x;
      this.n++;
      this.next += 1 / GRID_HZ;
      if (++this.since >= EVERY && this.n >= WINDOW) {
        this.since = 0;
        this.value = this.score();
      }
    }
  }

  private score(): number {
    const start = this.n - WINDOW;
    const x = this.centred;
    let mean = 0;
    for (let i = 0; i < WINDOW; i++) {
      x[i] = this.buf[(start + i) % WINDOW];
      mean += x[i];
    }
    mean /= WINDOW;
    let e = 0;
    for (let i = 0; i < WINDOW; i++) {
      x[i] -= mean;
      e += x[i] ** 2;
    }
    if (e <= 1e-12) return 0;
    let best = 0;
    for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
      let c = 0;
      for (let i = 0; i + lag < WINDOW; i++) c += x[i] * x[i + lag];
      // Biased (divided by the whole window's energy): one lone swing scores low, a train high.
      const r = c / e;
      if (r > best) best = r;
    }
    return Math.min(1, best);
  }

  reset(): void {
    this.n = 0;
    this.started = false;
    this.since = 0;
    this.value = 0;
  }
}
