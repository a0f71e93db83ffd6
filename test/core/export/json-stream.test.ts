import { describe, expect, it } from 'vitest';
import { writeSessionJson } from '../../../src/core/export/json';
import { JsonStreamParser, type JsonPath } from '../../../src/core/export/json-stream';
import { SessionJsonStreamReader } from '../../../src/core/export/session-json-stream';
import { collectText } from '../../../src/core/export/sink';
import { parseSessionJsonText, type ImportedAccChunk } from '../../../src/shared/session-json';
import type { HeartRateSample, RrInterval } from '../../../src/shared/domain';
import { makeFixture, rng } from './fixture';

function parseChunked(text: string, sizes: () => number, stream: (p: JsonPath) => boolean = () => false) {
  const streamed: [JsonPath, unknown][] = [];
  const p = new JsonStreamParser({ streamArray: stream, onElement: (path, v) => void streamed.push([path, v]) });
  for (let i = 0; i < text.length; ) {
    const n = Math.max(1, sizes());
    p.write(text.slice(i, i + n));
    i += n;
  }
  return { result: p.end(), streamed };
}

const DOCS = [
  '{}',
  '[]',
  '0',
  '"x"',
  ' {"a": [1, -2.5e-3, 3E+2, 0.0, true, false, null], "b": {"c": {}}, "d": []} ',
  '{"s": "quote \\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83c\\udfcb emoji 🏋️ done"}',
  '[[1,2],[3,[4,[5]]],{"k":"v"}]',
  '\ufeff{"bom": 1}',
];

describe('streaming JSON parser', () => {
  it('agrees with JSON.parse whatever the chunk boundaries', () => {
    const rand = rng(42);
    for (const doc of DOCS) {
      for (const sizes of [() => 1, () => 2, () => 3, () => 1 + Math.floor(rand() * 9), () => 1000]) {
        const { result } = parseChunked(doc, sizes);
        expect(result).toEqual({ ok: true, value: JSON.parse(doc.replace(/^\ufeff/, '')) });
      }
    }
  });

  it('hands out elements of streamed arrays and keeps them empty in the tree', () => {
    const doc = '{"keep": [1, 2], "hr": [[1, 60], [2, 61], [3, 62]], "after": "x"}';
    const { result, streamed } = parseChunked(doc, () => 4, (p) => p.length === 1 && p[0] === 'hr');
    expect(result).toEqual({ ok: true, value: { keep: [1, 2], hr: [], after: 'x' } });
    expect(streamed).toEqual([
      [['hr', 0], [1, 60]],
      [['hr', 1], [2, 61]],
      [['hr', 2], [3, 62]],
    ]);
  });

  it('refuses what JSON.parse refuses, with a reason and no exception', () => {
    const bad = ['{"a": 1,}', '[1,]', '{"a" 1}', '{"a": 01}', '[1 2]', '{"a": "x', '{"a": tru}', '"tab\there"', '"\\x"', '{} {}', '[', '', 'nul'];
    for (const doc of bad) {
      expect(() => JSON.parse(doc)).toThrow();
      for (const n of [1, 3, 100]) {
        const { result } = parseChunked(doc, () => n);
        expect(result.ok, doc).toBe(false);
      }
    }
  });

  it('refuses numbers JSON.parse would turn into Infinity', () => {
    expect(parseChunked('{"a": 1e999}', () => 3).result).toEqual({ ok: false, reason: expect.stringMatching(/out of range/) });
  });

  it('a "__proto__" key stays an own property', () => {
    const { result } = parseChunked('{"__proto__": {"polluted": true}}', () => 5);
    if (!result.ok) throw new Error(result.reason);
    const value = result.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('session file read as a stream', () => {
  const fx = makeFixture({ oddNames: true, accHz: 25 });
  const text = collectText((sink) => writeSessionJson(fx.source, sink, { exportedAt: '2026-11-21T08:00:00.000Z' }));
  const whole = parseSessionJsonText(text);

  it('gives the same session and samples as the whole-file reader, in any chunking', () => {
    if (!whole.ok) throw new Error(whole.reason);
    for (const size of [7, 4096]) {
      const hr: HeartRateSample[] = [];
      const rr: RrInterval[] = [];
      const acc: ImportedAccChunk[] = [];
      const reader = new SessionJsonStreamReader({ heartRate: (s) => hr.push(s), rr: (r) => rr.push(r), acc: (c) => acc.push(c) });
      for (let i = 0; i < text.length; i += size) reader.write(text.slice(i, i + size));
      const result = reader.end();
      if (!result.ok) throw new Error(result.reason);
      expect(result.value.detail).toEqual(whole.value.detail);
      expect(hr).toEqual(whole.value.heartRate);
      expect(rr).toEqual(whole.value.rr);
      expect(acc).toEqual(whole.value.acc);
      expect(result.value.counts.heartRate).toBe(fx.hrCount);
    }
  });

  it('names the bad element and stops', () => {
    const bad = text.replace(/\n\[(\d+),(\d+),true\]/, '\n[$1,"fast",true]');
    const reader = new SessionJsonStreamReader();
    reader.write(bad);
    const result = reader.end();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^invalid session file: heartRate\.1\.1: .* at character \d+/);
  });

  it('refuses a truncated file and a wrong head', () => {
    const cut = new SessionJsonStreamReader();
    cut.write(text.slice(0, text.length - 100));
    expect(cut.end()).toEqual({ ok: false, reason: expect.stringMatching(/ends in the middle/) });
    const other = new SessionJsonStreamReader();
    other.write(text.replace('"setbeat-session"', '"gpx"'));
    expect(other.end()).toEqual({ ok: false, reason: expect.stringMatching(/"format" is "gpx"/) });
  });
});
