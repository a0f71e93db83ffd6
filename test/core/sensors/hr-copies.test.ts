/**
 * A heart-rate notification is one measurement: a repeated copy, or a copy cut short that
 * still parses (its RR intervals gone), delivered with it adds no heart-rate sample and no RR
 * interval. Byte vectors from ble-protocols.md §1.2.
 */
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/core/ble';
import { createDriver, type SensorDriver, type SensorEvents } from '../../../src/core/sensors';
import { HEART_RATE } from '../../../src/shared/gatt';
import { fakeH10, fakeHrStrap, type FakeLink } from './fake-link';

function record(d: SensorDriver) {
  const seen = { hr: [] as SensorEvents['hr'][], rr: [] as SensorEvents['rr'][], errors: [] as SensorEvents['parse-error'][] };
  d.on('hr', (s) => seen.hr.push(s));
  d.on('rr', (s) => seen.rr.push(s));
  d.on('parse-error', (e) => seen.errors.push(e));
  return seen;
}
const send = (link: FakeLink, hex: string, atMs: number) => link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes(hex), atMs);
const rr = (seen: ReturnType<typeof record>) => seen.rr.map((r) => [r.tMs, Math.round(r.rrMs * 10) / 10]);

describe('heart-rate notifications delivered with a copy', () => {
  it('a copy cut short after its first RR interval, or after the rate, adds nothing', async () => {
    const link = fakeHrStrap();
    const d = createDriver('hr-strap', link);
    const seen = record(d);
    await d.start();
    send(link, '16 48 E0 02 A7 02', 10_000); // 72 bpm, RR 718.8 and 663.1 ms
    send(link, '16 48 E0 02', 10_000); // the same, its second RR cut off: still well-formed
    send(link, '16 48', 10_000); // cut after the rate: 72 bpm with the RR flag and no RR, well-formed
    expect(seen.hr).toEqual([{ tMs: 10_000, bpm: 72, contact: true }]);
    expect(rr(seen)).toEqual([[10_000 - 663.0859375, 718.8], [10_000, 663.1]]);
    expect(seen.errors.map((e) => e.code)).toEqual(['duplicate', 'duplicate']);
    expect(d.counters).toMatchObject({ notifications: 3, hrSamples: 1, rrIntervals: 2, parseErrors: 2 });
  });

  it('energy expended and the uint16 rate: copies cut inside the RR list add nothing; junk between them does not hide them', async () => {
    const link = fakeHrStrap();
    const d = createDriver('hr-strap', link);
    const seen = record(d);
    await d.start();
    send(link, '1E 4B 5E 01 33 03 1E 03', 20_000); // 75 bpm, 350 kJ, RR 799.8 and 779.3
    send(link, 'FF', 20_000); // noise in between (not a heart-rate measurement)
    send(link, '1E 4B 5E 01 33 03', 20_001);
    send(link, '11 A1 00 F4 03', 21_000); // 161 bpm (uint16), RR 988.3: the next real notification
    send(link, '11 A1 00', 21_000);
    expect(seen.hr.map((h) => [h.tMs, h.bpm])).toEqual([[20_000, 75], [21_000, 161]]);
    expect(rr(seen).map(([, v]) => v)).toEqual([799.8, 779.3, 988.3]);
    expect(seen.errors.map((e) => e.code)).toEqual(['truncated', 'duplicate', 'duplicate']);
  });

  it('H10 flags: an exact repeat in the same delivery is one sample; the same bytes a second later are the next one', async () => {
    const link = fakeH10();
    const d = createDriver('polar-pmd', link);
    const seen = record(d);
    await d.start();
    send(link, '10 50 00 04', 5000); // 80 bpm, RR 1000 ms
    send(link, '10 50 00 04', 5000);
    send(link, '10 50', 5000);
    send(link, '10 50 00 04', 6000); // the next beat happens to be just as long
    expect(seen.hr.map((h) => [h.tMs, h.bpm])).toEqual([[5000, 80], [6000, 80]]);
    expect(rr(seen)).toEqual([[5000, 1000], [6000, 1000]]);
  });

  it('the cut copy first, the whole one after: one sample, and only the RR the copy lacked is added', async () => {
    const link = fakeHrStrap();
    const d = createDriver('hr-strap', link);
    const seen = record(d);
    await d.start();
    send(link, '16 48 E0 02', 10_000);
    send(link, '16 48 E0 02 A7 02', 10_000);
    expect(seen.hr).toHaveLength(1);
    expect(rr(seen).map(([, v]) => v)).toEqual([718.8, 663.1]);
    expect(seen.rr.at(-1)?.tMs).toBe(10_000);
    // Each notification is a sample or a counted reject, as for any junk.
    expect(d.counters.hrSamples + d.counters.parseErrors).toBe(d.counters.notifications);
  });
});
