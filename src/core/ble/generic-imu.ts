/**
 * SetBeat's generic IMU profile (docs/generic-imu-profile.md), one packet per notification:
 *
 *   0  u8      version (1)
 *   1  u8      range_g: full scale in g; one LSB = range_g / 32768 g
 *   2  u16 LE  sample rate, Hz
 *   4  u16 LE  sequence number, +1 per packet, wraps 65535 -> 0 (loss detection)
 *   6  u8      N, samples in this packet (1..255)
 *   7  N x (x, y, z) int16 LE
 */
import { ByteWriter, i16le, u16le } from './bytes';
import { fail, ok, type ParseResult } from './result';

export const GENERIC_IMU_VERSION = 1;
export const GENERIC_IMU_HEADER_BYTES = 7;
export const GENERIC_IMU_SAMPLE_BYTES = 6;

export interface GenericImuPacket {
  version: number;
  rangeG: number;
  sampleRateHz: number;
  sequence: number;
  count: number;
  /** count*3 values x0,y0,z0,x1,... in g. */
  g: Float64Array;
}

export function parseGenericImuPacket(b: Uint8Array): ParseResult<GenericImuPacket> {
  if (b.length === 0) return fail('empty', 'IMU packet is empty');
  if (b[0] !== GENERIC_IMU_VERSION) return fail('unsupported-version', `IMU packet version ${b[0]} is not supported (this app reads version 1)`);
  if (b.length < GENERIC_IMU_HEADER_BYTES) return fail('truncated', `IMU packet of ${b.length} byte(s) is shorter than its 7-byte header`);
  const rangeG = b[1];
  const sampleRateHz = u16le(b, 2);
  const sequence = u16le(b, 4);
  const count = b[6];
  if (rangeG === 0) return fail('out-of-range', 'IMU packet has a range of 0 g');
  if (sampleRateHz === 0) return fail('out-of-range', 'IMU packet has a sample rate of 0 Hz');
  if (count === 0) return fail('malformed', 'IMU packet holds no samples');
  const expected = GENERIC_IMU_HEADER_BYTES + count * GENERIC_IMU_SAMPLE_BYTES;
  if (b.length < expected) return fail('truncated', `IMU packet announces ${count} sample(s) (${expected} bytes) but has ${b.length}`);
  if (b.length > expected) return fail('trailing-bytes', `IMU packet announces ${count} sample(s) (${expected} bytes) but has ${b.length}`);
  const scale = rangeG / 32768;
  const g = new Float64Array(count * 3);
  for (let i = 0, o = GENERIC_IMU_HEADER_BYTES; i < g.length; i++, o += 2) g[i] = i16le(b, o) * scale;
  return ok({ version: b[0], rangeG, sampleRateHz, sequence, count, g });
}

export interface GenericImuPacketInput {
  rangeG: number;
  sampleRateHz: number;
  sequence: number;
  /** x,y,z in g; clipped to the range. */
  samplesG: readonly (readonly [number, number, number])[];
}

export function encodeGenericImuPacket(p: GenericImuPacketInput): Uint8Array {
  const n = Math.min(255, p.samplesG.length);
  const w = new ByteWriter(GENERIC_IMU_HEADER_BYTES + n * GENERIC_IMU_SAMPLE_BYTES)
    .u8(GENERIC_IMU_VERSION)
    .u8(p.rangeG)
    .u16(p.sampleRateHz)
    .u16(p.sequence & 0xffff)
    .u8(n);
  const perG = 32768 / p.rangeG;
  for (let i = 0; i < n; i++) {
    for (const v of p.samplesG[i]) w.int(Math.max(-32768, Math.min(32767, Math.round(v * perG))), 2);
  }
  return w.done();
}

/** Packets lost between two sequence numbers (0 when consecutive), across the wrap. */
export function genericImuPacketsLost(previous: number, current: number): number {
  return (current - previous - 1 + 0x10000) & 0xffff;
}
