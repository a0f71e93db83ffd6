import { describe, expect, it } from 'vitest';
import { writeSessionJson } from '../../../src/core/export/json';
import { SessionJsonStreamReader } from '../../../src/core/export/session-json-stream';
import { collectText } from '../../../src/core/export/sink';
import { parseSessionJsonText, SESSION_JSON_LIMITS, type ImportedAccChunk } from '../../../src/shared/session-json';
import type { HeartRateSample, RrInterval } from '../../../src/shared/domain';
import { makeFixture, rng } from './fixture';

function readChunked(text: string, size: () => number) {
  const reader = new SessionJsonStreamReader();
  for (let i = 0; i < text.length; ) {
    const n = Math.max(1, size());
    reader.write(text.slice(i, i + n));
    i += n;
  }
  return reader.end();
}

/** Feeds pieces until the reader refuses; returns how many characters it took. */
function feedUntilRefused(pieces: Iterable<string>): { read: number; result: ReturnType<SessionJsonStreamReader['end']> } {
  const reader = new SessionJsonStreamReader();
  let read = 0;
  for (const piece of pieces) {
    read += piece.length;
    if (!reader.write(piece)) break;
  }
  return { read, result: reader.end() };
}

describe('session file read as a stream', () => {
  const fx = makeFixture({ oddNames: true, accHz: 25 });
  const text = collectText((sink) => writeSessionJson(fx.source, sink, { exportedAt: '2026-11-21T08:00:00.000Z' }));
  const whole = parseSessionJsonText(text);

  it('gives the same session and samples as the whole-file reader, in any chunking', () => {
    if (!whole.ok) throw new Error(whole.reason);
    const rand = rng(42);
    for (const size of [() => 7, () => 4096, () => 1 + Math.floor(rand() * 300)]) {
      const hr: HeartRateSample[] = [];
      const rr: RrInterval[] = [];
      const acc: ImportedAccChunk[] = [];
      const reader = new SessionJsonStreamReader({ heartRate: (s) => hr.push(s), rr: (r) => rr.push(r), acc: (c) => acc.push(c) });
      for (let i = 0; i < text.length; ) {
        const n = size();
        reader.write(text.slice(i, i + n));
        i += n;
      }
      const result = reader.end();
      if (!result.ok) throw new Error(result.reason);
      expect(result.value.detail).toEqual(whole.value.detail);
      expect(hr).toEqual(whole.value.heartRate);
      expect(rr).toEqual(whole.value.rr);
      expect(acc).toEqual(whole.value.acc);
      expect(result.value.counts.heartRate).toBe(fx.hrCount);
    }
  });

  it('reads the file whatever the whitespace, key order and a byte order mark', () => {
    if (!whole.ok) throw new Error(whole.reason);
    const doc = JSON.parse(text) as Record<string, unknown>;
    const reordered = { acc: doc.acc, rr: doc.rr, heartRate: doc.heartRate, session: doc.session, generator: doc.generator, exportedAt: doc.exportedAt, schemaVersion: doc.schemaVersion, format: doc.format };
    const result = readChunked(`\ufeff${JSON.stringify(reordered, null, 2)}`, () => 1000);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.detail).toEqual(whole.value.detail);
  });

  it('names the bad element and stops', () => {
    const bad = text.replace(/\n\[(\d+),(\d+),true\]/, '\n[$1,"fast",true]');
    const reader = new SessionJsonStreamReader();
    reader.write(bad);
    const result = reader.end();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^invalid session file: heartRate\.1\.1: .* at element heartRate\.1$/);
  });

  it('refuses what JSON.parse refuses, with a reason and no exception', () => {
    const bad = [text.replace('"generator"', '"generator" "x", "y"'), `${text.slice(0, -2)},}`, '{"a": 01}', '{"format": "x', '{"a": tru}', '{"a": "tab\there"}', '{"a": "\\x"}', '{} {}', '[', '', 'nul', '{'];
    for (const doc of bad) {
      expect(() => JSON.parse(doc)).toThrow();
      for (const n of [1, 3, 100_000]) {
        const result = readChunked(doc, () => n);
        expect(result.ok, doc.slice(0, 40)).toBe(false);
      }
    }
  });

  it('refuses a truncated file, a wrong head and numbers JSON.parse would make Infinity', () => {
    expect(readChunked(text.slice(0, text.length - 100), () => 500)).toEqual({ ok: false, reason: expect.stringMatching(/ends in the middle/) });
    expect(readChunked(text.replace('"setbeat-session"', '"gpx"'), () => 500)).toEqual({ ok: false, reason: expect.stringMatching(/"format" is "gpx"/) });
    expect(readChunked(text.replace(/\n\[(\d+),/, '\n[1e999,'), () => 500)).toEqual({ ok: false, reason: expect.stringMatching(/heartRate\.0\.0 is out of range/) });
    expect(readChunked('[1, 2]', () => 1)).toEqual({ ok: false, reason: expect.stringMatching(/top level is not an object/) });
  });

  it('a "__proto__" key stays an own property and reaches no prototype', () => {
    const result = readChunked(text.replace('{"format"', '{"__proto__":{"polluted":true},"format"'), () => 64);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/__proto__|Unrecognized key/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('limits are checked while streaming (issue 17 item 7)', () => {
  const fx = makeFixture({ rounds: 1 });
  const doc = JSON.parse(collectText((sink) => writeSessionJson(fx.source, sink, { exportedAt: '2026-11-21T08:00:00.000Z' }))) as {
    session: { sets: unknown[] } & Record<string, unknown>;
  } & Record<string, unknown>;
  const oneSet = JSON.stringify(doc.session.sets[0]);
  const before = JSON.stringify({ format: doc.format, schemaVersion: doc.schemaVersion, exportedAt: doc.exportedAt, generator: doc.generator, session: { ...doc.session, sets: [] } }).replace(/"sets":\[\]\}\}$/, '"sets":[');

  /** A file with a million sets, written set by set as a stream would deliver it. */
  function* millionSets(): Generator<string> {
    yield before;
    for (let i = 0; i < 1_000_000; i++) yield (i ? ',' : '') + oneSet;
    yield ']}, "heartRate": [], "rr": [], "acc": []}';
  }

  it('a million sets are refused just past the limit, not after the whole array', () => {
    const { read, result } = feedUntilRefused(millionSets());
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/session\.sets: more than 2000 elements/) });
    expect(read).toBeLessThan(before.length + (SESSION_JSON_LIMITS.maxSets + 2) * (oneSet.length + 1));
  });

  it('a huge array where the format has none is refused at its first bracket', () => {
    function* junk(): Generator<string> {
      yield '{"format": "setbeat-session", "junk": [';
      for (let i = 0; i < 100_000; i++) yield `${i ? ',' : ''}[1,2,3]`;
      yield ']}';
    }
    const { read, result } = feedUntilRefused(junk());
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/junk: unexpected array/) });
    expect(read).toBeLessThan(100);
  });

  it('deep nesting is refused at the first bracket the format does not have', () => {
    const result = readChunked(`{"format": "setbeat-session", "session": {"notes": ${'['.repeat(200_000)}`, () => 4096);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/session\.notes: unexpected array/) });
  });
});
