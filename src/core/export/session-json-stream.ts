/**
 * Reads a session file (src/shared/session-json.ts) chunk by chunk with @streamparser/json:
 * the session head is built and validated as a whole, while heart rate, RR and acceleration
 * are validated one element at a time and handed to the caller, never collected.
 *
 * A shape guard watches the token stream and refuses, at the first token past a limit, any
 * array longer than SESSION_JSON_LIMITS allows, any object or array where the format has
 * none, and nesting deeper than the format: so a file with a million sets or a huge unknown
 * array is refused after reading just past the limit, and memory stays that of the head.
 */
import { Tokenizer, TokenParser, TokenType, type ParsedElementInfo, type ParsedTokenInfo } from '@streamparser/json';
import type { HeartRateSample, RrInterval, SessionDetail } from '../../shared/domain';
import {
  accChunkSchema,
  describeIssues,
  heartRateTupleSchema,
  parseSessionJsonValue,
  rrTupleSchema,
  SESSION_JSON_LIMITS,
  type ImportedAccChunk,
} from '../../shared/session-json';

export interface SessionStreamHandlers {
  heartRate?(s: HeartRateSample): void;
  rr?(r: RrInterval): void;
  acc?(c: ImportedAccChunk): void;
}

export interface SessionStreamHead {
  detail: SessionDetail;
  exportedAt: string;
  generator: string;
  counts: { heartRate: number; rr: number; accChunks: number; accSamples: number };
}

export type SessionStreamResult = { ok: true; value: SessionStreamHead } | { ok: false; reason: string };

const L = SESSION_JSON_LIMITS;
/** Keys an object of the format may hold at most (the widest, a set, has 18). */
const MAX_OBJECT_KEYS = 32;

/**
 * Where the format has a container, by path with array indices as "*", its kind and how many
 * elements an array may hold. Anything else that opens a container is refused.
 */
const CONTAINERS: ReadonlyMap<string, { kind: 'object' | 'array'; max?: number }> = new Map([
  ['', { kind: 'object' }],
  ['session', { kind: 'object' }],
  ['session.zoneSeconds', { kind: 'array', max: 5 }],
  ['session.devices', { kind: 'array', max: L.maxDevices }],
  ['session.devices.*', { kind: 'object' }],
  ['session.sets', { kind: 'array', max: L.maxSets }],
  ['session.sets.*', { kind: 'object' }],
  ['session.sets.*.reps', { kind: 'array', max: L.maxRepsPerSet }],
  ['session.sets.*.reps.*', { kind: 'object' }],
  ['session.sets.*.reps.*.quality', { kind: 'object' }],
  ['session.sets.*.reps.*.quality.tempo', { kind: 'object' }],
  ['heartRate', { kind: 'array', max: L.maxHeartRate }],
  ['heartRate.*', { kind: 'array', max: 3 }],
  ['rr', { kind: 'array', max: L.maxRr }],
  ['rr.*', { kind: 'array', max: 2 }],
  ['acc', { kind: 'array', max: L.maxAccChunks }],
  ['acc.*', { kind: 'object' }],
  ['acc.*.samples', { kind: 'array', max: L.maxAccSamplesPerChunk }],
  ['acc.*.samples.*', { kind: 'array', max: 4 }],
]);

/** Streamed arrays: their elements go to the handlers and are dropped from the tree. */
const STREAMED = new Set(['heartRate', 'rr', 'acc']);

interface Frame {
  kind: 'object' | 'array';
  /** Path with real indices, for messages. */
  path: (string | number)[];
  pattern: string;
  max: number;
  /** Object: the key being read; array: the index of the element being read. */
  key: string | number;
  count: number;
  expectKey: boolean;
}

/** Where a token is, for messages (built only on failure). */
const at = (info: ParsedTokenInfo): string => ` at character ${info.offset + 1}`;

function describe(path: readonly (string | number)[]): string {
  return path.length ? path.join('.') : '(top level)';
}

export class SessionJsonStreamReader {
  private readonly tokenizer = new Tokenizer();
  private readonly parser: TokenParser;
  private readonly frames: Frame[] = [];
  private readonly head: Record<string, unknown> = {};
  private readonly counts = { heartRate: 0, rr: 0, accChunks: 0, accSamples: 0 };
  private error: string | null = null;
  private started = false;
  private done = false;

  constructor(private readonly handlers: SessionStreamHandlers = {}) {
    // "$.*" hands over each top-level value (the head is rebuilt from them, the root dropped);
    // the sample arrays' elements are handed over one by one and removed below.
    this.parser = new TokenParser({ paths: ['$.*', '$.heartRate.*', '$.rr.*', '$.acc.*'], keepStack: false });
    this.parser.onValue = (info) => this.onValue(info);
    this.parser.onError = (err) => this.fail(`not valid JSON: ${err.message}`);
    this.tokenizer.onToken = (token) => this.onToken(token);
    this.tokenizer.onError = (err) => this.fail(`not valid JSON: ${err.message}`);
  }

  /** Stops early (false) once the text is known to be bad; `end()` then says why. */
  write(chunk: string): boolean {
    if (this.error) return false;
    if (chunk.length === 0) return true;
    try {
      this.tokenizer.write(chunk);
    } catch (err) {
      this.fail(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    return this.error === null;
  }

  end(): SessionStreamResult {
    if (!this.error && !this.done) {
      this.fail(this.started ? 'not valid JSON: the file ends in the middle of the JSON document (truncated?)' : 'not valid JSON: the file is empty');
    }
    if (this.error) return { ok: false, reason: this.error };
    // The streamed arrays are empty in the head: it is validated with the full schema.
    const head = parseSessionJsonValue(this.head);
    if (!head.ok) return head;
    return { ok: true, value: { detail: head.value.detail, exportedAt: head.value.exportedAt, generator: head.value.generator, counts: { ...this.counts } } };
  }

  private fail(reason: string): void {
    this.error ??= reason;
  }

  /** The shape guard: every token passes here before the parser builds anything from it. */
  private onToken(info: ParsedTokenInfo): void {
    if (this.error) return;
    if (this.done) return this.fail(`not valid JSON: more after the end of the document${at(info)}`);
    const top = this.frames[this.frames.length - 1];
    const { token } = info;
    if (!this.started) {
      this.started = true;
      if (token !== TokenType.LEFT_BRACE) return this.fail('not a SetBeat session file: the top level is not an object');
    }
    if (token === TokenType.NUMBER && !Number.isFinite(info.value)) {
      return this.fail(`not valid JSON: a number at ${describe(this.valuePath(top))} is out of range${at(info)}`);
    }
    const isValue = token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET || token === TokenType.STRING
      || token === TokenType.NUMBER || token === TokenType.TRUE || token === TokenType.FALSE || token === TokenType.NULL;
    if (top?.kind === 'object' && token === TokenType.STRING && top.expectKey) {
      top.key = String(info.value);
      top.expectKey = false;
      if (++top.count > top.max) return this.fail(`invalid session file: ${describe(top.path)}: more than ${top.max} keys${at(info)}`);
    } else if (top?.kind === 'array' && isValue) {
      top.key = top.count;
      if (++top.count > top.max) return this.fail(`invalid session file: ${describe(top.path)}: more than ${top.max} elements${at(info)}`);
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      const kind = token === TokenType.LEFT_BRACE ? 'object' : 'array';
      const path = this.valuePath(top);
      const pattern = top ? (top.pattern ? `${top.pattern}.` : '') + (top.kind === 'array' ? '*' : String(top.key)) : '';
      const shape = CONTAINERS.get(pattern);
      if (!shape) return this.fail(`invalid session file: ${describe(path)}: unexpected ${kind} (the format has none here)${at(info)}`);
      if (shape.kind !== kind) return this.fail(`invalid session file: ${describe(path)}: expected an ${shape.kind}, got an ${kind}${at(info)}`);
      this.frames.push({ kind, path, pattern, max: shape.max ?? MAX_OBJECT_KEYS, key: 0, count: 0, expectKey: kind === 'object' });
    } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) {
      this.frames.pop();
      if (this.frames.length === 0) this.done = true;
    } else if (token === TokenType.COMMA && top?.kind === 'object') {
      top.expectKey = true;
    }
    this.parser.write(info);
  }

  private valuePath(top: Frame | undefined): (string | number)[] {
    return top ? [...top.path, top.key] : [];
  }

  private onValue({ value, key, parent, stack }: ParsedElementInfo): void {
    if (this.error) return;
    if (stack.length === 1 && typeof key === 'string') {
      // A top-level value; "__proto__" stays an own property, as with JSON.parse.
      Object.defineProperty(this.head, key, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    const array = stack[1]?.key;
    if (stack.length !== 2 || typeof array !== 'string' || !STREAMED.has(array) || !Array.isArray(parent)) return;
    // Dropped from the tree at once: "$.*" keeps the parser from doing it itself.
    parent.pop();
    const where = [array, key ?? 0];
    const reason = this.element(array, value, where);
    if (reason) this.fail(`${reason} at element ${describe(where)}`);
  }

  private element(array: string, value: unknown, where: (string | number)[]): string | void {
    const h = this.handlers;
    if (array === 'heartRate') {
      this.counts.heartRate++;
      const r = heartRateTupleSchema.safeParse(value);
      if (!r.success) return `invalid session file: ${describeIssues(r.error, where)}`;
      h.heartRate?.({ tMs: r.data[0], bpm: r.data[1], contact: r.data[2] });
    } else if (array === 'rr') {
      this.counts.rr++;
      const r = rrTupleSchema.safeParse(value);
      if (!r.success) return `invalid session file: ${describeIssues(r.error, where)}`;
      h.rr?.({ tMs: r.data[0], rrMs: r.data[1] });
    } else {
      this.counts.accChunks++;
      const r = accChunkSchema.safeParse(value);
      if (!r.success) return `invalid session file: ${describeIssues(r.error, where)}`;
      this.counts.accSamples += r.data.samples.length;
      h.acc?.({ sensorId: r.data.sensorId, samples: r.data.samples.map(([tMs, x, y, z]) => ({ tMs, x, y, z })) });
    }
  }
}
