import { describe, expect, it } from 'vitest';
import {
  packAccChunk,
  quantiseG,
  quantiseTime,
  unpackAccChunk,
  type AccPoint,
} from '../../../src/core/chunks/acc-chunk';
import { mulberry32 } from '../../helpers/prng';

const rng = mulberry32;

function roundTrip(samples: AccPoint[]): void {
  const packed = packAccChunk(samples);
  const res = unpackAccChunk(packed.bytes);
  if (!res.ok) throw new Error(res.error);
  const c = res.chunk;
  expect(c.count).toBe(samples.length);
  const t0 = samples[0].tMs;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    expect(c.tMs[i]).toBe(quantiseTime(t0, s.tMs));
    expect(c.x[i]).toBe(quantiseG(s.x));
    expect(c.y[i]).toBe(quantiseG(s.y));
    expect(c.z[i]).toBe(quantiseG(s.z));
    // Quantisation error bounds: 10 µs rounding, 1/8192 g rounding inside ±8 g.
    expect(Math.abs(c.tMs[i] - s.tMs)).toBeLessThanOrEqual(0.005 + 1e-6);
    if (Math.abs(s.x) < 7.99) expect(Math.abs(c.x[i] - s.x)).toBeLessThanOrEqual(1 / 8192 + 1e-12);
  }
}

describe('acc chunk codec', () => {
  it('round-trips random regular, jittered, gappy and backwards chunks exactly (quantised)', () => {
    const r = rng(20261126);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(r() * 260);
      const t0 = 1.7e12 + r() * 1e10;
      const kind = trial % 4;
      const rate = [12.5, 52, 64, 100, 200][Math.floor(r() * 5)];
      const samples: AccPoint[] = [];
      let t = t0;
      for (let i = 0; i < n; i++) {
        const g = () => (r() - 0.5) * (r() < 0.05 ? 40 : 6); // some beyond ±8 g to exercise clamping
        samples.push({ tMs: t, x: g(), y: g(), z: g() });
        const dt = 1000 / rate;
        if (kind === 0) t = t0 + (i + 1) * dt;
        else if (kind === 1) t += dt + (r() - 0.5) * 2;
        else if (kind === 2) t += r() < 0.05 ? 900 + r() * 5000 : dt;
        else t += r() < 0.1 ? -r() * 50 : dt;
      }
      roundTrip(samples);
    }
  });

  it('chooses the compact regular mode for a steady 200 Hz sensor: 6 bytes a sample', () => {
    const samples = Array.from({ length: 200 }, (_, i) => ({ tMs: 1_800_000_000_000 + i * 5, x: 0.01 * i, y: -1, z: 0.5 }));
    const packed = packAccChunk(samples);
    expect(packed.bytes.byteLength).toBe(14 + 4 + 6 * 200);
    expect(packed.t1Ms).toBe(1_800_000_000_000 + 199 * 5);
    roundTrip(samples);
  });

  it('keeps Polar 16-bit mG resolution: every mG step reads back distinct', () => {
    const samples = Array.from({ length: 2000 }, (_, i) => ({ tMs: i, x: (i - 1000) / 1000, y: 0, z: 0 }));
    const res = unpackAccChunk(packAccChunk(samples).bytes);
    if (!res.ok) throw new Error(res.error);
    const distinct = new Set(Array.from(res.chunk.x));
    expect(distinct.size).toBe(2000);
  });

  it('counts values clamped beyond ±8 g', () => {
    const packed = packAccChunk([{ tMs: 0, x: 9, y: -8.5, z: 7.9 }]);
    expect(packed.clamped).toBe(2);
    const res = unpackAccChunk(packed.bytes);
    expect(res.ok && [res.chunk.x[0], res.chunk.y[0]]).toEqual([32767 / 4096, -8]);
  });

  it('returns an error value, never throws, on damaged bytes', () => {
    const good = packAccChunk(Array.from({ length: 10 }, (_, i) => ({ tMs: i * 7.3, x: i, y: 0, z: 0 }))).bytes;
    expect(unpackAccChunk(new Uint8Array(3))).toEqual({ ok: false, error: 'chunk too short (3 bytes)' });
    expect(unpackAccChunk(good.slice(0, good.length - 1)).ok).toBe(false);
    const wrongFormat = good.slice();
    wrongFormat[0] = 9;
    expect(unpackAccChunk(wrongFormat)).toEqual({ ok: false, error: 'unknown chunk format 9' });
    const wrongMode = good.slice();
    wrongMode[1] = 7;
    expect(unpackAccChunk(wrongMode)).toEqual({ ok: false, error: 'unknown time mode 7' });
    const r = rng(7);
    for (let i = 0; i < 2000; i++) {
      const junk = new Uint8Array(Math.floor(r() * 64)).map(() => Math.floor(r() * 256));
      expect(() => unpackAccChunk(junk)).not.toThrow();
    }
  });
});
