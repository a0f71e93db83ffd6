/**
 * A generic IMU packet is one set of samples: the packet just taken again, byte for byte (a BLE
 * retransmission surfacing twice, a firmware that re-sends), is counted as a duplicate and adds
 * no sample, loss or resync. The same sequence with other bytes is not a copy but a new packet
 * (a rebooted board): placed as before, a fresh mapping at its arrival. Byte vectors built per
 * docs/generic-imu-profile.md from its example packet (±8 g, 100 Hz, 2 samples).
 */
import { describe, expect, it } from 'vitest';
import { encodeGenericImuPacket, hexToBytes } from '../../../src/core/ble';
import { createDriver, type SensorDriver, type SensorEvents } from '../../../src/core/sensors';
import { SETBEAT_IMU } from '../../../src/shared/gatt';
import { fakeImu, type FakeLink } from './fake-link';

/** The profile's example: sequence 0x0102 = 258, samples (0, 0, 1 g) and (-1 g, 0.5 g, -0.5 g). */
const EXAMPLE = '01 08 64 00 02 01 02 | 00 00 00 00 00 10 | 00 F0 00 08 00 F8';
/** The example's samples under another sequence (low byte first, as on the air). */
const withSequence = (lo: string, hi: string) => `01 08 64 00 ${lo} ${hi} 02 | 00 00 00 00 00 10 | 00 F0 00 08 00 F8`;
const SEQ_259 = withSequence('03', '01');
const SEQ_260 = withSequence('04', '01');
const SEQ_261 = withSequence('05', '01');
const SEQ_262 = withSequence('06', '01');

async function imu(): Promise<{ link: FakeLink; d: SensorDriver; seen: ReturnType<typeof record> }> {
  const link = fakeImu();
  const d = createDriver('generic-imu', link);
  const seen = record(d);
  await d.start();
  return { link, d, seen };
}

function record(d: SensorDriver) {
  const seen = { acc: [] as SensorEvents['acc'][], loss: [] as SensorEvents['loss'][], errors: [] as SensorEvents['parse-error'][] };
  d.on('acc', (b) => seen.acc.push(b));
  d.on('loss', (l) => seen.loss.push(l));
  d.on('parse-error', (e) => seen.errors.push(e));
  return seen;
}

const send = (link: FakeLink, hex: string, atMs: number) => link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, hexToBytes(hex.replace(/\|/g, ' ')), atMs);
const times = (seen: ReturnType<typeof record>) => seen.acc.flatMap((b) => b.samples.map((s) => s.tMs));

describe('generic IMU packets delivered twice', () => {
  it('the example packet repeated in the same delivery and 30 ms later adds nothing; the next packet follows the first', async () => {
    const { link, d, seen } = await imu();
    send(link, EXAMPLE, 1000);
    send(link, EXAMPLE, 1000); // the same notification surfacing twice
    send(link, SEQ_259, 1020);
    send(link, SEQ_259, 1050); // a firmware that re-sends its last packet
    send(link, SEQ_260, 1040);
    expect(seen.acc.map((b) => b.samples.length)).toEqual([2, 2, 2]);
    expect(seen.acc[0].samples).toEqual([
      { tMs: 990, x: 0, y: 0, z: 1 },
      { tMs: 1000, x: -1, y: 0.5, z: -0.5 },
    ]);
    expect(times(seen)).toEqual([990, 1000, 1010, 1020, 1030, 1040]);
    expect(seen.errors.map((e) => [e.source, e.code])).toEqual([
      ['imu', 'duplicate'],
      ['imu', 'duplicate'],
    ]);
    expect(seen.loss).toEqual([]);
    expect(d.counters).toMatchObject({ notifications: 5, accSamples: 6, parseErrors: 2, parseErrorsByCode: { duplicate: 2 }, lostPackets: 0, resyncs: 0 });
    // The clock handed to the next connection is the last packet taken, not its copy.
    expect(seen.acc.at(-1)?.clock?.packet).toEqual({ sequence: 260, count: 2 });
  });

  it('after a 2 s stall a burst carrying a copy keeps every sample on its own time', async () => {
    const { link, d, seen } = await imu();
    send(link, EXAMPLE, 1000);
    send(link, SEQ_259, 1020);
    // Nothing for 2 s, then the queued packets at once, one of them twice.
    send(link, SEQ_260, 3000);
    send(link, SEQ_260, 3000);
    send(link, SEQ_261, 3000);
    // And the last one re-sent once more, later still.
    send(link, SEQ_261, 3500);
    send(link, SEQ_262, 3510);
    expect(times(seen)).toEqual([990, 1000, 1010, 1020, 1030, 1040, 1050, 1060, 1070, 1080]);
    expect(seen.errors.map((e) => e.code)).toEqual(['duplicate', 'duplicate']);
    expect(seen.loss).toEqual([]);
    expect(d.counters).toMatchObject({ accSamples: 10, parseErrors: 2, lostPackets: 0, resyncs: 0 });
  });

  it('the wrap 65535 -> 0 with the same samples is the next packet, not a copy; a copy at the wrap is still one', async () => {
    const { link, d, seen } = await imu();
    send(link, withSequence('FE', 'FF'), 1000); // 65534
    send(link, withSequence('FF', 'FF'), 1020); // 65535
    send(link, withSequence('FF', 'FF'), 1020); // its copy
    send(link, withSequence('00', '00'), 1040); // 0: wrapped, identical samples
    send(link, withSequence('01', '00'), 1060); // 1
    expect(times(seen)).toEqual([990, 1000, 1010, 1020, 1030, 1040, 1050, 1060]);
    expect(seen.errors.map((e) => e.code)).toEqual(['duplicate']);
    expect(seen.loss).toEqual([]);
    expect(d.counters).toMatchObject({ accSamples: 8, parseErrors: 1, lostPackets: 0, resyncs: 0 });
  });

  it('the same sequence with other samples is a rebooted board, not a copy: stored, a fresh mapping at its arrival', async () => {
    const { link, d, seen } = await imu();
    // A board's first packet after power-up, sequence 0 ...
    send(link, withSequence('00', '00'), 1000);
    // ... a brown-out: 0.5 s later it starts again from sequence 0, with other samples, then 1.
    send(link, '01 08 64 00 00 00 02 | 00 00 00 00 00 10 | 00 00 00 00 00 10', 1500);
    send(link, '01 08 64 00 01 00 02 | 00 08 00 00 00 10 | 00 08 00 00 00 10', 1520);
    expect(seen.acc.map((b) => b.samples.map((s) => [s.tMs, s.x, s.z]))).toEqual([
      [
        [990, 0, 1],
        [1000, -1, -0.5],
      ],
      [
        [1490, 0, 1],
        [1500, 0, 1],
      ],
      [
        [1510, 0.5, 1],
        [1520, 0.5, 1],
      ],
    ]);
    expect(seen.errors).toEqual([]);
    expect(seen.loss).toEqual([]);
    // Sequence 0 after 0 reads as 65535 packets lost, far ahead of its arrival: the reboot handling.
    expect(d.counters).toMatchObject({ accSamples: 6, parseErrors: 0, lostPackets: 0, resyncs: 1 });
  });

  it('the same sequence right after the packet, other samples in the same delivery: taken, after the samples before', async () => {
    const { link, d, seen } = await imu();
    send(link, EXAMPLE, 1000);
    send(link, '01 08 64 00 02 01 02 | 00 00 00 00 00 10 | 00 F0 00 08 00 F7', 1000); // last byte differs
    // After the samples before: the mapping, ahead of this arrival, lets them run 1 % slow.
    const [a, b, c, e] = times(seen);
    expect([a, b]).toEqual([990, 1000]);
    expect(c).toBeGreaterThan(1000);
    expect(e).toBeGreaterThan(c);
    expect(Math.abs(c - 1010) + Math.abs(e - 1020)).toBeLessThan(1);
    expect(seen.errors).toEqual([]);
    expect(d.counters).toMatchObject({ accSamples: 4, parseErrors: 0, lostPackets: 0, resyncs: 1 });
  });
});

describe('generic IMU driver under random notifications', () => {
  it('100,000 buffers (random, well-formed, re-sent): no throw, every one a sample batch or a counted error; every re-send of a packet taken is a duplicate', async () => {
    const { link, d, seen } = await imu();
    let seed = 11;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const N = 100_000;
    let previous: Uint8Array | null = null;
    /** The last buffer the driver made a sample batch of. */
    let taken: Uint8Array | null = null;
    let sequence = 0;
    let resent = 0;
    for (let i = 0; i < N; i++) {
      const r = rnd();
      let b: Uint8Array;
      if (previous && r < 0.2) {
        b = previous.slice();
        // A copy of the last packet the driver took must be a duplicate.
        if (taken && b.length === taken.length && b.every((v, k) => v === taken?.[k])) resent++;
      } else if (r < 0.7) {
        // Mostly the next sequence, sometimes a jump or the same sequence with other samples.
        const s = rnd();
        sequence = (sequence + (s < 0.8 ? 1 : s < 0.9 ? 0 : (rnd() * 0x10000) | 0)) & 0xffff;
        const samplesG = Array.from({ length: 1 + ((rnd() * 20) | 0) }, () => [rnd() * 4 - 2, rnd() * 4 - 2, rnd() * 4 - 2] as [number, number, number]);
        b = encodeGenericImuPacket({ rangeG: 8, sampleRateHz: rnd() < 0.95 ? 100 : 1 + ((rnd() * 400) | 0), sequence, samplesG });
      } else {
        b = Uint8Array.from({ length: (rnd() * 40) | 0 }, () => (rnd() * 256) | 0);
        if (b.length && rnd() < 0.5) b[0] = 1;
      }
      previous = b;
      const batches = seen.acc.length;
      link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, b, i * 10);
      if (seen.acc.length > batches) taken = b;
    }
    const imuErrors = seen.errors.filter((e) => e.source === 'imu');
    expect(seen.acc.length + imuErrors.length).toBe(N);
    expect(d.counters.notifications).toBe(N);
    expect(resent).toBeGreaterThan(N / 20);
    expect(imuErrors.filter((e) => e.code === 'duplicate').length).toBe(resent);
    expect(seen.acc.every((b) => b.samples.length > 0)).toBe(true);
  });
});
