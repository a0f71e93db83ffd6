/**
 * Junk that is well-formed by the Heart Rate spec: a 16-bit rate of 42,988 bpm (seen on the
 * live screen under a garbage burst before the drivers refused it). The driver counts it as a
 * parse error and emits no heart rate, no RR and no contact change for it; real rates up to
 * the limit still pass.
 */
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../src/core/ble';
import { createDriver, type SensorEvents } from '../../src/core/sensors';
import { MAX_PLAUSIBLE_BPM } from '../../src/core/sensors/base-driver';
import { HEART_RATE } from '../../src/shared/gatt';
import { fakeHrStrap } from '../core/sensors/fake-link';

describe('heart rates no heart beats at', () => {
  it('are counted as parse errors, not shown or stored', async () => {
    const link = fakeHrStrap();
    const d = createDriver('hr-strap', link);
    const hr: SensorEvents['hr'][] = [];
    const rr: SensorEvents['rr'][] = [];
    const errors: SensorEvents['parse-error'][] = [];
    d.on('hr', (v) => hr.push(v));
    d.on('rr', (v) => rr.push(v));
    d.on('parse-error', (e) => errors.push(e));
    await d.start();
    // flags 0x11: 16-bit rate + RR present; 0xA7EC = 42,988 bpm, one RR.
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('11 EC A7 00 04'), 1000);
    // flags 0x01: 16-bit rate of 301 bpm, just over the limit.
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('01 2D 01'), 2000);
    // 16-bit 300 bpm and 8-bit 72 bpm are real enough.
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('01 2C 01'), 3000);
    link.notify(HEART_RATE.service, HEART_RATE.measurement, hexToBytes('00 48'), 4000);
    expect(hr.map((h) => h.bpm)).toEqual([MAX_PLAUSIBLE_BPM, 72]);
    expect(rr).toEqual([]);
    expect(errors.map((e) => [e.source, e.code])).toEqual([
      ['heart-rate', 'out-of-range'],
      ['heart-rate', 'out-of-range'],
    ]);
    expect(errors[0].message).toMatch(/42988 bpm is not plausible/);
    expect(d.counters.parseErrors).toBe(2);
    await d.disconnect();
  });
});
