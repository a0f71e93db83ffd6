import { describe, expect, it } from 'vitest';
import {
  encodeGenericImuPacket,
  encodePmdAccRawFrame,
  encodePmdStoppedByDevice,
  hexToBytes,
  PMD_OP,
} from '../../../src/core/ble';
import { createDriver, recogniseSensor, type AccBatch, type DriverStatus, type SensorDriver, type SensorEvents } from '../../../src/core/sensors';
import { HEART_RATE, POLAR_PMD, SETBEAT_IMU } from '../../../src/shared/gatt';
import { fakeH10, fakeHrStrap, fakeImu } from './fake-link';
import { V3_ACC_DELTA0, V4_VERITY_DELTA } from '../ble/vectors';

/** Collects every event a driver emits. */
function record(d: SensorDriver) {
  const seen: { [K in keyof SensorEvents]: SensorEvents[K][] } = { hr: [], rr: [], acc: [], battery: [], contact: [], 'parse-error': [], loss: [], status: [] };
  for (const k of Object.keys(seen) as (keyof SensorEvents)[]) d.on(k, (v) => (seen[k] as unknown[]).push(v));
  return seen;
}
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const H10_START_ACC = '02 02 00 01 c8 00 01 01 10 00 02 01 08 00';

describe('recogniseSensor', () => {
  it('tells the three kinds apart from name and advertised services', () => {
    expect(recogniseSensor('Polar H10 184CB835', ['180d', 'feee'])).toBe('polar-pmd');
    expect(recogniseSensor('Polar Sense B5A1', [])).toBe('polar-pmd');
    expect(recogniseSensor(null, ['FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8'])).toBe('polar-pmd');
    expect(recogniseSensor('Polar H9 1234', ['0000180D-0000-1000-8000-00805F9B34FB'])).toBe('hr-strap');
    expect(recogniseSensor('TICKR 1A2B', ['180d'])).toBe('hr-strap');
    expect(recogniseSensor('ankle', ['2693e52d-0100-43d1-8b63-ed7a886a1eb5'])).toBe('generic-imu');
    expect(recogniseSensor('SetBeat IMU left', [])).toBe('generic-imu');
    expect(recogniseSensor('JBL Flip 5', ['fe2c'])).toBeNull();
    expect(recogniseSensor(undefined, [])).toBeNull();
  });
});

describe('heart-rate strap driver', () => {
  it('reads info, streams HR and RR with beat times, flags lost contact, counts garbage', async () => {
    const link = fakeHrStrap();
    const d = createDriver('hr-strap', link);
    const seen = record(d);
    await d.start();
    expect(d.status).toMatchObject({ state: 'streaming', streams: ['hr'] });
    expect(d.info).toMatchObject({ manufacturer: 'Polar Electro Oy', model: 'HRM-Basic', firmware: '5.0.0', battery: 64, bodySensorLocation: 'chest' });
    expect(seen.battery).toEqual([64]);

    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('16 48 E0 02 A7 02'), 10_000);
    expect(seen.hr).toEqual([{ tMs: 10_000, bpm: 72, contact: true }]);
    // Last beat at arrival, the one before it one RR earlier.
    expect(seen.rr.map((r) => [Math.round(r.tMs * 10) / 10, Math.round(r.rrMs * 10) / 10])).toEqual([[9336.9, 718.8], [10_000, 663.1]]);
    expect(seen.contact).toEqual([true]);

    // Strap off the skin: contact supported but not detected -> untrusted.
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('04 50'), 11_000);
    expect(seen.hr[1]).toEqual({ tMs: 11_000, bpm: 80, contact: false });
    expect(seen.contact).toEqual([true, false]);

    for (const g of ['', '08 00', '01 50', '10 50 00', 'FF']) link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes(g), 11_500);
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('06 3C'), 12_000);
    expect(seen.hr).toHaveLength(3);
    expect(seen['parse-error'].map((e) => e.code)).toEqual(['empty', 'truncated', 'truncated', 'truncated', 'truncated']);
    expect(seen['parse-error'].at(-1)?.total).toBe(5);
    const c = d.counters;
    expect(c.notifications).toBe(8);
    expect(c.hrSamples + c.parseErrors).toBe(c.notifications);
    expect(c.parseErrorsByCode).toEqual({ empty: 1, truncated: 4 });

    await d.disconnect();
    expect(link.log.slice(-2)).toEqual(['unsubscribe 2a37', 'disconnect']);
    expect(d.status.state).toBe('stopped');
  });

  it('a listener that throws does not stop the stream', async () => {
    const link = fakeHrStrap();
    const d = createDriver('hr-strap', link);
    await d.start();
    d.on('hr', () => {
      throw new Error('consumer bug');
    });
    const bpms: number[] = [];
    d.on('hr', (s) => bpms.push(s.bpm));
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('06 3C'));
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('06 3D'));
    expect(bpms).toEqual([60, 61]);
    expect(d.counters.listenerErrors).toBe(2);
  });

  it('fails with words on a device without the heart rate service', async () => {
    const d = createDriver('hr-strap', fakeImu());
    await d.start();
    expect(d.status).toMatchObject({ state: 'failed', message: 'This device has no heart rate service' });
  });
});

describe('Polar H10 driver (HR + PMD accelerometer)', () => {
  it('subscribes first, asks settings, starts ACC 200 Hz / 16 bit / 8 g, streams g with times, stops before disconnecting', async () => {
    const link = fakeH10();
    const d = createDriver('polar-pmd', link);
    const seen = record(d);
    await d.start();
    expect(d.status).toMatchObject({ state: 'streaming', streams: ['hr', 'acc'], message: 'Heart rate + Accelerometer 200 Hz, ±8 g' });
    const firstWrite = link.log.findIndex((l) => l.startsWith('write'));
    expect(link.log.indexOf(`subscribe ${POLAR_PMD.controlPoint}`)).toBeLessThan(firstWrite);
    expect(link.log.indexOf(`subscribe ${POLAR_PMD.data}`)).toBeLessThan(firstWrite);
    expect(link.writes.map((w) => hex(w.data))).toEqual(['01 02', H10_START_ACC]);
    expect(d.info).toMatchObject({ model: 'Polar H10', battery: 87, bodySensorLocation: 'chest' });

    // H10 HR flags: no contact bits -> contact null (not reported), RR present.
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('10 50 00 04'), 5000);
    expect(seen.hr).toEqual([{ tMs: 5000, bpm: 80, contact: null }]);
    expect(seen.rr).toEqual([{ tMs: 5000, rrMs: 1000 }]);

    // Two frames of 36 samples, 180 ms apart on the sensor clock (H10 default 2019 clock).
    const t0 = 599616035520846242n;
    const frame = (ts: bigint, base: number) => encodePmdAccRawFrame(ts, Array.from({ length: 36 }, (_, i) => [base + i, -28, 1000 - i] as [number, number, number]));
    link.notify(POLAR_PMD.service, POLAR_PMD.data, frame(t0, 0), 20_000);
    link.notify(POLAR_PMD.service, POLAR_PMD.data, frame(t0 + 180_000_000n, 36), 20_185);
    expect(seen.acc).toHaveLength(2);
    const [a, b] = seen.acc as [AccBatch, AccBatch];
    expect(a.sampleRateHz).toBe(200);
    expect(a.samples[0]).toMatchObject({ x: 0, y: -0.028, z: 1 });
    expect(b.samples[35]).toMatchObject({ x: 0.071, z: 0.965 });
    // Times: host clock, last sample of the first frame at its arrival, 5 ms apart throughout.
    expect(a.samples[35].tMs).toBe(20_000);
    const all = [...a.samples, ...b.samples].map((s) => s.tMs);
    for (let i = 1; i < all.length; i++) expect(all[i] - all[i - 1]).toBeCloseTo(5, 3);
    expect(d.counters.accSamples).toBe(72);

    await d.disconnect();
    const stopAt = link.log.indexOf('write ' + POLAR_PMD.controlPoint + ' 03 02');
    expect(stopAt).toBeGreaterThan(0);
    expect(stopAt).toBeLessThan(link.log.indexOf('disconnect'));
    expect(link.accStreaming()).toBe(false);
    expect(link.commands.map((c) => c.op)).toEqual([PMD_OP.getMeasurementSettings, PMD_OP.requestMeasurementStart, PMD_OP.stopMeasurement]);
  });

  it('spreads samples by the real rate from frame timestamps (the H10 drifts from nominal)', async () => {
    const link = fakeH10();
    const d = createDriver('polar-pmd', link, { accSampleRateHz: 50 });
    const seen = record(d);
    await d.start();
    expect(link.writes[1].data[4]).toBe(50); // asked for 50 Hz
    // Reference V7: consecutive real frames 706.9 ms apart for 36 samples -> 50.92 Hz.
    const still = Array.from({ length: 36 }, () => [958, 14, -330] as [number, number, number]);
    link.notify(POLAR_PMD.service, POLAR_PMD.data, encodePmdAccRawFrame(599616035520846242n, still), 1000);
    link.notify(POLAR_PMD.service, POLAR_PMD.data, encodePmdAccRawFrame(599616036227795718n, still), 1710);
    const second = seen.acc[1].samples;
    expect(1000 / ((second[35].tMs - second[0].tMs) / 35)).toBeCloseTo(50.92, 2);
    expect(seen.acc[0].samples[1].tMs - seen.acc[0].samples[0].tMs).toBeCloseTo(20, 3);
  });

  it('Verity Sense: asks 52 Hz with 3 channels as listed, applies FACTOR to delta frames (reference V3, V4)', async () => {
    const link = fakeH10({ verity: true });
    expect(recogniseSensor(link.name, ['180d'])).toBe('polar-pmd');
    const d = createDriver('polar-pmd', link);
    const seen = record(d);
    await d.start();
    expect(link.writes.map((w) => hex(w.data))).toEqual(['01 02', '02 02 00 01 34 00 01 01 10 00 02 01 08 00 04 01 03']);
    expect(d.status.message).toBe('Heart rate + Accelerometer 52 Hz, ±8 g');
    link.notify(POLAR_PMD.service, POLAR_PMD.data, hexToBytes(V4_VERITY_DELTA), 3000);
    link.notify(POLAR_PMD.service, POLAR_PMD.data, hexToBytes(V3_ACC_DELTA0), 4000);
    expect(seen['parse-error']).toEqual([]);
    const [v4, v3] = seen.acc;
    // V4: raw [-48, 357, 4068] x 2.44e-4 g.
    expect(v4.samples.map((s) => [s.x, s.y, s.z].map((g) => Math.round(g * 1e4) / 1e4))).toEqual([
      [-0.0117, 0.0871, 0.9926], [-0.0127, 0.0888, 0.9923], [-0.0098, 0.0935, 0.9889],
    ]);
    // V3: the SDK's asserted mG after truncation: [464, 6679, -7144] then [511, 6654, -7165].
    expect([v3.samples[0], v3.samples[1]].map((s) => [s.x, s.y, s.z].map((g) => Math.trunc(g * 1000)))).toEqual([[464, 6679, -7144], [511, 6654, -7165]]);
    expect(v3.samples).toHaveLength(57);
  });

  it('a control-point error (sensor on its charger) is reported in words; heart rate keeps running', async () => {
    const link = fakeH10({ startStatus: 13 });
    const d = createDriver('polar-pmd', link);
    await d.start();
    const s: DriverStatus = d.status;
    expect(s).toMatchObject({ state: 'streaming', streams: ['hr'], message: 'Heart rate only' });
    expect(s.warning).toBe('Accelerometer unavailable: The sensor is on its charger and will not stream until taken off');
    // No stream started, so none is stopped; the link still closes.
    await d.disconnect();
    expect(link.writes.map((w) => hex(w.data))).toEqual(['01 02', H10_START_ACC]);
  });

  it('ERROR_INVALID_MTU reads as an MTU problem', async () => {
    const d = createDriver('polar-pmd', fakeH10({ startStatus: 10 }));
    await d.start();
    expect(d.status.warning).toMatch(/MTU/);
  });

  it('a stream left running by an earlier app is stopped and restarted', async () => {
    const link = fakeH10({ alreadyStreaming: true });
    const d = createDriver('polar-pmd', link);
    await d.start();
    expect(d.status.streams).toEqual(['hr', 'acc']);
    expect(link.writes.map((w) => hex(w.data))).toEqual(['01 02', H10_START_ACC, '03 02', H10_START_ACC]);
  });

  it('multi-part settings answers are joined', async () => {
    const d = createDriver('polar-pmd', fakeH10({ splitSettings: true }));
    await d.start();
    expect(d.status.streams).toEqual(['hr', 'acc']);
  });

  it('a silent control point times out instead of hanging', async () => {
    const d = createDriver('polar-pmd', fakeH10({ silent: true }), { controlPointTimeoutMs: 30 });
    await d.start();
    expect(d.status).toMatchObject({ state: 'streaming', streams: ['hr'] });
    expect(d.status.warning).toMatch(/did not answer the control point within 30 ms/);
  });

  it('garbage on the data and control point is counted; stale answers and device stops are handled', async () => {
    const link = fakeH10();
    const d = createDriver('polar-pmd', link);
    const seen = record(d);
    await d.start();
    const garbage = ['', '02 00 94', '02 00 94 35 77 00 00 00 00 01 F7 FF FF', '00 00 94 35 77 00 00 00 00 00 02 80 FF 02 80 00', '02 65 00 00 00 00 00 00 00 81 F1 FF 14 00 F0 03 40 01 7B 0F 08'];
    for (const g of garbage) link.notify(POLAR_PMD.service, POLAR_PMD.data, hexToBytes(g));
    link.notify(POLAR_PMD.service, POLAR_PMD.controlPoint, hexToBytes('77 01'));
    link.notify(POLAR_PMD.service, POLAR_PMD.controlPoint, hexToBytes('F0 01 02 00 00 00 01 19 00')); // stale answer, nobody waiting
    expect(seen['parse-error'].map((e) => `${e.source}:${e.code}`)).toEqual([
      'pmd-data:empty', 'pmd-data:truncated', 'pmd-data:malformed', 'pmd-data:unknown-type', 'pmd-data:out-of-range', 'pmd-control-point:unknown-type',
    ]);
    expect(seen.acc).toHaveLength(0);
    link.notify(POLAR_PMD.service, POLAR_PMD.controlPoint, encodePmdStoppedByDevice([2]));
    expect(d.status).toMatchObject({ state: 'streaming', streams: ['hr'], warning: 'Accelerometer stopped by the sensor' });
    // Nothing left to stop on the sensor: disconnect sends no STOP.
    await d.disconnect();
    expect(link.writes).toHaveLength(2);
  });

  it('link loss mid-stream: status says so, pending commands fail, nothing throws', async () => {
    const link = fakeH10();
    const d = createDriver('polar-pmd', link);
    await d.start();
    link.drop('connection timeout (0x08)');
    expect(d.status).toMatchObject({ state: 'stopped', message: 'Link lost: connection timeout (0x08)' });
    await expect(d.stop()).resolves.toBeUndefined();
  });
});

describe('generic IMU driver', () => {
  it('streams g at the packet rate, reports lost packets and keeps the time base across them', async () => {
    const link = fakeImu();
    const d = createDriver('generic-imu', link);
    const seen = record(d);
    await d.start();
    expect(d.status).toMatchObject({ state: 'streaming', streams: ['acc'] });
    expect(d.info.battery).toBe(100);
    const pkt = (seq: number) => encodeGenericImuPacket({ rangeG: 8, sampleRateHz: 100, sequence: seq, samplesG: Array.from({ length: 10 }, (_, i) => [i / 10, 0, 1] as [number, number, number]) });
    link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, pkt(65534), 1000);
    link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, pkt(65535), 1102);
    link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, pkt(2), 1405); // 0 and 1 lost
    link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, hexToBytes('01 08 64 00 03 00 05 00'), 1500); // truncated
    link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, hexToBytes('07'), 1500);
    expect(seen.acc).toHaveLength(3);
    expect(seen.acc[0].samples[9]).toEqual({ tMs: 1000, x: 3686 / 4096, y: 0, z: 1 });
    expect(seen.acc[0].samples[0].tMs).toBe(910);
    expect(seen.acc[1].samples[0].tMs).toBe(1010);
    // Two lost packets of 10 samples: the next packet starts 21 sample periods later.
    expect(seen.loss).toEqual([{ atMs: 1405, packets: 2, samples: 20 }]);
    expect(seen.acc[2].samples[0].tMs).toBe(1100 + 210);
    expect(d.counters).toMatchObject({ lostPackets: 2, accSamples: 30, parseErrors: 2 });
    expect(seen['parse-error'].map((e) => e.code)).toEqual(['truncated', 'unsupported-version']);
  });

  it('a stall keeps the time base: packets that arrive late keep their sample times (imu-host-clock.test.ts has the rest)', async () => {
    const link = fakeImu();
    const d = createDriver('generic-imu', link);
    const seen = record(d);
    await d.start();
    const pkt = (seq: number) => encodeGenericImuPacket({ rangeG: 4, sampleRateHz: 50, sequence: seq, samplesG: [[0, 0, 1]] });
    link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, pkt(1), 0);
    link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, pkt(2), 5000); // a stall, no loss
    expect(seen.acc[1].samples[0].tMs).toBe(20);
    expect(d.counters.resyncs).toBe(0);
  });
});

describe('drivers under random notifications', () => {
  it('100,000 random buffers into each H10 characteristic: no throw, every one becomes a sample batch or a counted error', async () => {
    const link = fakeH10();
    const d = createDriver('polar-pmd', link);
    const seen = record(d);
    await d.start();
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const buf = (maxLen: number, first?: number) => {
      const b = Uint8Array.from({ length: (rnd() * maxLen) | 0 }, () => (rnd() * 256) | 0);
      if (first !== undefined && b.length) b[0] = first;
      return b;
    };
    const N = 100_000;
    const before = d.counters.notifications; // the two answers during start()
    for (let i = 0; i < N; i++) {
      link.notify(HEART_RATE.service, HEART_RATE.measurement, buf(12), i);
      link.notify(POLAR_PMD.service, POLAR_PMD.data, buf(240, 2), i);
      // Random control-point traffic except 0x01 (which would be a legitimate "stopped by device").
      link.notify(POLAR_PMD.service, POLAR_PMD.controlPoint, buf(30, rnd() < 0.5 ? 0xf0 : 0x42), i);
    }
    const bySource = (s: string) => seen['parse-error'].filter((e) => e.source === s).length;
    expect(seen.hr.length + bySource('heart-rate')).toBe(N);
    expect(seen.acc.length + bySource('pmd-data')).toBe(N);
    // Well-formed answers nobody asked for are dropped silently; the rest are counted.
    expect(bySource('pmd-control-point')).toBeGreaterThan(N / 4);
    expect(d.counters.notifications - before).toBe(3 * N);
    expect(seen.acc.length).toBeGreaterThan(0);
    expect(d.status.streams).toEqual(['hr', 'acc']);
    await d.disconnect();
    expect(link.accStreaming()).toBe(false);
  });
});
