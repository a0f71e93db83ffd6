/**
 * Sensor clock -> host clock, for streams whose samples carry the sensor's own times (Polar
 * PMD). host = sensor + offset. A notification can arrive late (radio retries, a busy process,
 * a burst after a stall) but never before its last sample was taken, so the offset is the
 * smallest arrival delay seen, and late frames never move it:
 *
 * - a frame arriving earlier than the offset predicts lowers it; the change is slewed (samples
 *   run SLEW slower until caught up), so times never go back, except across a hole in the
 *   samples, which takes up the change at once;
 * - a sensor clock slower than the host's makes every frame a little later: the offset rises to
 *   the smallest delay over two consecutive windows, by no more than a clock's rate error allows
 *   over the window (a stall can fill both windows: the process starved for 0.3 s at a 400x
 *   replay is 120 s of sensor time, and its late frames are not drift);
 * - a sensor clock that went back (reset) or is minutes off re-anchors on the frame's arrival.
 *
 * The state is a small anchor that whoever outlives the driver keeps and hands to the next one
 * (the Bluetooth process can be restarted), so after a reconnect a late first frame is still
 * placed by its sensor time, and a real gap in sensor time stays exactly that gap. Host times
 * are strictly increasing within a stream, whatever arrives.
 */

/** Where a sensor's clock stood against the host's after the last sample mapped. */
export interface SensorClockAnchor {
  /** host ms = sensor ms + offsetMs: the offset being converged to. */
  offsetMs: number;
  /** Sensor time (epoch ms on the sensor's clock) of the last sample mapped. */
  sensorMs: number;
  /** Host time given to that sample. */
  hostMs: number;
  /**
   * Sensors whose clock is a packet counter (generic IMU): the last packet's sequence and
   * sample count, so the next connection can count the packets sent in between.
   */
  packet?: { sequence: number; count: number };
}

/**
 * How much slower than real time samples run while a too-late offset catches up: 1 % keeps the
 * stream's rate true enough for a recording (5 ms at 200 Hz becomes 4.95 ms).
 */
export const SENSOR_CLOCK_SLEW = 0.01;
const SLEW = SENSOR_CLOCK_SLEW;
/** Window of sensor time over which the smallest delay is taken for a rising offset. */
const WINDOW_MS = 60_000;
/** Offsets this far apart are not delays or drift: one of the clocks was reset or set. */
const RESET_MS = 5 * 60_000;
/** Crystal drift between sensor and host, at most (H10-class clocks are tens of ppm). */
const MAX_DRIFT = 1e-4;
/**
 * How fast the offset may rise from the least delays of the windows: a sensor clock running
 * slow by up to this (crystals, or a generic IMU whose true rate is off its nominal one by up to
 * 0.1 %), 60 ms per 60 s window. Frames later than that are delayed, whatever the windows say.
 */
const MAX_RATE_ERROR = 1e-3;

export function isSensorClockAnchor(a: SensorClockAnchor | null | undefined): a is SensorClockAnchor {
  return !!a && Number.isFinite(a.offsetMs) && Number.isFinite(a.sensorMs) && Number.isFinite(a.hostMs);
}

export class SensorHostClock {
  private offset: number | null = null;
  private lastSensor = -Infinity;
  private lastHost = -Infinity;
  private windowStart = NaN;
  private windowMin = Infinity;
  private prevWindowMin = Infinity;
  /** Continuing an earlier connection's anchor: the first frame may show the drift since. */
  private restored = false;
  /** Frames that re-anchored the mapping (a reset sensor clock), not counting the first. */
  resyncs = 0;

  constructor(anchor?: SensorClockAnchor | null) {
    if (isSensorClockAnchor(anchor)) {
      this.offset = anchor.offsetMs;
      this.lastSensor = anchor.sensorMs;
      this.lastHost = anchor.hostMs;
      this.restored = true;
    }
  }

  get anchor(): SensorClockAnchor | null {
    return this.offset === null ? null : { offsetMs: this.offset, sensorMs: this.lastSensor, hostMs: this.lastHost };
  }

  /**
   * Host times of one frame's samples, given their sensor times (epoch ms, increasing) and
   * when the frame arrived (host epoch ms).
   */
  map(sensorMs: ArrayLike<number>, arrivalMs: number): Float64Array {
    const n = sensorMs.length;
    const out = new Float64Array(n);
    if (n === 0) return out;
    const first = sensorMs[0];
    const last = sensorMs[n - 1];
    const candidate = arrivalMs - last;
    let applied: number;
    let from: number;
    if (this.offset === null || last <= this.lastSensor || Math.abs(candidate - this.offset) > RESET_MS) {
      if (this.offset !== null) this.resyncs++;
      this.offset = candidate;
      applied = candidate;
      from = first;
      this.windowStart = first;
      this.windowMin = candidate;
      this.prevWindowMin = Infinity;
    } else {
      // The offset the previous sample was given; it slews from there towards the target.
      applied = this.lastHost - this.lastSensor;
      from = this.lastSensor;
      if (candidate < this.offset) this.offset = candidate;
      else if (this.restored) {
        // Late after a long absence can be drift as much as delay: believe drift up to its bound.
        this.offset += Math.min(candidate - this.offset, MAX_DRIFT * Math.max(0, first - this.lastSensor));
      }
      if (Number.isNaN(this.windowStart)) {
        this.windowStart = first;
        this.windowMin = candidate;
      } else if (last - this.windowStart >= WINDOW_MS) {
        if (this.windowMin !== Infinity && this.prevWindowMin !== Infinity) {
          const floor = Math.min(this.windowMin, this.prevWindowMin);
          if (floor > this.offset) this.offset = Math.min(floor, this.offset + MAX_RATE_ERROR * (last - this.windowStart));
        }
        this.prevWindowMin = this.windowMin;
        this.windowStart = last;
        this.windowMin = candidate;
      } else if (candidate < this.windowMin) {
        this.windowMin = candidate;
      }
      // A rising offset is a step forward: it only widens the space between two samples.
      if (this.offset > applied) applied = this.offset;
    }
    const target = this.offset;
    // Catching up needs no slewing where nothing was given out: across a hole in the samples
    // (or a sensor clock that jumped ahead) the offset may drop as far as keeps the order.
    const spacing = n > 1 ? sensorMs[1] - first : 1;
    const start = Math.max(target, Math.min(applied - SLEW * Math.max(0, first - from), this.lastHost + spacing - first));
    for (let i = 0; i < n; i++) out[i] = sensorMs[i] + Math.max(target, start - SLEW * (sensorMs[i] - first));
    // After a re-anchor (or overlapping frames) the frame may start before the last sample
    // given out: push it just past it; the offset then slews back like any late one.
    if (out[0] <= this.lastHost) {
      const shift = this.lastHost - out[0] + spacing;
      for (let i = 0; i < n; i++) out[i] += shift;
    }
    this.lastSensor = last;
    this.lastHost = out[n - 1];
    this.restored = false;
    return out;
  }
}
