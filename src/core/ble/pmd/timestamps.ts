/**
 * Per-sample times for PMD frames. A frame carries the sensor-clock time of its LAST sample;
 * the real rate drifts from the nominal one, so samples are spread evenly between the previous
 * frame's timestamp and this one (Polar SDK PmdTimeStampUtils.getTimeStamps). The first frame
 * after a (re)start has no predecessor and uses the nominal rate.
 */
import type { PmdDataFrame } from './data-frame';
import { polarNsToEpochMs } from './data-frame';

export class PmdSampleClock {
  /** Previous frame timestamp per (measurement type, frame type, compressed). */
  private readonly previous = new Map<number, bigint>();

  /** Frames whose timestamp went back or repeated (sensor clock reset): timed at the nominal rate. */
  resyncs = 0;

  /**
   * Frames after a hole (frames lost on the air, or a stream paused): their span covers more than
   * their own samples, so they are timed back from their timestamp at the nominal rate instead of
   * being stretched over the hole.
   */
  holes = 0;

  /**
   * Spacing between the `count` samples of `frame`, in ns: (this frame - previous frame) / count,
   * or 1e9 / nominal rate for the first frame. Sample i (0-based) sits at
   * `timestampNs - stepNs * (count - 1 - i)`. Advances the clock.
   */
  stepNs(frame: PmdDataFrame, count: number, nominalRateHz: number): number {
    const key = (frame.measurementType << 8) | (frame.compressed ? 0x80 : 0) | frame.frameType;
    const prev = this.previous.get(key);
    this.previous.set(key, frame.timestampNs);
    if (prev === undefined || frame.timestampNs <= prev || count === 0) {
      if (prev !== undefined && frame.timestampNs <= prev) this.resyncs++;
      return 1e9 / nominalRateHz;
    }
    const step = Number(frame.timestampNs - prev) / count;
    // Real clocks drift by a few percent; one lost frame doubles the span, so nearly twice the
    // nominal spacing means samples are missing, not a slow clock.
    if (step > 1.9 * (1e9 / nominalRateHz)) {
      this.holes++;
      return 1e9 / nominalRateHz;
    }
    return step;
  }

  /**
   * Times (Unix epoch ms on the sensor's clock, about 0.25 us resolution as doubles) of the
   * `count` samples of `frame`, the last one at the frame's timestamp. Advances the clock.
   */
  sampleTimes(frame: PmdDataFrame, count: number, nominalRateHz: number): Float64Array {
    const stepMs = this.stepNs(frame, count, nominalRateHz) / 1e6;
    const lastMs = polarNsToEpochMs(frame.timestampNs);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = lastMs - stepMs * (count - 1 - i);
    return out;
  }

  /** Forget previous frames (after a reconnect or a stream restart). */
  reset(): void {
    this.previous.clear();
  }
}
