/**
 * Small streaming filters that take the time step of every sample, so they behave the same
 * at 12.5 Hz and 200 Hz and tolerate irregular timestamps (no fixed-rate design).
 */

/** Smoothing factor of a one-pole low-pass with cutoff fc for a step of dt seconds. */
export function onePoleAlpha(fcHz: number, dt: number): number {
  return 1 - Math.exp(-2 * Math.PI * fcHz * dt);
}

/**
 * A sample's numbers by slot, for the filters' `run`: slot DT_SLOT holds the time step (s), the
 * others what the caller puts there. `run` reads its input from a slot and writes its output to
 * one instead of taking and returning numbers: a call V8 does not inline (its inlining budget
 * runs out in a long per-sample function) boxes number arguments and results, a heap number
 * each, garbage per sample; an array and slot indices are not boxed.
 */
export type Slots = Float64Array;
export const DT_SLOT = 0;

/** What `push(x, dt)` hands to `run` (one thread, and `run` calls no other filter). */
const pushSlots = new Float64Array(3);
const IN = 1;
const OUT = 2;

/** A filter's `push(x, dt)` by way of its `run` (which writes its output to the out slot). */
function pushThrough(f: { run(v: Slots, from: number, to: number): void }, x: number, dt: number): number {
  pushSlots[DT_SLOT] = dt;
  pushSlots[IN] = x;
  f.run(pushSlots, IN, OUT);
  return pushSlots[OUT];
}

/**
 * 1 - exp(-k * dt), remembering the last dt: sample steps repeat, exp() is the hot spot. Takes
 * the step from a slot and leaves the factor in `value` (see Slots: no number crosses the call).
 */
class StepFactor {
  private dt = -1;
  value = 0;
  constructor(private readonly k: number) {}
  /**
   * The factor for `k`, one object shared by the filters of that rate: the three axes of a
   * stage step together, so the second and third find their factor computed (the dt is the same).
   * The value depends on k and dt alone, so sharing changes no result.
   */
  static shared(k: number): StepFactor {
    let f = sharedFactors.get(k);
    if (f === undefined) {
      // Bounded: learning tries grids of tunings, each with its own band edges.
      if (sharedFactors.size >= MAX_SHARED_FACTORS) sharedFactors.clear();
      f = new StepFactor(k);
      sharedFactors.set(k, f);
    }
    return f;
  }
  update(v: Slots): void {
    const dt = v[DT_SLOT];
    if (dt !== this.dt) {
      this.dt = dt;
      const x = this.k * dt;
      // Jittered steps change dt every sample: a short series is exact to 1e-7 where x is small.
      this.value = x < 0.1 ? x * (1 - (x / 2) * (1 - (x / 3) * (1 - x / 4))) : 1 - Math.exp(-x);
    }
  }
}

const sharedFactors = new Map<number, StepFactor>();
const MAX_SHARED_FACTORS = 64;

/**
 * One-pole low-pass; `reset` seeds it so a start or a gap does not ring. With `warmStart`, it
 * is a plain running mean until its time constant has elapsed, so a slow baseline does not
 * stay stuck on the first sample when the stream starts mid-movement.
 */
export class LowPass {
  value = 0;
  private primed = false;
  private elapsed = 0;
  private readonly factor: StepFactor;
  constructor(
    readonly fcHz: number,
    readonly warmStart = false,
  ) {
    this.factor = StepFactor.shared(2 * Math.PI * fcHz);
  }
  push(x: number, dt: number): number {
    return pushThrough(this, x, dt);
  }
  /** One sample: v[from] in, the filtered value to v[to] (and `value`); the step in v[DT_SLOT]. */
  run(v: Slots, from: number, to: number): void {
    const x = v[from];
    if (!this.primed) {
      this.value = x;
      this.primed = true;
      this.elapsed = 0;
    } else {
      const dt = v[DT_SLOT];
      this.factor.update(v);
      let alpha = this.factor.value;
      if (this.warmStart && this.elapsed * 2 * Math.PI * this.fcHz < 1) {
        this.elapsed += dt;
        alpha = Math.max(alpha, dt / (this.elapsed + dt));
      }
      this.value += alpha * (x - this.value);
    }
    v[to] = this.value;
  }
  reset(): void {
    this.primed = false;
  }
}

/**
 * Two cascaded one-poles: critically damped, -12 dB/octave, group delay ~ 2/(2 pi fc). Both
 * poles in one object with one step factor: a third of the bytecode of two LowPass, so the hot
 * per-sample code can inline it (a call that is not inlined boxes its numbers: garbage per sample).
 */
export class LowPass2 {
  /** The first pole's output. */
  private mid = 0;
  private out = 0;
  private primed = false;
  private readonly factor: StepFactor;
  constructor(readonly fcHz: number) {
    this.factor = StepFactor.shared(2 * Math.PI * fcHz);
  }
  push(x: number, dt: number): number {
    return pushThrough(this, x, dt);
  }
  /** One sample: v[from] in, the filtered value to v[to]; the step in v[DT_SLOT]. */
  run(v: Slots, from: number, to: number): void {
    const x = v[from];
    if (!this.primed) {
      this.mid = x;
      this.out = x;
      this.primed = true;
    } else {
      this.factor.update(v);
      const alpha = this.factor.value;
      this.mid += alpha * (x - this.mid);
      this.out += alpha * (this.mid - this.out);
    }
    v[to] = this.out;
  }
  get value(): number {
    return this.out;
  }
  /** Approximate low-frequency group delay in seconds. */
  get delayS(): number {
    return 2 / (2 * Math.PI * this.fcHz);
  }
  reset(): void {
    this.primed = false;
  }
}

/** Exponentially weighted mean square with a time constant in seconds. */
export class RunningPower {
  value = 0;
  private primed = false;
  private readonly factor: StepFactor;
  constructor(readonly tauS: number) {
    this.factor = StepFactor.shared(1 / tauS);
  }
  push(x: number, dt: number): number {
    pushSlots[DT_SLOT] = dt;
    pushSlots[IN] = x;
    this.run(pushSlots, IN);
    return this.value;
  }
  /** One sample: v[from] in (the step in v[DT_SLOT]); the mean square is `value`. */
  run(v: Slots, from: number): void {
    const x = v[from];
    const sq = x * x;
    if (!this.primed) {
      this.value = sq;
      this.primed = true;
    } else {
      this.factor.update(v);
      this.value += this.factor.value * (sq - this.value);
    }
  }
  get rms(): number {
    return Math.sqrt(this.value);
  }
  reset(): void {
    this.primed = false;
    this.value = 0;
  }
}

/**
 * On-line principal axis of a 3-D signal: exponentially weighted covariance and one
 * power-iteration step per sample, keeping the axis's sign continuous.
 */
export class PrincipalAxis {
  private c = [0, 0, 0, 0, 0, 0]; // xx yy zz xy xz yz
  axis: [number, number, number] = [1, 0, 0];
  private primed = false;
  constructor(readonly tauS: number) {}
  push(x: number, y: number, z: number, dt: number): [number, number, number] {
    const k = this.primed ? 1 - Math.exp(-dt / this.tauS) : 1;
    this.primed = true;
    const c = this.c;
    c[0] += k * (x * x - c[0]);
    c[1] += k * (y * y - c[1]);
    c[2] += k * (z * z - c[2]);
    c[3] += k * (x * y - c[3]);
    c[4] += k * (x * z - c[4]);
    c[5] += k * (y * z - c[5]);
    const [ax, ay, az] = this.axis;
    const nx = c[0] * ax + c[3] * ay + c[4] * az;
    const ny = c[3] * ax + c[1] * ay + c[5] * az;
    const nz = c[4] * ax + c[5] * ay + c[2] * az;
    const n = Math.hypot(nx, ny, nz);
    if (n > 1e-12) {
      this.axis = [nx / n, ny / n, nz / n];
    }
    return this.axis;
  }
  /** Variance along the axis. */
  get variance(): number {
    const c = this.c;
    const [x, y, z] = this.axis;
    return c[0] * x * x + c[1] * y * y + c[2] * z * z + 2 * (c[3] * x * y + c[4] * x * z + c[5] * y * z);
  }
  reset(): void {
    this.c = [0, 0, 0, 0, 0, 0];
    this.primed = false;
  }
}
