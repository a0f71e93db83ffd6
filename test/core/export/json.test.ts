import { describe, expect, it } from 'vitest';
import { writeSessionJson } from '../../../src/core/export/json';
import { collectText } from '../../../src/core/export/sink';
import { sourceFromArrays, type AccChunkView } from '../../../src/core/export/source';
import { parseSessionJsonText, SESSION_JSON_LIMITS, type ImportedAccChunk } from '../../../src/shared/session-json';
import { makeFixture, ODD } from './fixture';

const accView = (c: ImportedAccChunk): AccChunkView => ({
  sensorId: c.sensorId,
  count: c.samples.length,
  tMs: c.samples.map((s) => s.tMs),
  x: c.samples.map((s) => s.x),
  y: c.samples.map((s) => s.y),
  z: c.samples.map((s) => s.z),
});

const EXPORTED_AT = '2026-11-21T08:00:00.000Z';

describe('session JSON', () => {
  const fx = makeFixture({ oddNames: true, accHz: 50 });
  const text = collectText((sink) => writeSessionJson(fx.source, sink, { exportedAt: EXPORTED_AT, generator: 'SetBeat test' }));

  it('streams a document that is valid against the versioned schema', () => {
    const head = JSON.parse(text) as { format: string; schemaVersion: number };
    expect(head.format).toBe('setbeat-session');
    expect(head.schemaVersion).toBe(1);
    const parsed = parseSessionJsonText(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value.exportedAt).toBe(EXPORTED_AT);
  });

  it('round trip loses nothing: detail, HR, RR and acceleration come back equal, and re-export is byte-identical', () => {
    const parsed = parseSessionJsonText(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const back = parsed.value;
    expect(back.detail).toEqual(fx.detail);
    expect(back.heartRate).toEqual([...fx.source.heartRate()]);
    expect(back.rr).toEqual([...fx.source.rr()]);
    const acc = [...(fx.source.acc?.() ?? [])];
    expect(acc.length).toBeGreaterThan(100);
    expect(back.acc.map((c) => c.samples.length)).toEqual(acc.map((c) => c.count));
    acc.forEach((c, k) => {
      const got = back.acc[k];
      expect(got.sensorId).toBe(c.sensorId);
      for (let i = 0; i < c.count; i++) expect(got.samples[i]).toEqual({ tMs: c.tMs[i], x: c.x[i], y: c.y[i], z: c.z[i] });
    });
    expect(back.detail.name).toBe(ODD.sessionName);
    expect(back.detail.notes).toBe(ODD.sessionNotes);
    expect(back.detail.sets[0].notes).toBe(ODD.setNote);
    const again = collectText((sink) =>
      writeSessionJson(sourceFromArrays(back.detail, back.heartRate, back.rr, back.acc.map(accView)), sink, { exportedAt: EXPORTED_AT, generator: 'SetBeat test' }),
    );
    expect(again).toBe(text);
  });

  it('drops fields the schema does not know (a store row with extra columns still exports)', () => {
    const withExtra = { ...fx.detail, internalRowVersion: 3 } as typeof fx.detail;
    const out = collectText((sink) => writeSessionJson({ ...fx.source, detail: withExtra }, sink, { exportedAt: EXPORTED_AT }));
    expect(parseSessionJsonText(out).ok).toBe(true);
  });
});

describe('session JSON import refuses bad files with a reason', () => {
  const fx = makeFixture();
  const good = JSON.parse(collectText((sink) => writeSessionJson(fx.source, sink, { exportedAt: EXPORTED_AT }))) as Record<string, unknown>;
  const session = good.session as Record<string, unknown>;
  const reasonOf = (doc: unknown): string => {
    const r = parseSessionJsonText(typeof doc === 'string' ? doc : JSON.stringify(doc));
    if (r.ok) throw new Error('accepted a bad file');
    return r.reason;
  };

  it('not JSON, not an object, another format, a newer version', () => {
    expect(reasonOf('{"format": ')).toMatch(/^not JSON/);
    expect(reasonOf('[1,2]')).toMatch(/top level is not an object/);
    expect(reasonOf({ ...good, format: 'gpx' })).toMatch(/"format" is "gpx"/);
    expect(reasonOf({ ...good, schemaVersion: 2 })).toMatch(/newer SetBeat \(schemaVersion 2/);
  });

  it('wrong types and unknown fields name the place', () => {
    expect(reasonOf({ ...good, session: { ...session, startedAt: 'yesterday' } })).toMatch(/session\.startedAt/);
    expect(reasonOf({ ...good, heartRate: [[1, 'fast', true]] })).toMatch(/heartRate\.0\.1/);
    expect(reasonOf({ ...good, session: { ...session, sets: [{ ...(session.sets as object[])[0], exerciseId: 'yoga' }] } })).toMatch(/exerciseId/);
    expect(reasonOf({ ...good, session: { ...session, evil: true } })).toMatch(/evil|Unrecognized/);
  });

  it('path-like names', () => {
    expect(reasonOf({ ...good, session: { ...session, name: '../../etc/passwd' } })).toMatch(/session\.name: name looks like a file path/);
    expect(reasonOf({ ...good, session: { ...session, name: '..' } })).toMatch(/relative path/);
    expect(reasonOf({ ...good, session: { ...session, routineName: 'C:\\Windows' } })).toMatch(/routineName/);
  });

  it('huge arrays', () => {
    const many = new Array(SESSION_JSON_LIMITS.maxSets + 1).fill((session.sets as object[])[0]);
    expect(reasonOf({ ...good, session: { ...session, sets: many } })).toMatch(/session\.sets: Too big/i);
  });
});
