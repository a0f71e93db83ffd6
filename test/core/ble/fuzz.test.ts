/**
 * A million random and truncated/mutated buffers per parser (seeded, so a failure repeats):
 * none may throw, each is either parsed or rejected with a known code and a message, and the
 * two counts add up to the number fed.
 */
import { describe, expect, it } from 'vitest';
import {
  decodePmdAccFrame,
  encodeGenericImuPacket,
  encodeHeartRateMeasurement,
  encodePmdAccDeltaFrame,
  hexToBytes,
  parseBatteryLevel,
  parseBodySensorLocation,
  parseDeviceInformationString,
  parseGenericImuPacket,
  parseHeartRateMeasurement,
  parsePmdCommand,
  parsePmdControlPointIndication,
  parsePmdDataFrame,
  parsePmdFeatures,
  pmdResponseSettings,
  type ParseErrorCode,
  type ParseResult,
} from '../../../src/core/ble';
import { CP, V1_ACC_RAW16, V2_ACC_DELTA1, V3_ACC_DELTA0, V4_VERITY_DELTA, V5_H10_RAW } from './vectors';
import { mulberry32 } from '../../helpers/prng';

const PER_PARSER = 1_000_000;
const CODES: ReadonlySet<ParseErrorCode> = new Set(['empty', 'truncated', 'trailing-bytes', 'out-of-range', 'unknown-type', 'unsupported-version', 'malformed']);

const prng = mulberry32;

interface Tally {
  fed: number;
  parsed: number;
  rejected: number;
  byCode: Map<string, number>;
}

/**
 * Feeds `n` buffers: half fully random (length 0..maxLen), half taken from a valid seed
 * message, truncated at a random point and with a few random bytes overwritten.
 * `shape` may pin header bytes so random input reaches the deep paths.
 */
function fuzz(
  seed: number,
  maxLen: number,
  seeds: readonly Uint8Array[],
  parse: (b: Uint8Array) => ParseResult<unknown>,
  shape?: (b: Uint8Array, rnd: () => number) => void,
): Tally {
  const rnd = prng(seed);
  const pool = new Uint8Array(1 << 16);
  const scratch = new Uint8Array(Math.max(maxLen, ...seeds.map((s) => s.length)) + 1);
  const tally: Tally = { fed: 0, parsed: 0, rejected: 0, byCode: new Map() };
  for (let i = 0; i < PER_PARSER; i++) {
    if (i % 4096 === 0) for (let k = 0; k < pool.length; k++) pool[k] = (rnd() * 256) | 0;
    let buf: Uint8Array;
    if (i & 1) {
      const len = (rnd() * (maxLen + 1)) | 0;
      const off = (rnd() * (pool.length - len)) | 0;
      buf = pool.subarray(off, off + len);
      if (shape && len > 0 && rnd() < 0.5) {
        scratch.set(buf);
        buf = scratch.subarray(0, len);
        shape(buf, rnd);
      }
    } else {
      const src = seeds[(rnd() * seeds.length) | 0];
      const len = rnd() < 0.3 ? src.length : (rnd() * (src.length + 1)) | 0;
      scratch.set(src.subarray(0, len));
      const mutations = (rnd() * 3) | 0;
      for (let m = 0; m < mutations && len > 0; m++) scratch[(rnd() * len) | 0] = (rnd() * 256) | 0;
      buf = scratch.subarray(0, len);
    }
    tally.fed++;
    const r = parse(buf);
    if (r.ok) tally.parsed++;
    else {
      tally.rejected++;
      if (!CODES.has(r.error.code) || r.error.message.length === 0) throw new Error(`bad error ${JSON.stringify(r.error)}`);
      tally.byCode.set(r.error.code, (tally.byCode.get(r.error.code) ?? 0) + 1);
    }
  }
  return tally;
}

function check(name: string, t: Tally): void {
  console.log(`${name}: ${t.fed} fed, ${t.parsed} parsed, ${t.rejected} rejected ${JSON.stringify(Object.fromEntries(t.byCode))}`);
  expect(t.fed).toBe(PER_PARSER);
  expect(t.parsed + t.rejected).toBe(t.fed);
  expect([...t.byCode.values()].reduce((a, b) => a + b, 0)).toBe(t.rejected);
  // Both outcomes must really occur, or the generator is not exercising the parser.
  expect(t.parsed).toBeGreaterThan(0);
  expect(t.rejected).toBeGreaterThan(0);
}

const hx = hexToBytes;

describe('parser fuzzing: 1,000,000 buffers each, no throw, counts add up', () => {
  it('Heart Rate Measurement', () => {
    const seeds = [hx('06 3C'), hx('16 3C 11 04'), hx('1E 4B 5E 01 33 03 1E 03'), hx('11 A1 00 F4 03'), encodeHeartRateMeasurement({ bpm: 70, rrMs: [800, 810, 820, 830, 840, 850, 860, 870, 880] })];
    check('heart-rate', fuzz(1, 24, seeds, parseHeartRateMeasurement));
  });
  it('Body Sensor Location and Battery Level', () => {
    check('body-sensor-location', fuzz(2, 3, [hx('01')], parseBodySensorLocation));
    check('battery', fuzz(3, 3, [hx('57')], parseBatteryLevel));
  });
  it('Device Information strings, and the UTF-8 check agrees with a fatal TextDecoder', () => {
    check('device-information', fuzz(4, 24, [new TextEncoder().encode('Polar H10 Ü € 😀\0\0')], parseDeviceInformationString));
    const strict = new TextDecoder('utf-8', { fatal: true });
    const rnd = prng(44);
    let disagreements = 0;
    for (let i = 0; i < 200_000; i++) {
      // Bytes biased to the multi-byte lead/continuation ranges.
      const b = Uint8Array.from({ length: 1 + ((rnd() * 6) | 0) }, () => (rnd() < 0.7 ? 0x80 + ((rnd() * 128) | 0) : (rnd() * 128) | 1));
      let valid = true;
      try {
        strict.decode(b);
      } catch {
        valid = false;
      }
      if (parseDeviceInformationString(b).ok !== valid) disagreements++;
    }
    expect(disagreements).toBe(0);
  });
  it('PMD control-point commands', () => {
    const seeds = [CP.getAcc, CP.startAccH10, CP.startAccVerity, CP.stopAcc, '05'].map(hx);
    check('pmd-command', fuzz(5, 24, seeds, parsePmdCommand, (b, rnd) => (b[0] = 1 + ((rnd() * 9) | 0))));
  });
  it('PMD control-point indications and their settings', () => {
    const seeds = [CP.getAccResponseH10, CP.getEcgResponseH10, CP.startAccResponseH10, CP.startAccResponseVerity, CP.stopAccNothingRunning, CP.getAccResponseVerity, CP.stoppedByDevice].map(hx);
    const parse = (b: Uint8Array): ParseResult<unknown> => {
      const r = parsePmdControlPointIndication(b);
      if (!r.ok || r.value.kind !== 'response' || !r.value.success) return r;
      return pmdResponseSettings(r.value);
    };
    check('pmd-cp-indication', fuzz(6, 40, seeds, parse, (b) => (b[0] = 0xf0)));
  });
  it('PMD feature read', () => {
    check('pmd-features', fuzz(7, 20, [CP.featuresH10, CP.featuresVerity].map(hx), parsePmdFeatures, (b) => (b[0] = 0x0f)));
  });
  it('PMD data frames with ACC decoding (raw and delta)', () => {
    const ramp = Array.from({ length: 36 }, (_, i) => [i * 30 - 500, 1000 - i * i, (i % 5) * 400] as const);
    const seeds = [V1_ACC_RAW16, V2_ACC_DELTA1, V3_ACC_DELTA0, V4_VERITY_DELTA, V5_H10_RAW].map(hx).concat([encodePmdAccDeltaFrame(5n, ramp, 1, 16, 10)]);
    const parse = (b: Uint8Array): ParseResult<unknown> => {
      const f = parsePmdDataFrame(b);
      return f.ok ? decodePmdAccFrame(f.value, { factor: 2.44e-4 }) : f;
    };
    const frameTypes = [0x00, 0x01, 0x02, 0x80, 0x81];
    check('pmd-data-frame', fuzz(8, 240, seeds, parse, (b, rnd) => {
      b[0] = 2;
      if (b.length > 9) b[9] = frameTypes[(rnd() * frameTypes.length) | 0];
      if (b.length > 17 && b[9] & 0x80) b[16] = (rnd() * 12) | 0; // plausible first delta width
    }));
  });
  it('generic IMU packets', () => {
    const seeds = [
      encodeGenericImuPacket({ rangeG: 8, sampleRateHz: 100, sequence: 7, samplesG: [[0, 0, 1], [0.1, 0.2, 0.9]] }),
      encodeGenericImuPacket({ rangeG: 16, sampleRateHz: 416, sequence: 65535, samplesG: Array.from({ length: 38 }, () => [0, -1, 0] as const) }),
    ];
    check('generic-imu', fuzz(9, 240, seeds, parseGenericImuPacket, (b) => (b[0] = 1)));
  });
});
