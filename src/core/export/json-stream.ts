/**
 * An incremental JSON parser for files too big to JSON.parse whole: text goes in by chunks,
 * and the elements of chosen arrays (a session file's heartRate / rr / acc) are handed out one
 * by one and never kept, so memory is that of one element plus the rest of the document.
 *
 * Strict RFC 8259 (no comments, no trailing commas); errors are values with a position, never
 * exceptions out of `write`/`end`. Keys named "__proto__" become own properties, as with
 * JSON.parse, so a file cannot reach an object's prototype.
 */

export type JsonPath = readonly (string | number)[];

export interface JsonStreamHooks {
  /** True for an array whose elements should be streamed instead of kept. */
  streamArray(path: JsonPath): boolean;
  /** One element of a streamed array; return a reason to stop parsing with that error. */
  onElement(path: JsonPath, value: unknown): string | void;
}

export type JsonStreamResult = { ok: true; value: unknown } | { ok: false; reason: string };

type Frame =
  | { kind: 'object'; value: Record<string, unknown>; key: string | null; path: (string | number)[]; expect: 'key' | 'colon' | 'value' | 'comma' }
  | { kind: 'array'; value: unknown[]; streamed: boolean; index: number; path: (string | number)[]; expect: 'value' | 'comma' };

const MAX_DEPTH = 64;
const NO_PATH: (string | number)[] = [];
const NUMBER_RE = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** 0-9 . - + e E */
const isNumberChar = (c: number): boolean => (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69;
const isLetter = (c: number): boolean => c >= 97 && c <= 122;

export class JsonStreamParser {
  private stack: Frame[] = [];
  private root: unknown = undefined;
  private done = false;
  private error: string | null = null;
  /** Text of a token that a chunk boundary cut (string, number or literal). */
  private pending = '';
  private pendingKind: 'string' | 'number' | 'literal' | null = null;
  /** Raw text of an escape sequence a chunk boundary cut, put back before the next chunk. */
  private carry = '';
  private offset = 0;

  /**
   * @param pathDepth containers deeper than this get no path (saves an allocation per value
   *   inside big elements); streamArray and onElement only see arrays within it.
   */
  constructor(
    private readonly hooks: JsonStreamHooks,
    private readonly pathDepth = 2,
  ) {}

  get failed(): string | null {
    return this.error;
  }

  write(chunk: string): void {
    if (this.error) return;
    let text = this.carry + chunk;
    this.carry = '';
    if (this.offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let i = 0;
    const n = text.length;
    while (i < n && !this.error) {
      if (this.pendingKind === 'string') {
        i = this.continueString(text, i);
        continue;
      }
      if (this.pendingKind === 'number' || this.pendingKind === 'literal') {
        const inToken = this.pendingKind === 'number' ? isNumberChar : isLetter;
        let j = i;
        while (j < n && inToken(text.charCodeAt(j))) j++;
        this.pending += text.slice(i, j);
        i = j;
        if (j < n) this.finishScalar();
        continue;
      }
      const code = text.charCodeAt(i);
      if (code === 32 || code === 10 || code === 13 || code === 9) {
        i++;
        continue;
      }
      // Hot path: a number where a value is expected is scanned here in one go.
      if ((code === 45 || (code >= 48 && code <= 57)) && this.expectsValue()) {
        let j = i + 1;
        while (j < n && isNumberChar(text.charCodeAt(j))) j++;
        this.pendingKind = 'number';
        this.pending = text.slice(i, j);
        if (j < n) this.finishScalar();
        i = j;
        continue;
      }
      this.step(text[i], i);
      i++;
    }
    this.offset += text.length - this.carry.length;
  }

  end(): JsonStreamResult {
    if (!this.error && (this.pendingKind === 'number' || this.pendingKind === 'literal')) this.finishScalar();
    if (this.error) return { ok: false, reason: this.error };
    if (this.pendingKind === 'string' || this.carry || this.stack.length > 0 || !this.done) {
      return { ok: false, reason: 'the file ends in the middle of the JSON document (truncated?)' };
    }
    return { ok: true, value: this.root };
  }

  private fail(reason: string, at?: number): void {
    this.error ??= at === undefined ? reason : `${reason} at character ${this.offset + at + 1}`;
  }

  private step(c: string, at: number): void {
    if (this.done) return this.fail(`unexpected "${c}" after the end of the document`, at);
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'object') {
      if (top.expect === 'key') {
        if (c === '"') return this.beginToken('string');
        if (c === '}' && top.key === null && Object.keys(top.value).length === 0) return this.close(at);
        return this.fail('expected a property name', at);
      }
      if (top.expect === 'colon') {
        if (c === ':') {
          top.expect = 'value';
          return;
        }
        return this.fail('expected ":"', at);
      }
      if (top.expect === 'comma') {
        if (c === ',') {
          top.expect = 'key';
          top.key = null;
          return;
        }
        if (c === '}') return this.close(at);
        return this.fail('expected "," or "}"', at);
      }
    } else if (top?.kind === 'array' && top.expect === 'comma') {
      if (c === ',') {
        top.expect = 'value';
        return;
      }
      if (c === ']') return this.close(at);
      return this.fail('expected "," or "]"', at);
    }
    // A value is expected here.
    if (top?.kind === 'array' && c === ']' && top.index === 0 && top.value.length === 0) return this.close(at);
    if (c === '{' || c === '[') {
      if (this.stack.length >= MAX_DEPTH) return this.fail(`nesting deeper than ${MAX_DEPTH} levels`, at);
      const shallow = this.stack.length < this.pathDepth;
      const path = shallow ? this.childPath() : NO_PATH;
      if (c === '{') this.stack.push({ kind: 'object', value: {}, key: null, path, expect: 'key' });
      else this.stack.push({ kind: 'array', value: [], streamed: shallow && this.hooks.streamArray(path), index: 0, path, expect: 'value' });
      return;
    }
    if (c === '"') return this.beginToken('string');
    if (c === '-' || (c >= '0' && c <= '9')) {
      this.beginToken('number');
      this.pending = c;
      return;
    }
    if (c >= 'a' && c <= 'z') {
      this.beginToken('literal');
      this.pending = c;
      return;
    }
    this.fail(`unexpected "${c}"`, at);
  }

  private expectsValue(): boolean {
    if (this.done) return false;
    const top = this.stack[this.stack.length - 1];
    return top === undefined || top.expect === 'value';
  }

  private childPath(): (string | number)[] {
    const top = this.stack[this.stack.length - 1];
    if (!top) return [];
    return top.kind === 'object' ? [...top.path, top.key ?? ''] : [...top.path, top.index];
  }

  private beginToken(kind: 'string' | 'number' | 'literal'): void {
    this.pendingKind = kind;
    this.pending = '';
  }

  /** Inside a string: copy up to the closing quote, decoding escapes. */
  private continueString(text: string, from: number): number {
    let i = from;
    while (i < text.length) {
      const q = text.indexOf('"', i);
      const b = text.indexOf('\\', i);
      if (q < 0 && b < 0) {
        this.pending += text.slice(i);
        this.checkRaw(text.slice(i), i);
        return text.length;
      }
      if (b >= 0 && (q < 0 || b < q)) {
        this.pending += text.slice(i, b);
        this.checkRaw(text.slice(i, b), i);
        // An escape cut by the chunk boundary waits for the next chunk.
        const esc = text[b + 1];
        if (esc === undefined) {
          this.carry = text.slice(b);
          return text.length;
        }
        if (esc === 'u') {
          const hex = text.slice(b + 2, b + 6);
          if (hex.length < 4) {
            this.carry = text.slice(b);
            return text.length;
          }
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.fail('bad \\u escape in a string', b);
            return text.length;
          }
          this.pending += String.fromCharCode(parseInt(hex, 16));
          i = b + 6;
          continue;
        }
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (!(esc in map)) {
          this.fail(`bad escape "\\${esc}" in a string`, b);
          return text.length;
        }
        this.pending += map[esc];
        i = b + 2;
        continue;
      }
      this.pending += text.slice(i, q);
      this.checkRaw(text.slice(i, q), i);
      this.pendingKind = null;
      this.completeString(this.pending, q);
      this.pending = '';
      return q + 1;
    }
    return i;
  }

  /** JSON forbids raw control characters inside strings. */
  private checkRaw(raw: string, at: number): void {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(raw)) this.fail('a control character inside a string must be escaped', at);
  }

  private completeString(s: string, at: number): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'object' && top.expect === 'key') {
      top.key = s;
      top.expect = 'colon';
      return;
    }
    this.completeValue(s, at);
  }

  private finishScalar(): void {
    const text = this.pending;
    const kind = this.pendingKind;
    this.pending = '';
    this.pendingKind = null;
    if (kind === 'number') {
      if (!NUMBER_RE.test(text)) return this.fail(`"${text.slice(0, 20)}" is not a number`);
      const v = Number(text);
      if (!Number.isFinite(v)) return this.fail(`${text.slice(0, 20)} is out of range`);
      return this.completeValue(v);
    }
    if (text === 'true') return this.completeValue(true);
    if (text === 'false') return this.completeValue(false);
    if (text === 'null') return this.completeValue(null);
    this.fail(`unexpected "${text.slice(0, 20)}"`);
  }

  private close(at: number): void {
    const frame = this.stack.pop();
    if (!frame) return this.fail('unbalanced bracket', at);
    this.completeValue(frame.value, at);
  }

  private completeValue(value: unknown, at?: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = value;
      this.done = true;
      return;
    }
    if (top.kind === 'object') {
      const key = top.key ?? '';
      if (key === '__proto__') Object.defineProperty(top.value, key, { value, enumerable: true, writable: true, configurable: true });
      else top.value[key] = value;
      top.expect = 'comma';
      return;
    }
    if (top.streamed) {
      const reason = this.hooks.onElement([...top.path, top.index], value);
      if (reason) return this.fail(reason, at);
    } else top.value.push(value);
    top.index++;
    top.expect = 'comma';
  }
}
