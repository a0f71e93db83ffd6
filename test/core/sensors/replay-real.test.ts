/**
 * A real chest recording (Hexoskin shirt, 64 Hz acceleration + beat intervals; see
 * ../shared/data/README.md) encoded into the bytes a Polar H10 and a SetBeat IMU would send,
 * then read back through the drivers: values and times must come out as recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeGenericImuPacket, encodeHeartRateMeasurement, encodePmdAccRawFrame, epochMsToPolarNs } from '../../../src/core/ble';
import { createDriver, type AccBatch, type RrInterval } from '../../../src/core/sensors';
import { HEART_RATE, POLAR_PMD, SETBEAT_IMU } from '../../../src/shared/gatt';
import { explainMissingData, HAS_SHARED_DATA, SHARED_DATA_DIR } from '../../data-dir';
import { fakeH10, fakeImu } from './fake-link';

function csv(file: string): number[][] {
  const lines = fs.readFileSync(path.join(SHARED_DATA_DIR, 'chest-shirt', file), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.split(',').map(Number));
}

if (!HAS_SHARED_DATA) console.log(explainMissingData('sensor driver replay of chest-shirt/shirt-004'));

describe.skipIf(!HAS_SHARED_DATA)('drivers replaying a real chest recording (shirt-004)', () => {
  it('Polar H10: 25 min of ACC in 36-sample frames + every RR beat come back as recorded', async () => {
    const acc = csv('shirt-004.acc.csv');
    const rr = csv('shirt-004.rr.csv').filter((r) => r[1] > 0);
    const link = fakeH10();
    const d = createDriver('polar-pmd', link, { accSampleRateHz: 50 });
    const batches: AccBatch[] = [];
    const beats: RrInterval[] = [];
    d.on('acc', (b) => batches.push(b));
    d.on('rr', (r) => beats.push(r));
    await d.start();
    expect(d.status.streams).toEqual(['hr', 'acc']);

    const hostStart = 1_750_000_000_000;
    const sensorStart = epochMsToPolarNs(1_546_300_800_000); // H10 default clock, 2019-01-01
    // Interleave both streams in time order, as the radio would deliver them.
    type Ev = { t: number; send: () => void };
    const events: Ev[] = [];
    for (let i = 0; i + 36 <= acc.length; i += 36) {
      const rows = acc.slice(i, i + 36);
      const last = rows[35][0];
      const ts = sensorStart + BigInt(Math.round(last * 1e9));
      const frame = encodePmdAccRawFrame(ts, rows.map((r) => [r[1] * 1000, r[2] * 1000, r[3] * 1000] as [number, number, number]));
      events.push({ t: last, send: () => link.notify(POLAR_PMD.service, POLAR_PMD.data, frame, hostStart + last * 1000 + 30) });
    }
    for (const [t, rrMs] of rr) {
      const bytes = encodeHeartRateMeasurement({ bpm: Math.round(60000 / rrMs), rrMs: [rrMs] });
      events.push({ t, send: () => link.notify(HEART_RATE.service, HEART_RATE.measurement, bytes, hostStart + t * 1000) });
    }
    events.sort((a, b) => a.t - b.t);
    for (const e of events) e.send();

    const samples = batches.flatMap((b) => b.samples);
    const n = Math.floor(acc.length / 36) * 36;
    expect(samples).toHaveLength(n);
    expect(d.counters.parseErrors).toBe(0);
    // Values: mG integers on the wire, so within 0.5 mG of the recording.
    let worst = 0;
    for (let i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(samples[i].x - acc[i][1]), Math.abs(samples[i].y - acc[i][2]), Math.abs(samples[i].z - acc[i][3]));
    }
    expect(worst).toBeLessThanOrEqual(0.0005 + 1e-9);
    // Times: after the first frame (nominal 50 Hz, no predecessor) every sample sits where the
    // recording put it, on the host clock (offset fixed by the first frame's arrival).
    const offset = samples[35].tMs - acc[35][0] * 1000;
    let worstMs = 0;
    for (let i = 36; i < n; i++) worstMs = Math.max(worstMs, Math.abs(samples[i].tMs - offset - acc[i][0] * 1000));
    expect(worstMs).toBeLessThan(1);
    const ordered = samples.every((s, i) => i === 0 || s.tMs > samples[i - 1].tMs);
    expect(ordered).toBe(true);
    // Every beat, at its time, with its interval (1/1024 s on the wire).
    expect(beats).toHaveLength(rr.length);
    for (let i = 0; i < rr.length; i++) {
      expect(Math.abs(beats[i].rrMs - rr[i][1])).toBeLessThanOrEqual(0.5);
      expect(beats[i].tMs).toBe(hostStart + rr[i][0] * 1000);
    }
    console.log(`shirt-004 via H10 driver: ${samples.length} ACC samples (worst ${(worst * 1000).toFixed(2)} mG, ${worstMs.toFixed(2)} ms), ${beats.length} beats`);
    await d.disconnect();
    expect(link.accStreaming()).toBe(false);
  });

  it('generic IMU: the same acceleration in 8-sample packets, every 40th packet lost', async () => {
    const acc = csv('shirt-004.acc.csv');
    const link = fakeImu();
    const d = createDriver('generic-imu', link);
    const batches: AccBatch[] = [];
    d.on('acc', (b) => batches.push(b));
    await d.start();
    let sent = 0;
    let dropped = 0;
    for (let i = 0, seq = 0; i + 8 <= acc.length; i += 8, seq++) {
      if (seq % 40 === 39) {
        dropped++;
        continue;
      }
      const rows = acc.slice(i, i + 8);
      const bytes = encodeGenericImuPacket({ rangeG: 8, sampleRateHz: 64, sequence: seq, samplesG: rows.map((r) => [r[1], r[2], r[3]] as [number, number, number]) });
      link.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, bytes, 1_750_000_000_000 + rows[7][0] * 1000 + 20);
      sent++;
    }
    expect(batches).toHaveLength(sent);
    expect(d.counters).toMatchObject({ lostPackets: dropped, parseErrors: 0, accSamples: sent * 8 });
    const lsb = 8 / 32768;
    let worst = 0;
    const first = batches[0].samples[0].tMs;
    let worstMs = 0;
    for (const b of batches) {
      for (const s of b.samples) {
        const k = Math.round(((s.tMs - first) * 64) / 1000); // sample index from the nominal clock
        worst = Math.max(worst, Math.abs(s.x - acc[k][1]), Math.abs(s.z - acc[k][3]));
        worstMs = Math.max(worstMs, Math.abs(s.tMs - first - acc[k][0] * 1000));
      }
    }
    // Lost packets advance the clock, so every sample lines up with its recorded row.
    expect(worst).toBeLessThanOrEqual(lsb / 2 + 1e-12);
    expect(worstMs).toBeLessThan(1000 / 64 / 2);
    console.log(`shirt-004 via IMU driver: ${sent} packets, ${dropped} lost and bridged; worst ${(worst * 1000).toFixed(3)} mG, ${worstMs.toFixed(2)} ms`);
  });
});
