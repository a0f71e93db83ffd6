/**
 * The one CSV reader SetBeat has: acceleration files (acc-csv.ts), heart-rate files
 * (store/hr-csv.ts) and the export round-trip checks all read through it.
 *
 * It streams a file in 256 KiB reads and hands out a batch of records per read, each field a
 * byte range: numbers are parsed straight from the bytes (no string per field, which is what
 * makes an hour of 200 Hz take a tenth of a second), text is decoded only when asked for.
 * RFC 4180 quoting is honoured (commas, doubled quotes and line breaks inside quotes).
 *
 * Bad input: a record longer than `maxLineBytes` (64 KB) is reported as one overlong record and
 * skipped up to the next line break, so memory stays bounded whatever the file; a NUL byte means
 * the file is not text (/dev/zero, a database, a zip) and ends the read with a CsvReadError.
 */
import fs from 'node:fs';

export const MAX_LINE_BYTES = 64 * 1024;

export class CsvReadError extends Error {
  override name = 'CsvReadError';
  constructor(
    readonly file: string,
    /** 1-based; 0 when the problem is not on a line (the file cannot be opened). */
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
  }
}

export interface CsvReadOptions {
  /** Bytes per read (default 256 KiB). */
  chunkBytes?: number;
  /** A longer record is skipped and reported as overlong (default 64 KiB). */
  maxLineBytes?: number;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;

// Exact powers of ten: a mantissa below 2^53 divided by one of these is correctly rounded,
// so the fast path returns the very double Number() would.
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const utf8 = new TextDecoder('utf-8');

/**
 * The records of one read. Valid until the iteration moves on: copy out what you keep.
 * Field `f` of record `r` is bytes [start, end) of the read buffer, quotes included.
 */
export class CsvBatch {
  count = 0;
  /** Per record: first line number, index of its first field in `bounds`, field count (-1 = overlong). */
  private lines = new Int32Array(1024);
  private firstField = new Int32Array(1024);
  private fieldCounts = new Int32Array(1024);
  /** Per field: start, end. */
  private bounds = new Int32Array(8192);
  private nFields = 0;
  bytes: Uint8Array = new Uint8Array(0);

  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.count = 0;
    this.nFields = 0;
  }

  line(r: number): number {
    return this.lines[r];
  }

  /** Field count of record r; 0 for an overlong record. */
  fields(r: number): number {
    return Math.max(0, this.fieldCounts[r]);
  }

  /** The record was longer than the cap and was skipped (its fields are not available). */
  overlong(r: number): boolean {
    return this.fieldCounts[r] < 0;
  }

  /** The field's text, unquoted and trimmed of spaces. */
  text(r: number, f: number): string {
    this.trim(r, f);
    const s = this.ts;
    const e = this.te;
    if (s < e && this.bytes[s] === QUOTE) {
      const inner = utf8.decode(this.bytes.subarray(s + 1, this.bytes[e - 1] === QUOTE && e - 1 > s ? e - 1 : e));
      return inner.includes('"') ? inner.replaceAll('""', '"') : inner;
    }
    return utf8.decode(this.bytes.subarray(s, e));
  }

  /** The field's text exactly as written (untrimmed, quotes unescaped), for round-trip checks. */
  raw(r: number, f: number): string {
    const i = (this.firstField[r] + f) * 2;
    const s = this.bounds[i];
    const e = this.bounds[i + 1];
    if (s < e && this.bytes[s] === QUOTE) {
      const close = this.bytes.lastIndexOf(QUOTE, e - 1);
      const inner = utf8.decode(this.bytes.subarray(s + 1, close > s ? close : e));
      return inner.replaceAll('""', '"') + (close > s ? utf8.decode(this.bytes.subarray(close + 1, e)) : '');
    }
    return utf8.decode(this.bytes.subarray(s, e));
  }

  /** True when the field holds nothing but spaces. */
  empty(r: number, f: number): boolean {
    this.trim(r, f);
    return this.ts === this.te;
  }

  /** The field as a number, as Number() reads it; NaN for an empty field or text. */
  number(r: number, f: number): number {
    this.trim(r, f);
    const s = this.ts;
    const e = this.te;
    if (s === e) return NaN;
    const b = this.bytes;
    let i = s;
    let neg = false;
    if (b[i] === MINUS || b[i] === PLUS) {
      neg = b[i] === MINUS;
      i++;
    }
    let mant = 0;
    let digits = 0;
    let frac = -1;
    for (; i < e; i++) {
      const c = b[i];
      const d = c - ZERO;
      if (d >= 0 && d <= 9) {
        mant = mant * 10 + d;
        digits++;
        if (frac >= 0) frac++;
      } else if (c === DOT && frac < 0) frac = 0;
      else break;
    }
    if (i === e && digits > 0 && digits <= 15) {
      const v = frac > 0 ? mant / POW10[frac] : mant;
      return neg ? -v : v;
    }
    // Exponents, Infinity, long mantissas: Number() itself (rare in SetBeat's files).
    return Number(String.fromCharCode(...b.subarray(s, Math.min(e, s + 400))));
  }

  /** The record as text, cut to `max` characters, for messages about a bad line. */
  lineText(r: number, max = 60): string {
    if (this.overlong(r) || this.fieldCounts[r] === 0) return '';
    const i = this.firstField[r] * 2;
    const s = this.bounds[i];
    const e = this.bounds[(this.firstField[r] + this.fieldCounts[r] - 1) * 2 + 1];
    return utf8.decode(this.bytes.subarray(s, Math.min(e, s + max * 4))).slice(0, max);
  }

  // The last trim's bounds: fields, not tuples, so the per-number path allocates nothing.
  private ts = 0;
  private te = 0;

  private trim(r: number, f: number): void {
    const i = (this.firstField[r] + f) * 2;
    let s = this.bounds[i];
    let e = this.bounds[i + 1];
    const b = this.bytes;
    while (s < e && (b[s] === SPACE || b[s] === TAB)) s++;
    while (e > s && (b[e - 1] === SPACE || b[e - 1] === TAB)) e--;
    this.ts = s;
    this.te = e;
  }

  /** @internal the tokenizer's writers */
  addRecord(line: number): number {
    if (this.count === this.lines.length) {
      this.lines = grow(this.lines);
      this.firstField = grow(this.firstField);
      this.fieldCounts = grow(this.fieldCounts);
    }
    const r = this.count++;
    this.lines[r] = line;
    this.firstField[r] = this.nFields;
    this.fieldCounts[r] = 0;
    return r;
  }

  /** @internal */
  addField(r: number, start: number, end: number): void {
    if (this.nFields * 2 + 2 > this.bounds.length) this.bounds = grow(this.bounds);
    this.bounds[this.nFields * 2] = start;
    this.bounds[this.nFields * 2 + 1] = end;
    this.nFields++;
    this.fieldCounts[r]++;
  }

  /** @internal */
  markOverlong(r: number): void {
    this.nFields = this.firstField[r];
    this.fieldCounts[r] = -1;
  }

  /** @internal one empty field: a line of spaces */
  blank(r: number): boolean {
    return this.fieldCounts[r] === 1 && this.empty(r, 0);
  }

  /** @internal drops a record being built (it was incomplete: it is scanned again with more bytes). */
  dropLast(): void {
    this.count--;
    this.nFields = this.firstField[this.count];
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The byte scanner: record boundaries, field boundaries, quotes, line numbers, the cap.
 * Bytes are scanned from `pos`; a record cut by the end of the bytes is scanned again once
 * more have arrived (or at the end of the file).
 */
class Tokenizer {
  line = 1;
  /** Skipping the rest of an overlong record up to the next line break. */
  private skipping = false;
  private atFileStart = true;

  constructor(
    private readonly file: string,
    private readonly maxLineBytes: number,
  ) {}

  /** Scans `bytes`; returns where the unfinished record starts (bytes from there are kept). */
  scan(bytes: Uint8Array, final: boolean, batch: CsvBatch): number {
    batch.reset(bytes);
    const n = bytes.length;
    let p = 0;
    if (this.atFileStart) {
      if (n < 3 && !final) return 0;
      this.atFileStart = false;
      if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) p = 3;
    }
    this.refuseNul(bytes, p);
    for (;;) {
      if (this.skipping) {
        const nl = bytes.indexOf(LF, p);
        if (nl < 0) return n;
        this.line++;
        p = nl + 1;
        this.skipping = false;
      }
      while (p < n && (bytes[p] === LF || bytes[p] === CR)) {
        if (bytes[p] === LF) this.line++;
        p++;
      }
      if (p >= n) return n;
      const end = this.record(bytes, p, final, batch);
      if (end < 0) return p;
      p = end;
    }
  }

  /** A NUL byte: not a text file (and /dev/zero would otherwise be one endless overlong line). */
  private refuseNul(bytes: Uint8Array, from: number): void {
    const z = bytes.indexOf(0, from);
    if (z < 0) return;
    let line = this.line;
    for (let i = bytes.indexOf(LF, from); i >= 0 && i < z; i = bytes.indexOf(LF, i + 1)) line++;
    throw new CsvReadError(this.file, line, 'this is not a text CSV file (it holds NUL bytes)');
  }

  /** Scans one record from p; returns the index after its line break, or -1 when unfinished. */
  private record(b: Uint8Array, p: number, final: boolean, batch: CsvBatch): number {
    const n = b.length;
    const startLine = this.line;
    const r = batch.addRecord(startLine);
    let lines = 0;
    let fs = p;
    let i = p;
    for (;;) {
      if (i - p > this.maxLineBytes) {
        batch.markOverlong(r);
        this.line += lines;
        this.skipping = true;
        return i;
      }
      if (i >= n) {
        if (!final) {
          batch.dropLast();
          return -1;
        }
        batch.addField(r, fs, stripCr(b, fs, n));
        this.line += lines;
        if (batch.blank(r)) batch.dropLast();
        return n;
      }
      const c = b[i];
      if (c === COMMA) {
        batch.addField(r, fs, i);
        fs = ++i;
      } else if (c === LF) {
        batch.addField(r, fs, stripCr(b, fs, i));
        this.line += lines + 1;
        // A line of spaces is no record, as an empty one is not.
        if (batch.blank(r)) batch.dropLast();
        return i + 1;
      } else if (c === QUOTE && isFieldStart(b, fs, i)) {
        // A quoted field: commas and line breaks are text up to the closing quote.
        i++;
        for (;;) {
          if (i >= n) break;
          const q = b[i];
          if (q === QUOTE) {
            if (i + 1 >= n && !final) {
              i = n;
              break;
            }
            if (b[i + 1] === QUOTE) i += 2;
            else {
              i++;
              break;
            }
          } else {
            if (q === LF) lines++;
            i++;
          }
          if (i - p > this.maxLineBytes) break;
        }
      } else i++;
    }
  }
}

/** A quote opens a quoted field only where the field starts (after spaces). */
function isFieldStart(b: Uint8Array, fs: number, i: number): boolean {
  for (let k = fs; k < i; k++) if (b[k] !== SPACE && b[k] !== TAB) return false;
  return true;
}

function stripCr(b: Uint8Array, s: number, e: number): number {
  return e > s && b[e - 1] === CR ? e - 1 : e;
}

/** Streams a file's records, one batch per read. Throws CsvReadError naming the file. */
export async function* readCsvBatches(file: string, options: CsvReadOptions = {}): AsyncGenerator<CsvBatch> {
  const chunk = Math.max(1, options.chunkBytes ?? 256 * 1024);
  const cap = options.maxLineBytes ?? MAX_LINE_BYTES;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (err) {
    throw new CsvReadError(file, 0, `cannot read file (${err instanceof Error ? err.message : String(err)})`);
  }
  const tok = new Tokenizer(file, cap);
  const batch = new CsvBatch();
  // Kept bytes (an unfinished record, at most the cap) + one read.
  let buf = new Uint8Array(chunk + Math.min(cap, chunk) + 4);
  let kept = 0;
  try {
    for (;;) {
      if (buf.length - kept < chunk) {
        const bigger = new Uint8Array(kept + chunk);
        bigger.set(buf.subarray(0, kept));
        buf = bigger;
      }
      let got: number;
      try {
        ({ bytesRead: got } = await handle.read(buf, kept, chunk, null));
      } catch (err) {
        throw new CsvReadError(file, tok.line, `read failed (${err instanceof Error ? err.message : String(err)})`);
      }
      const final = got === 0;
      const view = buf.subarray(0, kept + got);
      const rest = tok.scan(view, final, batch);
      if (batch.count > 0) yield batch;
      if (final) return;
      buf.copyWithin(0, rest, kept + got);
      kept = kept + got - rest;
    }
  } finally {
    await handle.close();
  }
}

/** Parses a whole (small) CSV text into rows of fields, exactly as written (unquoted). */
export function parseCsvText(text: string, options: { maxLineBytes?: number } = {}): string[][] {
  const tok = new Tokenizer('(text)', options.maxLineBytes ?? Number.MAX_SAFE_INTEGER);
  const batch = new CsvBatch();
  tok.scan(new TextEncoder().encode(text), true, batch);
  const rows: string[][] = [];
  for (let r = 0; r < batch.count; r++) {
    const row: string[] = [];
    for (let f = 0; f < batch.fields(r); f++) row.push(batch.raw(r, f));
    rows.push(row);
  }
  return rows;
}
