/**
 * Polar ACC sample times on the host clock, across a stall and a restart of the Bluetooth side:
 * frames carry the sensor's own clock (the H10's 2019 default), arrive with BLE-like jitter, a
 * stall delivers a run of frames at once, and the link is lost and a new driver takes over with
 * the anchor the old one handed out. Every sample must stay on its true time within the jitter,
 * times must only go forward, and the sensor-time hole must stay a hole of the same length.
 */
import { describe, expect, it } from 'vitest';
import { encodePmdAccRawFrame, polarNsToEpochMs } from '../../../src/core/ble';
import { createDriver, type AccBatch, type SensorClockAnchor } from '../../../src/core/sensors';
import { SensorHostClock } from '../../../src/core/sensors/sensor-clock';
import { POLAR_PMD } from '../../../src/shared/gatt';
import { fakeH10 } from './fake-link';

const SENSOR_T0 = 599616035520846242n; // H10 default clock, 2019-01-01 (reference V7)
const FRAME_NS = 180_000_000n; // 36 samples at 200 Hz
const HOST_T0 = 1_764_150_000_000;
/** host = sensor + TRUE_OFFSET for the instant a sample is taken. */
const TRUE_OFFSET = HOST_T0 - polarNsToEpochMs(SENSOR_T0);

const frameTs = (f: number): bigint => SENSOR_T0 + BigInt(f) * FRAME_NS;
/** True host time of sample i (0..35) of frame f. */
const trueMs = (f: number, i: number): number => polarNsToEpochMs(frameTs(f)) + TRUE_OFFSET - (35 - i) * 5;
/** Frame f's samples say who they are: x = frame number, y = index in the frame (mG). */
const frame = (f: number): Uint8Array => encodePmdAccRawFrame(frameTs(f), Array.from({ length: 36 }, (_, i) => [f, i, 1000] as [number, number, number]));

/** BLE-like delivery delay: connection events every 7.5 ms, a few retries, 7.5-45 ms. */
function jitter(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return 7.5 * (1 + (s >>> 16) % 6);
  };
}

interface Placed {
  f: number;
  i: number;
  tMs: number;
}
const placed = (batches: AccBatch[]): Placed[] =>
  batches.flatMap((b) => b.samples.map((s) => ({ f: Math.round(s.x * 1000), i: Math.round(s.y * 1000), tMs: s.tMs })));

function expectOnTimeAndForward(all: Placed[], maxLateMs: number): void {
  for (let k = 1; k < all.length; k++) expect(all[k].tMs, `sample ${k} (frame ${all[k].f}) after the one before`).toBeGreaterThan(all[k - 1].tMs);
  for (const p of all) {
    const err = p.tMs - trueMs(p.f, p.i);
    // Never before the sample was taken's time plus the smallest delay seen, never later than the worst delay.
    expect(err, `frame ${p.f} sample ${p.i} off by ${err.toFixed(1)} ms`).toBeGreaterThanOrEqual(0);
    expect(err, `frame ${p.f} sample ${p.i} off by ${err.toFixed(1)} ms`).toBeLessThanOrEqual(maxLateMs);
  }
}

describe('Polar ACC times on the host clock', () => {
  it('a stall mid-stream delivers a run of frames at once: their samples keep their own times', async () => {
    const link = fakeH10();
    const d = createDriver('polar-pmd', link);
    const acc: AccBatch[] = [];
    d.on('acc', (b) => acc.push(b));
    await d.start();
    const delay = jitter(11);
    for (let f = 0; f < 40; f++) link.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), trueMs(f, 35) + delay());
    // The process is busy for 2.9 s: frames 40..55 are all handed over when it wakes up.
    const wake = trueMs(55, 35) + 12;
    for (let f = 40; f < 56; f++) link.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), wake);
    for (let f = 56; f < 120; f++) link.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), trueMs(f, 35) + delay());
    const all = placed(acc);
    expect(all).toHaveLength(120 * 36);
    expectOnTimeAndForward(all, 45);
    expect(d.counters.resyncs).toBe(0);
  });

  it('a stall longer than two 60 s windows (0.3 s of a starved process at a 400x replay) is not taken for a slow strap clock', async () => {
    const link = fakeH10();
    const d = createDriver('polar-pmd', link);
    const acc: AccBatch[] = [];
    d.on('acc', (b) => acc.push(b));
    await d.start();
    const delay = jitter(13);
    for (let f = 0; f < 400; f++) link.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), trueMs(f, 35) + delay());
    // 200 s of frames (400..1510) handed over at once: every frame of two whole windows arrived
    // late, wherever the windows start.
    const wake = trueMs(1510, 35) + 12;
    for (let f = 400; f < 1511; f++) link.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), wake);
    for (let f = 1511; f < 3000; f++) link.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), trueMs(f, 35) + delay());
    const all = placed(acc);
    expect(all).toHaveLength(3000 * 36);
    // The offset rises by at most what a clock 0.1 % slow drifts over the windows, not by the
    // least delay of two stalled windows (tens of seconds, slewed back at 1 %).
    expectOnTimeAndForward(all, 45 + 200);
    expect(d.counters.resyncs).toBe(0);
  });

  it('after the Bluetooth process restarts, a late burst of first frames is placed by sensor time and the hole stays a hole', async () => {
    const delay = jitter(5);
    const before = fakeH10();
    const d1 = createDriver('polar-pmd', before);
    const acc1: AccBatch[] = [];
    d1.on('acc', (b) => acc1.push(b));
    await d1.start();
    for (let f = 0; f < 100; f++) before.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), trueMs(f, 35) + delay());
    // What the engine keeps of the stream when the child process dies with it.
    const anchor: SensorClockAnchor | undefined = acc1.at(-1)?.clock;
    before.drop('Bluetooth process killed');

    // The strap kept measuring: frames 100..149 went nowhere (9 s). The new process connects
    // under load: its first 16 frames wait 2.9 s and arrive together.
    const after = fakeH10();
    const d2 = createDriver('polar-pmd', after, { accClock: anchor });
    const acc2: AccBatch[] = [];
    d2.on('acc', (b) => acc2.push(b));
    await d2.start();
    const wake = trueMs(165, 35) + 9;
    for (let f = 150; f < 166; f++) after.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), wake);
    for (let f = 166; f < 260; f++) after.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), trueMs(f, 35) + delay());

    const first = placed(acc1);
    const second = placed(acc2);
    expect(second).toHaveLength(110 * 36);
    expectOnTimeAndForward([...first, ...second], 45);
    // The hole is the 50 frames the strap sent while nobody listened, not 50 frames plus a stall.
    const hole = second[0].tMs - first[first.length - 1].tMs;
    expect(hole - (50 * 180 + 5)).toBeGreaterThanOrEqual(-45);
    expect(hole - (50 * 180 + 5)).toBeLessThanOrEqual(45);
    expect(d2.counters.resyncs).toBe(0);
  });

  it('a strap whose clock was reset while away starts again at arrival, still after what came before', async () => {
    const before = fakeH10();
    const d1 = createDriver('polar-pmd', before);
    const acc1: AccBatch[] = [];
    d1.on('acc', (b) => acc1.push(b));
    await d1.start();
    for (let f = 300; f < 310; f++) before.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), trueMs(f, 35) + 10);
    before.drop('link lost');
    // Back on the strap after a minute off it: the H10 counts from 2019-01-01 again.
    const after = fakeH10();
    const d2 = createDriver('polar-pmd', after, { accClock: acc1.at(-1)?.clock });
    const acc2: AccBatch[] = [];
    d2.on('acc', (b) => acc2.push(b));
    await d2.start();
    const back = trueMs(309, 35) + 120_000;
    for (let f = 0; f < 5; f++) after.notify(POLAR_PMD.service, POLAR_PMD.data, frame(f), back + f * 180 + 10);
    const times = [...acc1, ...acc2].flatMap((b) => b.samples.map((s) => s.tMs));
    for (let k = 1; k < times.length; k++) expect(times[k]).toBeGreaterThan(times[k - 1]);
    expect(acc2[0].samples[35].tMs).toBe(back + 10);
    expect(d2.counters.resyncs).toBe(1);
  });
});

describe('SensorHostClock', () => {
  it('a sensor clock slower than the host is followed upward, in small steps', () => {
    const c = new SensorHostClock();
    // 100 ppm slow: every 180 ms of sensor time takes 180.018 ms of host time; 10 ms delivery.
    let prev = -Infinity;
    let worst = 0;
    for (let f = 0; f < 5000; f++) {
      const s = f * 180;
      const host = s * 1.0001 + 10;
      const [t] = c.map([s], host);
      expect(t).toBeGreaterThan(prev);
      prev = t;
      worst = Math.max(worst, Math.abs(host - t));
    }
    // 15 minutes: 90 ms of drift, kept within three windows' worth (18 ms) of the truth.
    expect(worst).toBeLessThanOrEqual(18.1);
  });

  it('after an absence, a late first frame moves the offset by at most the drift the absence allows', () => {
    // An hour away from a strap whose clock runs 100 ppm slow: 360 ms of drift, all believed.
    const away = new SensorHostClock({ offsetMs: 10, sensorMs: 0, hostMs: 10 });
    expect(away.map([3_600_000], 3_600_000 * 1.0001 + 10)[0]).toBeCloseTo(3_600_000 + 370, 6);
    // 20 s away and then stalled 2.9 s: 2 ms may be drift, the rest is the stall.
    const stalled = new SensorHostClock({ offsetMs: 10, sensorMs: 0, hostMs: 10 });
    expect(stalled.map([20_000], 20_000 + 10 + 2900)[0]).toBeCloseTo(20_000 + 12, 6);
  });

  it('a hole in the samples takes up a late start at once; a sensor clock set ahead is not put in the future', () => {
    const c = new SensorHostClock();
    c.map([0, 5, 10], 2010); // 2 s late
    const [afterHole] = c.map([10_000, 10_005, 10_010], 10_014); // 10 s of frames lost, then on time
    expect(afterHole).toBe(10_004);
    // The strap's clock is set 60 s ahead mid-stream: the next frame lands at its arrival.
    const times = c.map([70_015, 70_020, 70_025], 10_029 + 8);
    expect(times[2]).toBe(10_037);
    expect(times[0]).toBeGreaterThan(10_014);
  });

  it('a first frame that arrived late is caught up by slewing, never by going back', () => {
    const c = new SensorHostClock();
    const out: number[] = [];
    out.push(...c.map([0, 5, 10], 2010)); // 2 s late
    for (let f = 1; f < 15_000; f++) out.push(...c.map([f * 15, f * 15 + 5, f * 15 + 10], f * 15 + 10 + 4));
    for (let k = 1; k < out.length; k++) expect(out[k] - out[k - 1]).toBeGreaterThanOrEqual(5 * 0.99 - 1e-9);
    // Half way after 100 s, caught up after 2 s / 1 % = 200 s of sensor time: from then on at
    // the smallest delay.
    expect(out[6667 * 3] - (6667 * 15 + 4)).toBeCloseTo(1000, -1);
    expect(out[13_500 * 3] - (13_500 * 15 + 4)).toBeCloseTo(0, 6);
    expect(out.at(-1)! - (14_999 * 15 + 10)).toBeCloseTo(4, 6);
  });
});
