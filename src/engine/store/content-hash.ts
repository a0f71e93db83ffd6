/**
 * A hash of a recording's samples, fed while the import streams (never the whole file at
 * once), so importing the same recording twice is noticed whatever the file is called or
 * when it was copied. Values go in as float64s in a fixed order, a record kind first; the
 * prefix names the reader and this layout, so a future change of either never matches old
 * hashes by accident.
 */
import { createHash, type Hash } from 'node:crypto';

/** Values buffered before they are handed to the hash: one update per 4 KB, not per sample. */
const BUFFERED = 512;

const KIND = { acc: 1, hr: 2, rr: 3, section: 4 } as const;

export class SampleHasher {
  private readonly hash: Hash = createHash('sha256');
  private readonly values = new Float64Array(BUFFERED);
  private length = 0;

  /** `source` names what is hashed ("acc-csv", "session-json"): equal only within one source. */
  constructor(private readonly source: string) {}

  acc(t: number, x: number, y: number, z: number): void {
    this.put(KIND.acc, t, x, y, z);
  }

  hr(t: number, bpm: number | null, rrMs: number | null): void {
    this.put(KIND.hr, t, bpm ?? Number.NaN, rrMs ?? Number.NaN, 0);
  }

  rr(t: number, rrMs: number): void {
    this.put(KIND.rr, t, rrMs, 0, 0);
  }

  /** Marks where one stream ends and the next begins (acceleration, then heart rate). */
  section(id: number): void {
    this.put(KIND.section, id, 0, 0, 0);
  }

  /** "acc-csv:v1:<sha-256 hex>". */
  digest(): string {
    this.drain();
    return `${this.source}:v1:${this.hash.digest('hex')}`;
  }

  private put(kind: number, a: number, b: number, c: number, d: number): void {
    if (this.length + 5 > BUFFERED) this.drain();
    const v = this.values;
    v[this.length] = kind;
    v[this.length + 1] = a;
    v[this.length + 2] = b;
    v[this.length + 3] = c;
    v[this.length + 4] = d;
    this.length += 5;
  }

  private drain(): void {
    if (this.length === 0) return;
    this.hash.update(new Uint8Array(this.values.buffer, 0, this.length * 8));
    this.length = 0;
  }
}
