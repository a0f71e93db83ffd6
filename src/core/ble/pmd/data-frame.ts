/**
 * PMD data frames (notifications on FB005C82) and the accelerometer payloads they carry:
 * raw int8/int16/int24 frames (0x00/0x01/0x02) and delta-compressed ones (0x80/0x81).
 * Polar SDK PmdDataFrame.kt, AccData.kt, BlePMDClient.parseDeltaFrame*; reference §2.7-2.9.
 */
import { ByteWriter, intLe, signExtend, u64le, uintLe } from '../bytes';
import { fail, ok, type ParseResult } from '../result';
import { PMD_MEASUREMENT, POLAR_EPOCH_OFFSET_MS } from './constants';

export const PMD_FRAME_HEADER_BYTES = 10;
/** Guards a garbage delta frame (blocks of width 0) from inflating into huge arrays. */
export const PMD_MAX_SAMPLES_PER_FRAME = 4096;

export interface PmdDataFrame {
  /** `byte0 & 0x3F` (0 ECG, 2 ACC, ...). */
  measurementType: number;
  /** Sensor clock of the frame's LAST sample: ns since 2000-01-01T00:00:00Z. */
  timestampNs: bigint;
  /** Frame type number, bits 0-6. */
  frameType: number;
  /** Bit 7 of the frame-type byte. */
  compressed: boolean;
  /** Bytes after the 10-byte header (a view into the input). */
  payload: Uint8Array;
}

export function parsePmdDataFrame(b: Uint8Array): ParseResult<PmdDataFrame> {
  if (b.length === 0) return fail('empty', 'PMD data frame is empty');
  if (b.length < PMD_FRAME_HEADER_BYTES) {
    return fail('truncated', `PMD data frame of ${b.length} byte(s) is shorter than its 10-byte header`);
  }
  return ok({
    measurementType: b[0] & 0x3f,
    timestampNs: u64le(b, 1),
    frameType: b[9] & 0x7f,
    compressed: (b[9] & 0x80) !== 0,
    payload: b.subarray(PMD_FRAME_HEADER_BYTES),
  });
}

/** Polar-epoch nanoseconds -> Unix epoch milliseconds (fractional, sub-ms kept). */
export function polarNsToEpochMs(ns: bigint): number {
  // Split so a 2^64 ns value keeps its precision in a double.
  const wholeMs = ns / 1_000_000n;
  const restNs = ns - wholeMs * 1_000_000n;
  return Number(wholeMs) + Number(restNs) / 1e6 + POLAR_EPOCH_OFFSET_MS;
}

export function epochMsToPolarNs(ms: number): bigint {
  const rel = ms - POLAR_EPOCH_OFFSET_MS;
  const whole = Math.floor(rel);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((rel - whole) * 1e6));
}

export interface AccDecodeOptions {
  /** FACTOR from the START response (settingType 5); 1 when the sensor sent none. */
  factor?: number;
  /** Delta-frame layout; the SDK's AccData.kt fixes both ACC delta types at 16 bits x 3 channels. */
  resolution?: number;
  channels?: number;
}

/**
 * Accelerometer samples of one frame, in milli-g, channel-interleaved x,y,z.
 * Raw frames are mG as sent (the SDK ignores FACTOR there); delta type 0 is value x factor
 * in g (x1000 here), delta type 1 is value x factor in mG.
 */
export interface AccFrameSamples {
  count: number;
  /** count*3 values: x0,y0,z0,x1,... in mG. */
  mg: Float64Array;
}

export function decodePmdAccFrame(frame: PmdDataFrame, opts: AccDecodeOptions = {}): ParseResult<AccFrameSamples> {
  if (frame.measurementType !== PMD_MEASUREMENT.acc) {
    return fail('unknown-type', `PMD frame holds measurement type ${frame.measurementType}, not ACC (2)`);
  }
  const p = frame.payload;
  if (!frame.compressed) {
    const width = [1, 2, 3][frame.frameType];
    if (width === undefined) return fail('unknown-type', `PMD ACC raw frame type ${frame.frameType} is unknown (0-2 are defined)`);
    const step = width * 3;
    if (p.length === 0) return fail('truncated', 'PMD ACC frame has no samples');
    if (p.length % step !== 0) {
      return fail('malformed', `PMD ACC raw frame payload of ${p.length} byte(s) is not a whole number of ${step}-byte samples`);
    }
    const count = p.length / step;
    const mg = new Float64Array(count * 3);
    if (width === 2) {
      // Hot path (the H10's format): inline int16.
      for (let i = 0, o = 0; i < mg.length; i++, o += 2) {
        const v = p[o] | (p[o + 1] << 8);
        mg[i] = v & 0x8000 ? v - 0x10000 : v;
      }
    } else {
      for (let i = 0, o = 0; i < mg.length; i++, o += width) mg[i] = intLe(p, o, width);
    }
    return ok({ count, mg });
  }
  if (frame.frameType > 1) return fail('unknown-type', `PMD ACC compressed frame type ${frame.frameType} is unknown (0-1 are defined)`);
  const decoded = decodePmdDelta(p, opts.channels ?? 3, opts.resolution ?? 16);
  if (!decoded.ok) return decoded;
  const factor = opts.factor ?? 1;
  // Type 0 carries g (x factor), type 1 carries mG (x factor).
  const scale = frame.frameType === 0 ? factor * 1000 : factor;
  const { count, values } = decoded.value;
  const mg = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) mg[i] = values[i] * scale;
  return ok({ count, mg });
}

export interface DeltaDecoded {
  count: number;
  /** count*channels integers, channel-interleaved, in the sensor's units before FACTOR. */
  values: Float64Array;
}

/**
 * Delta-compressed payload: a reference sample (channels x ceil(resolution/8) bytes, LE,
 * sign-extended at `resolution` bits), then blocks of `width u8, count u8,
 * ceil(width*count*channels/8) bytes` of LSB-first packed signed deltas.
 */
export function decodePmdDelta(p: Uint8Array, channels: number, resolution: number): ParseResult<DeltaDecoded> {
  if (channels < 1 || channels > 16) return fail('out-of-range', `PMD delta frame: ${channels} channel(s) is not plausible`);
  if (resolution < 1 || resolution > 32) return fail('out-of-range', `PMD delta frame: resolution ${resolution} bits is not plausible`);
  const refBytes = Math.ceil(resolution / 8);
  if (p.length < refBytes * channels) {
    return fail('truncated', `PMD delta frame of ${p.length} byte(s) ends inside its ${refBytes * channels}-byte reference sample`);
  }
  // First pass: validate the block structure and count samples, so bad input costs no allocations.
  let o = refBytes * channels;
  let count = 1;
  while (o < p.length) {
    if (o + 2 > p.length) return fail('truncated', `PMD delta block header at byte ${o} is cut short`);
    const w = p[o];
    const n = p[o + 1];
    if (w > 32) return fail('out-of-range', `PMD delta block at byte ${o} has a ${w}-bit delta width (at most 32)`);
    const len = Math.ceil((w * n * channels) / 8);
    o += 2;
    if (o + len > p.length) return fail('truncated', `PMD delta block of ${n} sample(s) x ${w} bit(s) needs ${len} byte(s), ${p.length - o} left`);
    o += len;
    count += n;
    if (count > PMD_MAX_SAMPLES_PER_FRAME) return fail('malformed', `PMD delta frame expands to more than ${PMD_MAX_SAMPLES_PER_FRAME} samples`);
  }
  const values = new Float64Array(count * channels);
  let i = 0;
  for (let c = 0; c < channels; c++) {
    values[i++] = signExtend(uintLe(p, c * refBytes, refBytes) % 2 ** resolution, resolution);
  }
  o = refBytes * channels;
  while (o < p.length) {
    const w = p[o];
    const n = p[o + 1];
    o += 2;
    const total = n * channels;
    if (w === 0) {
      for (let k = 0; k < total; k++, i++) values[i] = values[i - channels];
    } else if (w <= 24) {
      // Hot path: a bit accumulator refilled a byte at a time (fits 32-bit ints up to 24-bit fields).
      const mask = (1 << w) - 1;
      const shift = 32 - w;
      let acc = 0;
      let nbits = 0;
      let byte = o;
      for (let k = 0; k < total; k++, i++) {
        while (nbits < w) {
          acc |= p[byte++] << nbits;
          nbits += 8;
        }
        const v = acc & mask;
        acc >>>= w;
        nbits -= w;
        values[i] = values[i - channels] + ((v << shift) >> shift);
      }
    } else {
      let bit = o * 8;
      for (let k = 0; k < total; k++, i++, bit += w) values[i] = values[i - channels] + signExtend(readBits(p, bit, w), w);
    }
    o += Math.ceil((w * total) / 8);
  }
  return ok({ count, values });
}

const POW2 = Array.from({ length: 33 }, (_, k) => 2 ** k);

/** `w` bits (<= 32) starting at bit `pos`, LSB-first, as an unsigned number. */
function readBits(p: Uint8Array, pos: number, w: number): number {
  let v = 0;
  let got = 0;
  while (got < w) {
    const off = pos & 7;
    const take = Math.min(8 - off, w - got);
    v += ((p[pos >> 3] >> off) & ((1 << take) - 1)) * POW2[got];
    got += take;
    pos += take;
  }
  return v;
}

// ---- encoders (the simulator's side) ------------------------------------------------

export function encodePmdDataFrame(measurementType: number, timestampNs: bigint, frameType: number, compressed: boolean, payload: Uint8Array): Uint8Array {
  return new ByteWriter(PMD_FRAME_HEADER_BYTES + payload.length)
    .u8(measurementType & 0x3f)
    .u64(timestampNs)
    .u8((compressed ? 0x80 : 0) | (frameType & 0x7f))
    .bytes(payload)
    .done();
}

/** Raw ACC frame (type 0/1/2 = int8/int16/int24 per channel) from integer mG x,y,z triples. */
export function encodePmdAccRawFrame(timestampNs: bigint, samplesMg: readonly (readonly [number, number, number])[], frameType: 0 | 1 | 2 = 1): Uint8Array {
  const width = frameType + 1;
  const lim = 2 ** (8 * width - 1);
  const w = new ByteWriter(samplesMg.length * 3 * width);
  for (const s of samplesMg) for (const v of s) w.int(Math.max(-lim, Math.min(lim - 1, Math.round(v))), width);
  return encodePmdDataFrame(PMD_MEASUREMENT.acc, timestampNs, frameType, false, w.done());
}

/** Packs LSB-first bit fields, as decodePmdDelta reads them. */
class BitWriter {
  private bytes: number[] = [];
  private bit = 0;
  put(value: number, width: number): void {
    let v = value < 0 ? value + 2 ** width : value;
    for (let k = 0; k < width; k++, this.bit++) {
      if ((this.bit & 7) === 0) this.bytes.push(0);
      if (v % 2 === 1) this.bytes[this.bytes.length - 1] |= 1 << (this.bit & 7);
      v = Math.floor(v / 2);
    }
  }
  done(): number[] {
    return this.bytes;
  }
}

function bitsFor(delta: number): number {
  // Smallest signed width holding delta.
  let w = 1;
  while (delta < -(2 ** (w - 1)) || delta > 2 ** (w - 1) - 1) w++;
  return w;
}

/**
 * Delta-compressed payload from integer samples (each `channels` long, in the sensor's units),
 * in blocks of at most `blockSize` samples, each block at the narrowest width that fits.
 */
export function encodePmdDelta(samples: readonly (readonly number[])[], resolution: number, blockSize = 56): Uint8Array {
  const w = new ByteWriter(64);
  if (samples.length === 0) return w.done();
  const refBytes = Math.ceil(resolution / 8);
  for (const v of samples[0]) w.int(v, refBytes);
  for (let start = 1; start < samples.length; start += blockSize) {
    const end = Math.min(samples.length, start + blockSize);
    let width = 1;
    for (let s = start; s < end; s++) for (let c = 0; c < samples[s].length; c++) width = Math.max(width, bitsFor(samples[s][c] - samples[s - 1][c]));
    const bits = new BitWriter();
    for (let s = start; s < end; s++) for (let c = 0; c < samples[s].length; c++) bits.put(samples[s][c] - samples[s - 1][c], width);
    w.u8(width).u8(end - start).bytes(bits.done());
  }
  return w.done();
}

/** Delta ACC frame: type 0 (values x factor = g, Verity Sense) or type 1 (x factor = mG). */
export function encodePmdAccDeltaFrame(timestampNs: bigint, samples: readonly (readonly number[])[], frameType: 0 | 1 = 1, resolution = 16, blockSize = 56): Uint8Array {
  return encodePmdDataFrame(PMD_MEASUREMENT.acc, timestampNs, frameType, true, encodePmdDelta(samples, resolution, blockSize));
}
