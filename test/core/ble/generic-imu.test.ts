import { describe, expect, it } from 'vitest';
import { encodeGenericImuPacket, genericImuPacketsLost, hexToBytes, parseGenericImuPacket } from '../../../src/core/ble';

describe('SetBeat generic IMU packet (docs/generic-imu-profile.md)', () => {
  it('decodes the documented example byte for byte', () => {
    // The example in the doc: version 1, +-8 g, 100 Hz, sequence 258, 2 samples.
    const r = parseGenericImuPacket(hexToBytes('01 08 64 00 02 01 02  00 00 00 00 00 10  00 F0 00 08 00 F8'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ version: 1, rangeG: 8, sampleRateHz: 100, sequence: 258, count: 2 });
    // 0x1000 = 4096 LSB x 8/32768 g = 1 g; 0xF000 = -1 g; 0x0800 = 0.5 g; 0xF800 = -0.5 g.
    expect(Array.from(r.value.g)).toEqual([0, 0, 1, -1, 0.5, -0.5]);
  });
  it('round-trips through the encoder, clipping to the range', () => {
    const samples: [number, number, number][] = [[0.01, -0.98, 0.2], [7.9, -8, 12]];
    const bytes = encodeGenericImuPacket({ rangeG: 8, sampleRateHz: 208, sequence: 65535, samplesG: samples });
    expect(bytes.length).toBe(7 + 12);
    const r = parseGenericImuPacket(bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.sequence).toBe(65535);
    expect(r.value.sampleRateHz).toBe(208);
    const lsb = 8 / 32768;
    expect(Math.abs(r.value.g[0] - 0.01)).toBeLessThanOrEqual(lsb / 2);
    expect(Math.abs(r.value.g[1] + 0.98)).toBeLessThanOrEqual(lsb / 2);
    expect(r.value.g[5]).toBeCloseTo(8 - lsb, 9); // 12 g clipped to full scale
    expect(r.value.g[4]).toBe(-8);
  });
  it('rejects bad packets with typed errors', () => {
    const cases: [string, string][] = [
      ['', 'empty'],
      ['02 08 64 00 00 00 01 00 00 00 00 00 00', 'unsupported-version'],
      ['01 08 64 00 00', 'truncated'],
      ['01 00 64 00 00 00 01 00 00 00 00 00 00', 'out-of-range'],
      ['01 08 00 00 00 00 01 00 00 00 00 00 00', 'out-of-range'],
      ['01 08 64 00 00 00 00', 'malformed'],
      ['01 08 64 00 00 00 02 00 00 00 00 00 00', 'truncated'],
      ['01 08 64 00 00 00 01 00 00 00 00 00 00 00', 'trailing-bytes'],
    ];
    for (const [h, code] of cases) {
      const r = parseGenericImuPacket(hexToBytes(h));
      expect(r.ok ? 'ok' : r.error.code, h).toBe(code);
    }
  });
  it('counts lost packets across the 16-bit wrap', () => {
    expect(genericImuPacketsLost(5, 6)).toBe(0);
    expect(genericImuPacketsLost(5, 9)).toBe(3);
    expect(genericImuPacketsLost(65534, 1)).toBe(2);
    expect(genericImuPacketsLost(65535, 0)).toBe(0);
  });
});
