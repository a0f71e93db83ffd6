import { describe, expect, it } from 'vitest';
import {
  encodeBatteryLevel,
  encodeBodySensorLocation,
  encodeDeviceInformationString,
  encodeHeartRateMeasurement,
  hexToBytes,
  parseBatteryLevel,
  parseBodySensorLocation,
  parseDeviceInformationString,
  parseHeartRateMeasurement,
  type HeartRateMeasurement,
} from '../../../src/core/ble';

function hr(hex: string): HeartRateMeasurement {
  const r = parseHeartRateMeasurement(hexToBytes(hex));
  if (!r.ok) throw new Error(`expected ${hex} to parse: ${r.error.message}`);
  return r.value;
}

describe('Heart Rate Measurement 0x2A37 (reference §1.2 vectors)', () => {
  it('06 3C: real H7, 60 bpm, contact supported and detected, no RR', () => {
    const m = hr('06 3C');
    expect(m).toMatchObject({ bpm: 60, format: 'uint8', contactSupported: true, contactDetected: true, contact: true, energyExpendedKj: null });
    expect(m.rrMs).toEqual([]);
  });
  it('16 3C 11 04: real H7, RR 1041/1024 s = 1016.6 ms', () => {
    const m = hr('16 3C 11 04');
    expect(m.bpm).toBe(60);
    expect(m.rr1024).toEqual([1041]);
    expect(m.rrMs[0]).toBeCloseTo(1016.6, 1);
  });
  it('16 3C F5 03: real H7, RR 989.3 ms', () => {
    expect(hr('16 3C F5 03').rrMs[0]).toBeCloseTo(989.3, 1);
  });
  it('16 48 E0 02 A7 02: two RR intervals', () => {
    const m = hr('16 48 E0 02 A7 02');
    expect(m.bpm).toBe(72);
    expect(m.rrMs.map((v) => Math.round(v * 10) / 10)).toEqual([718.8, 663.1]);
  });
  it('1E 4B 5E 01 33 03 1E 03: energy expended 350 kJ then two RR', () => {
    const m = hr('1E 4B 5E 01 33 03 1E 03');
    expect(m.bpm).toBe(75);
    expect(m.contact).toBe(true);
    expect(m.energyExpendedKj).toBe(350);
    expect(m.rrMs.map((v) => Math.round(v * 10) / 10)).toEqual([799.8, 779.3]);
  });
  it('11 A1 00 F4 03: uint16 rate 161 bpm, contact unsupported (null, not false)', () => {
    const m = hr('11 A1 00 F4 03');
    expect(m).toMatchObject({ bpm: 161, format: 'uint16', contactSupported: false, contact: null });
    expect(m.rrMs[0]).toBeCloseTo(988.3, 1);
  });
  it('04 50: contact supported but NOT detected -> contact false', () => {
    expect(hr('04 50')).toMatchObject({ bpm: 80, contactSupported: true, contactDetected: false, contact: false });
  });
  it('10 50 00 04: H10-style flags, RR exactly 1000 ms', () => {
    const m = hr('10 50 00 04');
    expect(m.contact).toBeNull();
    expect(m.rrMs).toEqual([1000]);
  });
  it('nine RR values in a 20-byte notification', () => {
    const m = hr('10 40 ' + '00 04 '.repeat(9));
    expect(m.rrMs).toHaveLength(9);
  });
  it('RR flag with no intervals is valid (no beat in the interval)', () => {
    expect(hr('10 40').rrMs).toEqual([]);
  });
  it('rejects malformed input with a typed error', () => {
    const cases: [string, string][] = [
      ['', 'empty'],
      ['08 00', 'truncated'], // EE flag, EE bytes missing (seen in testing, reference §1.2)
      ['01 50', 'truncated'], // uint16 rate cut short
      ['00', 'truncated'],
      ['10 50 00', 'truncated'], // half an RR
      ['00 50 01', 'trailing-bytes'],
    ];
    for (const [hex, code] of cases) {
      const r = parseHeartRateMeasurement(hexToBytes(hex));
      expect(r.ok, hex).toBe(false);
      if (!r.ok) {
        expect(r.error.code, hex).toBe(code);
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
  });
  it('encoder reproduces the reference bytes', () => {
    const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
    expect(toHex(encodeHeartRateMeasurement({ bpm: 60, contact: true }))).toBe('06 3c');
    expect(toHex(encodeHeartRateMeasurement({ bpm: 60, contact: true, rr1024: [1041] }))).toBe('16 3c 11 04');
    expect(toHex(encodeHeartRateMeasurement({ bpm: 75, contact: true, energyExpendedKj: 350, rr1024: [819, 798] }))).toBe('1e 4b 5e 01 33 03 1e 03');
    expect(toHex(encodeHeartRateMeasurement({ bpm: 161, uint16: true, rr1024: [1012] }))).toBe('11 a1 00 f4 03');
    expect(toHex(encodeHeartRateMeasurement({ bpm: 80, contact: false }))).toBe('04 50');
    expect(toHex(encodeHeartRateMeasurement({ bpm: 80, rrMs: [1000] }))).toBe('10 50 00 04');
  });
  it('encode -> parse round trip keeps every field', () => {
    for (const input of [
      { bpm: 300, contact: null, energyExpendedKj: 65535, rrMs: [333.0078125, 2000] },
      { bpm: 0, contact: false },
      { bpm: 255, contact: true, rr1024: [0, 65535] },
    ]) {
      const m = hr(Array.from(encodeHeartRateMeasurement(input), (x) => x.toString(16).padStart(2, '0')).join(''));
      expect(m.bpm).toBe(input.bpm);
      expect(m.contact).toBe(input.contact);
      expect(m.energyExpendedKj).toBe(input.energyExpendedKj ?? null);
      if (input.rrMs) expect(m.rrMs).toEqual(input.rrMs);
      if (input.rr1024) expect(m.rr1024).toEqual(input.rr1024);
    }
  });
});

describe('Body Sensor Location 0x2A38', () => {
  it('decodes every defined value and rejects reserved ones', () => {
    const names = [0, 1, 2, 3, 4, 5, 6].map((v) => {
      const r = parseBodySensorLocation(Uint8Array.of(v));
      return r.ok ? r.value : r.error.code;
    });
    expect(names).toEqual(['other', 'chest', 'wrist', 'finger', 'hand', 'ear-lobe', 'foot']);
    const reserved = parseBodySensorLocation(Uint8Array.of(7));
    expect(reserved.ok ? null : reserved.error.code).toBe('out-of-range');
    expect(parseBodySensorLocation(new Uint8Array(0)).ok).toBe(false);
    expect(Array.from(encodeBodySensorLocation('chest'))).toEqual([1]);
  });
});

describe('Battery Level 0x2A19', () => {
  it('reads 0-100 % and rejects the rest', () => {
    expect(parseBatteryLevel(Uint8Array.of(87))).toEqual({ ok: true, value: 87 });
    expect(parseBatteryLevel(Uint8Array.of(100))).toEqual({ ok: true, value: 100 });
    const high = parseBatteryLevel(Uint8Array.of(101));
    expect(high.ok ? null : high.error.code).toBe('out-of-range');
    expect(parseBatteryLevel(new Uint8Array(0)).ok).toBe(false);
    expect(parseBatteryLevel(Uint8Array.of(50, 1)).ok).toBe(false);
    expect(Array.from(encodeBatteryLevel(87))).toEqual([87]);
  });
});

describe('Device Information strings', () => {
  it('decodes UTF-8 and trims trailing NULs', () => {
    expect(parseDeviceInformationString(Uint8Array.of(...new TextEncoder().encode('Polar Electro Oy'), 0, 0))).toEqual({ ok: true, value: 'Polar Electro Oy' });
    expect(parseDeviceInformationString(encodeDeviceInformationString('Capteur ü 3.1'))).toEqual({ ok: true, value: 'Capteur ü 3.1' });
    expect(parseDeviceInformationString(new Uint8Array(0))).toEqual({ ok: true, value: '' });
  });
  it('rejects invalid UTF-8 rather than inventing characters', () => {
    const r = parseDeviceInformationString(Uint8Array.of(0x50, 0xff, 0xfe));
    expect(r.ok ? null : r.error.code).toBe('malformed');
  });
});
