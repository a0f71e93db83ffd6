/**
 * Reads a session file (src/shared/session-json.ts) chunk by chunk: the session head is built
 * and validated as a whole, while heart rate, RR and acceleration are validated one element
 * at a time and handed to the caller, never collected. Memory stays that of the head plus
 * one acceleration chunk, whatever the length of the recording.
 */
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
import { JsonStreamParser, type JsonPath } from './json-stream';

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

const STREAMED = new Set(['heartRate', 'rr', 'acc']);

export class SessionJsonStreamReader {
  private readonly parser: JsonStreamParser;
  private counts = { heartRate: 0, rr: 0, accChunks: 0, accSamples: 0 };

  constructor(handlers: SessionStreamHandlers = {}) {
    const c = this.counts;
    this.parser = new JsonStreamParser({
      streamArray: (path: JsonPath) => path.length === 1 && STREAMED.has(String(path[0])),
      onElement: (path: JsonPath, value: unknown) => {
        const where = path;
        switch (path[0]) {
          case 'heartRate': {
            if (++c.heartRate > SESSION_JSON_LIMITS.maxHeartRate) return `heartRate: more than ${SESSION_JSON_LIMITS.maxHeartRate} samples`;
            const r = heartRateTupleSchema.safeParse(value);
            if (!r.success) return `invalid session file: ${describeIssues(r.error, where)}`;
            handlers.heartRate?.({ tMs: r.data[0], bpm: r.data[1], contact: r.data[2] });
            return;
          }
          case 'rr': {
            if (++c.rr > SESSION_JSON_LIMITS.maxRr) return `rr: more than ${SESSION_JSON_LIMITS.maxRr} intervals`;
            const r = rrTupleSchema.safeParse(value);
            if (!r.success) return `invalid session file: ${describeIssues(r.error, where)}`;
            handlers.rr?.({ tMs: r.data[0], rrMs: r.data[1] });
            return;
          }
          default: {
            if (++c.accChunks > SESSION_JSON_LIMITS.maxAccChunks) return `acc: more than ${SESSION_JSON_LIMITS.maxAccChunks} chunks`;
            const r = accChunkSchema.safeParse(value);
            if (!r.success) return `invalid session file: ${describeIssues(r.error, where)}`;
            c.accSamples += r.data.samples.length;
            handlers.acc?.({ sensorId: r.data.sensorId, samples: r.data.samples.map(([tMs, x, y, z]) => ({ tMs, x, y, z })) });
            return;
          }
        }
      },
    });
  }

  /** Stops early (false) once the text is known to be bad; `end()` then says why. */
  write(chunk: string): boolean {
    this.parser.write(chunk);
    return this.parser.failed === null;
  }

  end(): SessionStreamResult {
    const parsed = this.parser.end();
    if (!parsed.ok) return { ok: false, reason: parsed.reason.startsWith('invalid session file') ? parsed.reason : `not valid JSON: ${parsed.reason}` };
    // The streamed arrays are empty in the tree: the head is validated with the full schema.
    const head = parseSessionJsonValue(parsed.value);
    if (!head.ok) return head;
    return { ok: true, value: { detail: head.value.detail, exportedAt: head.value.exportedAt, generator: head.value.generator, counts: { ...this.counts } } };
  }
}
