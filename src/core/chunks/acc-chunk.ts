/**
 * Packed acceleration chunks: about one second of one sensor's samples in one BLOB, so the
 * store keeps one row per sensor per second instead of one per sample.
 *
 * Layout (little-endian):
 *   u8 format (1) | u8 time mode | u32 n | f64 t0Ms | time block | n × (i16 x, i16 y, i16 z)
 * Time is kept as integer offsets from t0 in units of 10 µs:
 *   mode 0 "regular": u32 step   (offset_i = i × step; what a steady sensor gives)
 *   mode 1 "delta16": (n-1) × u16 deltas between neighbours (0 … 655.35 ms, in order)
 *   mode 2 "abs32":   (n-1) × i32 offsets from t0 (anything else: jumps, clock steps back)
 * Acceleration is int16 at 1/4096 g per LSB: ±8 g, the resolution of Polar's 16-bit mG
 * stream (1 mG ≈ 4.1 LSB). Values beyond ±8 g are clamped and counted.
 *
 * Pure: no Node built-ins, so it is unit-tested and benchmarked on its own.
 */

export const ACC_CHUNK_FORMAT = 1;
/** g per least significant bit. */
export const ACC_G_PER_LSB = 1 / 4096;
/** Time offsets are stored in units of 1/TIME_UNITS_PER_MS ms (10 µs). */
export const TIME_UNITS_PER_MS = 100;

const HEADER_BYTES = 14;
const MODE_REGULAR = 0;
const MODE_DELTA16 = 1;
const MODE_ABS32 = 2;
const I32_MAX = 2 ** 31 - 1;

/** One accelerometer sample at an absolute instant (epoch ms), in g. */
export interface AccPoint {
  tMs: number;
  x: number;
  y: number;
  z: number;
}

/** A chunk read back: parallel arrays, ready for charts and exports. */
export interface DecodedAccChunk {
  count: number;
  tMs: Float64Array;
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
}

export type AccChunkDecodeResult =
  | { ok: true; chunk: DecodedAccChunk }
  | { ok: false; error: string };

export interface PackedAccChunk {
  bytes: Uint8Array;
  count: number;
  t0Ms: number;
  /** Last sample time (quantised), for window queries. */
  t1Ms: number;
  /** Samples whose value exceeded ±8 g and was clamped. */
  clamped: number;
}

/** The value a g reading reads back as. Float32 holds every int16/4096 exactly. */
export function quantiseG(g: number): number {
  return toLsb(g) / 4096;
}

/** The instant a sample time reads back as, given its chunk's first time. */
export function quantiseTime(t0Ms: number, tMs: number): number {
  return t0Ms + Math.round((tMs - t0Ms) * TIME_UNITS_PER_MS) / TIME_UNITS_PER_MS;
}

function toLsb(g: number): number {
  if (!Number.isFinite(g)) return 0;
  const v = Math.round(g * 4096) + 0; // + 0 turns -0 into 0, as int16 storage does
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

/**
 * Largest span one chunk may cover. The writer cuts chunks at ~1 s; this bound only keeps
 * the i32 offsets in range (2^31 × 10 µs ≈ 5.9 h).
 */
export const MAX_CHUNK_SPAN_MS = I32_MAX / TIME_UNITS_PER_MS;

/**
 * Packs samples (at least one) into a chunk. The caller keeps the span under
 * MAX_CHUNK_SPAN_MS and the times finite: both are programming errors, so they throw.
 */
export function packAccChunk(samples: readonly AccPoint[]): PackedAccChunk {
  const flat = new Float64Array(samples.length * 4);
  samples.forEach((s, i) => flat.set([s.tMs, s.x, s.y, s.z], i * 4));
  return packAccChunkFlat(flat, 0, samples.length);
}

/**
 * The same from samples `from` to `to` (exclusive) of a flat [tMs, x, y, z, tMs, ...] array:
 * the writer queues samples that way, and packing needs no object per sample.
 */
export function packAccChunkFlat(flat: ArrayLike<number>, from: number, to: number): PackedAccChunk {
  const n = to - from;
  if (n <= 0) throw new RangeError('packAccChunk: no samples');
  const t0 = flat[from * 4];
  if (!Number.isFinite(t0)) throw new RangeError('packAccChunk: non-finite time');
  const offsets = new Int32Array(n);
  let regular = n >= 2;
  let fitsDelta16 = true;
  let maxOffset = 0;
  for (let i = 0; i < n; i++) {
    const t = flat[(from + i) * 4];
    if (!Number.isFinite(t)) throw new RangeError('packAccChunk: non-finite time');
    const off = Math.round((t - t0) * TIME_UNITS_PER_MS);
    if (Math.abs(off) > I32_MAX) throw new RangeError('packAccChunk: chunk spans too long');
    offsets[i] = off;
    if (off > maxOffset) maxOffset = off;
    if (i > 0) {
      const d = off - offsets[i - 1];
      if (d < 0 || d > 0xffff) fitsDelta16 = false;
    }
  }
  const step = n >= 2 ? offsets[1] : 0;
  if (regular) {
    if (step < 0 || step > 0xffffffff) regular = false;
    else for (let i = 2; i < n && regular; i++) if (offsets[i] !== i * step) regular = false;
  }
  const mode = n === 1 || regular ? MODE_REGULAR : fitsDelta16 ? MODE_DELTA16 : MODE_ABS32;
  const timeBytes = mode === MODE_REGULAR ? 4 : mode === MODE_DELTA16 ? 2 * (n - 1) : 4 * (n - 1);
  const bytes = new Uint8Array(HEADER_BYTES + timeBytes + 6 * n);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, ACC_CHUNK_FORMAT);
  view.setUint8(1, mode);
  view.setUint32(2, n, true);
  view.setFloat64(6, t0, true);
  let p = HEADER_BYTES;
  if (mode === MODE_REGULAR) {
    view.setUint32(p, step, true);
    p += 4;
  } else if (mode === MODE_DELTA16) {
    for (let i = 1; i < n; i++, p += 2) view.setUint16(p, offsets[i] - offsets[i - 1], true);
  } else {
    for (let i = 1; i < n; i++, p += 4) view.setInt32(p, offsets[i], true);
  }
  let clamped = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 1; k <= 3; k++) {
      const g = flat[(from + i) * 4 + k];
      const lsb = toLsb(g);
      if ((lsb === 32767 || lsb === -32768) && Math.abs(g * 4096) > 32767.5) clamped++;
      view.setInt16(p, lsb, true);
      p += 2;
    }
  }
  return { bytes, count: n, t0Ms: t0, t1Ms: t0 + maxOffset / TIME_UNITS_PER_MS, clamped };
}

/** Reads a chunk back; bad bytes give an error value, never a throw. */
export function unpackAccChunk(bytes: Uint8Array): AccChunkDecodeResult {
  if (bytes.byteLength < HEADER_BYTES + 4) return { ok: false, error: `chunk too short (${bytes.byteLength} bytes)` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint8(0);
  if (format !== ACC_CHUNK_FORMAT) return { ok: false, error: `unknown chunk format ${format}` };
  const mode = view.getUint8(1);
  const n = view.getUint32(2, true);
  const t0 = view.getFloat64(6, true);
  if (n === 0 || !Number.isFinite(t0)) return { ok: false, error: 'chunk header is damaged' };
  const timeBytes = mode === MODE_REGULAR ? 4 : mode === MODE_DELTA16 ? 2 * (n - 1) : mode === MODE_ABS32 ? 4 * (n - 1) : -1;
  if (timeBytes < 0) return { ok: false, error: `unknown time mode ${mode}` };
  const expected = HEADER_BYTES + timeBytes + 6 * n;
  if (bytes.byteLength !== expected) {
    return { ok: false, error: `chunk length ${bytes.byteLength} does not match ${n} samples (${expected})` };
  }
  const tMs = new Float64Array(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const z = new Float32Array(n);
  let p = HEADER_BYTES;
  tMs[0] = t0;
  if (mode === MODE_REGULAR) {
    const step = view.getUint32(p, true);
    p += 4;
    for (let i = 1; i < n; i++) tMs[i] = t0 + (i * step) / TIME_UNITS_PER_MS;
  } else if (mode === MODE_DELTA16) {
    let off = 0;
    for (let i = 1; i < n; i++, p += 2) {
      off += view.getUint16(p, true);
      tMs[i] = t0 + off / TIME_UNITS_PER_MS;
    }
  } else {
    for (let i = 1; i < n; i++, p += 4) tMs[i] = t0 + view.getInt32(p, true) / TIME_UNITS_PER_MS;
  }
  for (let i = 0; i < n; i++, p += 6) {
    x[i] = view.getInt16(p, true) / 4096;
    y[i] = view.getInt16(p + 2, true) / 4096;
    z[i] = view.getInt16(p + 4, true) / 4096;
  }
  return { ok: true, chunk: { count: n, tMs, x, y, z } };
}
