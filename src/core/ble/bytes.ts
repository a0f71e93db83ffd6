/** Little-endian readers and writers over Uint8Array (no Node Buffer in core). */

export function u16le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

export function i16le(b: Uint8Array, o: number): number {
  const v = b[o] | (b[o + 1] << 8);
  return v & 0x8000 ? v - 0x10000 : v;
}

export function u32le(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

export function u64le(b: Uint8Array, o: number): bigint {
  return (BigInt(u32le(b, o + 4)) << 32n) | BigInt(u32le(b, o));
}

/** Unsigned little-endian integer of `bytes` bytes (1..6). */
export function uintLe(b: Uint8Array, o: number, bytes: number): number {
  let v = 0;
  for (let i = 0; i < bytes; i++) v += b[o + i] * 2 ** (8 * i);
  return v;
}

/** Signed little-endian integer of `bytes` bytes (1..4), sign taken from its top bit. */
export function intLe(b: Uint8Array, o: number, bytes: number): number {
  let v = 0;
  for (let i = 0; i < bytes; i++) v += b[o + i] * 2 ** (8 * i);
  const bits = 8 * bytes;
  return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
}

/** Sign-extend an unsigned `bits`-wide value (bits 1..32). */
export function signExtend(v: number, bits: number): number {
  return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
}

export function f32le(b: Uint8Array, o: number): number {
  return new DataView(b.buffer, b.byteOffset + o, 4).getFloat32(0, true);
}

/** Growable byte writer for the encoders. */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }

  /** Little-endian integer of `bytes` bytes; negative values in two's complement. */
  int(v: number, bytes: number): this {
    let x = v < 0 ? v + 2 ** (8 * bytes) : v;
    for (let i = 0; i < bytes; i++) {
      this.u8(x % 256);
      x = Math.floor(x / 256);
    }
    return this;
  }

  u32(v: number): this {
    return this.int(v >>> 0, 4);
  }

  u64(v: bigint): this {
    const x = BigInt.asUintN(64, v);
    return this.u32(Number(x & 0xffffffffn)).u32(Number(x >> 32n));
  }

  f32(v: number): this {
    const tmp = new Uint8Array(4);
    new DataView(tmp.buffer).setFloat32(0, v, true);
    return this.bytes(tmp);
  }

  bytes(b: Uint8Array | readonly number[]): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  get length(): number {
    return this.len;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** "f0 01 02" or "F00102" -> bytes; for tests, vectors and the simulator's scripts. */
export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  if (clean.length % 2 !== 0) throw new Error(`hexToBytes: odd number of hex digits in "${hex}"`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? ' ' : '') + b[i].toString(16).padStart(2, '0');
  return s;
}
