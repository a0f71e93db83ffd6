/**
 * Generic IMU sample times on the host clock. The packets carry no clock, only a sequence
 * number: the driver's sensor clock is the sample index over the rate, mapped to the host by the
 * least-delayed packets. A board here sends 10 samples at 100 Hz per packet with BLE-like jitter;
 * every sample must land on the time it was taken plus at most the worst delivery delay, and
 * times must only go forward, through stalls, lost packets, drift, reconnects and reboots.
 */
import { describe, expect, it } from 'vitest';
import { encodeGenericImuPacket } from '../../../src/core/ble';
import { createDriver, type AccBatch, type SampleLoss, type SensorClockAnchor, type SensorDriver } from '../../../src/core/sensors';
import { SETBEAT_IMU } from '../../../src/shared/gatt';
import { fakeImu, type FakeLink } from './fake-link';

const N = 10;
const RATE = 100;
const HOST_T0 = 1_764_150_000_000;
/** Worst BLE delivery delay of jitter() below. */
const MAX_DELAY = 45;

/** BLE-like delivery delay: connection events every 7.5 ms, a few retries, 7.5-45 ms. */
function jitter(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return 7.5 * (1 + ((s >>> 16) % 6));
  };
}

/** A board that started sampling at `t0` (host ms), its crystal off by `rateError` (+ = slow). */
class Board {
  /** True host time of every sample handed to the link, in order. */
  readonly taken: number[] = [];
  constructor(
    private readonly t0 = HOST_T0,
    private readonly seq0 = 0,
    private readonly rateError = 0,
  ) {}

  /** Host time at which sample j (index since the board started) was taken. */
  trueMs(j: number): number {
    return this.t0 + (j * 1000 * (1 + this.rateError)) / RATE;
  }

  /** When packet k's last sample was taken. */
  due(k: number): number {
    return this.trueMs(k * N + N - 1);
  }

  /** Packet k (sequence seq0 + k) arrives at atMs. */
  send(link: FakeLink, k: number, atMs: number): void {
    const samplesG = Array.from({ length: N }, () => [0, 0, 1] as [number, number, number]);
    link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, encodeGenericImuPacket({ rangeG: 8, sampleRateHz: RATE, sequence: (this.seq0 + k) & 0xffff, samplesG }), atMs);
    for (let i = 0; i < N; i++) this.taken.push(this.trueMs(k * N + i));
  }
}

/** A connection whose driver subscribes at host time `subscribeAtMs`. */
async function driver(accClock?: SensorClockAnchor, subscribeAtMs = HOST_T0 - 1000): Promise<{ link: FakeLink; d: SensorDriver; acc: AccBatch[]; loss: SampleLoss[] }> {
  const link = fakeImu();
  link.nowMs = subscribeAtMs;
  const d = createDriver('generic-imu', link, { accClock });
  const acc: AccBatch[] = [];
  const loss: SampleLoss[] = [];
  d.on('acc', (b) => acc.push(b));
  d.on('loss', (l) => loss.push(l));
  await d.start();
  return { link, d, acc, loss };
}

const times = (batches: AccBatch[]): number[] => batches.flatMap((b) => b.samples.map((s) => s.tMs));

function expectForward(t: number[]): void {
  const back = t.findIndex((v, k) => k > 0 && v <= t[k - 1]);
  expect(back, `sample ${back} not after the one before`).toBe(-1);
}

/** Each placed sample is at its true time plus between `lo` and `hi` ms. */
function expectOnTime(placed: number[], taken: number[], lo = 0, hi = MAX_DELAY): void {
  expect(placed).toHaveLength(taken.length);
  const off = placed.findIndex((t, k) => t - taken[k] < lo - 1e-6 || t - taken[k] > hi + 1e-6);
  expect(off, off < 0 ? '' : `sample ${off} off by ${(placed[off] - taken[off]).toFixed(3)} ms`).toBe(-1);
}

describe('generic IMU times on the host clock', () => {
  it('a stall mid-stream delivers 3 s of packets at once: their samples keep their own times', async () => {
    const { link, d, acc } = await driver();
    const board = new Board();
    const delay = jitter(3);
    for (let k = 0; k < 40; k++) board.send(link, k, board.due(k) + delay());
    const wake = board.due(69) + 12;
    for (let k = 40; k < 70; k++) board.send(link, k, wake);
    for (let k = 70; k < 200; k++) board.send(link, k, board.due(k) + delay());
    const placed = times(acc);
    expectForward(placed);
    expectOnTime(placed, board.taken);
    expect(d.counters.resyncs).toBe(0);
  });

  it('lost packets, across the sequence wrap 65535 -> 0 and with a stall, keep the time base', async () => {
    const { link, d, acc, loss } = await driver();
    const board = new Board(HOST_T0, 65_500);
    const delay = jitter(9);
    const lost = new Set([7, 34, 35, 36, 37, 38, 60]); // 34..38 are sequences 65534, 65535, 0, 1, 2
    for (let k = 0; k < 120; k++) {
      if (lost.has(k)) continue;
      // Packets 61..64 also wait for a 1.5 s stall.
      board.send(link, k, k >= 61 && k <= 64 ? board.due(64) + 1500 : board.due(k) + delay());
    }
    const placed = times(acc);
    expectForward(placed);
    expectOnTime(placed, board.taken);
    expect(loss.map((l) => [l.packets, l.samples])).toEqual([
      [1, 10],
      [5, 50],
      [1, 10],
    ]);
    expect(d.counters).toMatchObject({ lostPackets: 7, resyncs: 0 });
  });

  for (const [what, rateError] of [
    ['fast', -200e-6],
    ['slow', 200e-6],
  ] as const) {
    it(`a board whose crystal runs 200 ppm ${what} is followed, times never going back`, async () => {
      const { link, d, acc } = await driver();
      const board = new Board(HOST_T0, 0, rateError);
      const delay = jitter(21);
      for (let k = 0; k < 12_000; k++) board.send(link, k, board.due(k) + delay()); // 20 min
      const placed = times(acc);
      expectForward(placed);
      // A slow clock is learnt from the least delay over two 60 s windows, taken at the end of a
      // third: up to three windows of its drift (36 ms) may lag behind, as for the H10.
      expectOnTime(placed, board.taken, rateError > 0 ? -36 : 0);
      expect(d.counters.resyncs).toBe(0);
    });
  }

  it('after a reconnect a late burst is placed by its sequence, and the hole is the time nobody listened', async () => {
    const board = new Board();
    const delay = jitter(5);
    const one = await driver();
    for (let k = 0; k < 100; k++) board.send(one.link, k, board.due(k) + delay());
    const anchor = one.acc.at(-1)?.clock;
    expect(anchor?.packet).toEqual({ sequence: 99, count: N });
    one.link.drop('Bluetooth process killed');
    const before = board.taken.length;

    // The board kept counting: packets 100..149 went nowhere (5 s). The new connection's first
    // 16 packets wait 1.6 s and arrive together.
    const two = await driver(anchor, board.due(149));
    const wake = board.due(165) + 9;
    for (let k = 150; k < 166; k++) board.send(two.link, k, wake);
    for (let k = 166; k < 260; k++) board.send(two.link, k, board.due(k) + delay());

    const placed = [...times(one.acc), ...times(two.acc)];
    expectForward(placed);
    expectOnTime(placed, board.taken);
    const hole = placed[before] - placed[before - 1];
    expect(Math.abs(hole - (50 * N + 1) * 10)).toBeLessThanOrEqual(MAX_DELAY);
    // Nobody listened: the engine reports that hole as a gap, not as packets lost on the link.
    expect(two.loss).toEqual([]);
    expect(two.d.counters.resyncs).toBe(0);
  });

  for (const holeMs of [20_000, 1000]) {
    it(`a board that stopped counting while away ${holeMs / 1000} s (its sequence goes on as if no time passed) starts at the arrival, not that much early`, async () => {
      const board = new Board();
      const delay = jitter(8);
      const one = await driver();
      for (let k = 0; k < 50; k++) board.send(one.link, k, board.due(k) + delay());
      one.link.drop('link lost');
      // The board resumes with sequence 50 once subscribed again: its samples are taken from then on.
      const resumed = new Board(board.due(49) + holeMs, 50);
      const two = await driver(one.acc.at(-1)?.clock, board.due(49) + holeMs - 10);
      for (let k = 0; k < 50; k++) resumed.send(two.link, k, resumed.due(k) + delay());
      const placed = [...times(one.acc), ...times(two.acc)];
      expectForward(placed);
      expectOnTime(placed, [...board.taken, ...resumed.taken]);
      expect(two.d.counters.resyncs).toBe(1);
    });
  }

  it('a sequence that jumps wildly (a rebooted board) starts a fresh mapping at the arrival, after the previous sample', async () => {
    const board = new Board(HOST_T0, 1000);
    const delay = jitter(13);
    const one = await driver();
    for (let k = 0; k < 50; k++) board.send(one.link, k, board.due(k) + delay());
    // Within the connection the counter leaps ahead by 29,000 packets (48 min) in 100 ms.
    const leapt = new Board(board.due(49) + 5, 30_000);
    for (let k = 0; k < 30; k++) leapt.send(one.link, k, leapt.due(k) + delay());
    expect(one.d.counters).toMatchObject({ resyncs: 1, lostPackets: 0 });
    one.link.drop('board rebooted');

    // It reboots: back 30 s later, counting from 0 again (fewer packets than the hole: not a loss).
    const rebooted = new Board(leapt.due(29) + 30_000, 0);
    const two = await driver(one.acc.at(-1)?.clock, leapt.due(29) + 30_000 - 10);
    for (let k = 0; k < 30; k++) rebooted.send(two.link, k, rebooted.due(k) + delay());
    const placed = [...times(one.acc), ...times(two.acc)];
    expectForward(placed);
    expectOnTime(placed, [...board.taken, ...leapt.taken, ...rebooted.taken]);
    expect(two.d.counters).toMatchObject({ resyncs: 1, lostPackets: 0 });
  });
});
