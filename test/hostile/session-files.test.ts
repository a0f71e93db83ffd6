/**
 * Hostile files and names around import and export, on a real SQLite store:
 * - a session JSON file (exported by SetBeat itself, then tampered with) with wrong types,
 *   huge arrays, path-like or control-character names, absurd numbers, broken bytes, a size
 *   over the limit or nesting deep enough to break a recursive parser is refused with a
 *   reason that names what is wrong, and the store is left exactly as it was;
 * - exports through the engine's command, for a session renamed to path-like names, land
 *   directly inside the exports folder, and a symlink planted at the target name is refused
 *   without touching what it points to.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { exportSession } from '../../src/engine/export/exporter';
import { importSessionJsonFile } from '../../src/engine/export/import-json';
import { sourceFromStore } from '../../src/engine/export/store-port';
import { openStore, type Store } from '../../src/engine/store/index';
import { SESSION_JSON_LIMITS } from '../../src/shared/session-json';
import type { CommandName } from '../../src/shared/contract';

type Json = Record<string, unknown>;
const T0 = Date.UTC(2026, 10, 20, 17, 30);

let dir: string;
let store: Store;
let valid: Json;

function recordSmallSession(s: Store): number {
  const w = s.beginSession({ name: 'Tuesday strength', startedAt: T0 }, { autoFlush: false });
  const set = w.startSet({ exerciseId: 'calf-raise', side: 'both', order: 1, startedAt: T0 + 1000 });
  for (let i = 0; i < 5; i++) w.addHr({ tMs: T0 + i * 1000, bpm: 80 + i, contact: true });
  w.addRr({ tMs: T0 + 500, rrMs: 800 });
  w.addAcc('imu', Array.from({ length: 50 }, (_, i) => ({ tMs: T0 + i * 10, x: 0, y: 0, z: 1 })));
  w.addRep(set, { t: 2, start: 1.5, end: 2.5, amplitude: 0.4, confidence: 0.9, detectedAt: 2.6, quality: { durationS: 1 } });
  w.endSet(set, T0 + 4000);
  w.finish(T0 + 5000);
  return w.sessionId;
}

/** The store as a whole: every table's row count and the session list. */
function fingerprint(s: Store): string {
  const tables = (s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const counts = Object.fromEntries(tables.map((t) => [t, (s.db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  return JSON.stringify({ counts, sessions: s.listSessions() });
}

const clone = (): Json => structuredClone(valid);
const session = (d: Json): Json => d.session as Json;
const firstSet = (d: Json): Json => (session(d).sets as Json[])[0];

/** Tampered documents: [what, how to tamper, what the reason must mention]. */
const TAMPERED: [string, (d: Json) => Json | string | Buffer, RegExp][] = [
  ['startedAt as text', (d) => ((session(d).startedAt = 'yesterday'), d), /session\.startedAt/],
  ['name with ../', (d) => ((session(d).name = '../../../../etc/passwd'), d), /name looks like a file path/],
  ['absolute Windows path as name', (d) => ((session(d).name = 'C:\\Windows\\System32\\drivers'), d), /name looks like a file path/],
  ['home path as routine name', (d) => ((session(d).routineName = '~/.ssh/id_rsa'), d), /name looks like a file path/],
  ['control character in an exercise name', (d) => ((firstSet(d).exerciseName = 'calf\u0007raise'), d), /control character/],
  ['name of 10,000 characters', (d) => ((session(d).name = 'a'.repeat(10_000)), d), /session\.name/],
  ['heart rate as text', (d) => (((d.heartRate as unknown[][])[0][1] = '80'), d), /heartRate\.0\.1/],
  ['heart rate of 9,999 bpm', (d) => (((d.heartRate as unknown[][])[0][1] = 9999), d), /heartRate\.0\.1/],
  ['time of 1e400 (Infinity)', (d) => JSON.stringify(d).replace('[1795195800000,80,true]', '[1e400,80,true]'), /heartRate\.0\.0 is out of range/],
  ['sets as an object', (d) => ((session(d).sets = { 0: firstSet(d) }), d), /session\.sets/],
  [`${SESSION_JSON_LIMITS.maxSets + 1} sets`, (d) => ((session(d).sets = new Array(SESSION_JSON_LIMITS.maxSets + 1).fill(firstSet(d))), d), /session\.sets/],
  [`${SESSION_JSON_LIMITS.maxRepsPerSet + 1} reps in a set`, (d) => ((firstSet(d).reps = new Array(SESSION_JSON_LIMITS.maxRepsPerSet + 1).fill((firstSet(d).reps as unknown[])[0])), d), /reps/],
  [`${SESSION_JSON_LIMITS.maxAccSamplesPerChunk + 1} samples in one chunk`, (d) => (((d.acc as Json[])[0].samples = new Array(SESSION_JSON_LIMITS.maxAccSamplesPerChunk + 1).fill([T0, 0, 0, 1])), d), /acc\.0\.samples/],
  [`${SESSION_JSON_LIMITS.maxDevices + 1} devices`, (d) => ((session(d).devices = new Array(SESSION_JSON_LIMITS.maxDevices + 1).fill({ id: 'x', name: 'IMU', kind: 'generic-imu' })), d), /devices/],
  ['unknown exercise', (d) => ((firstSet(d).exerciseId = 'rm -rf'), d), /exerciseId/],
  ['another format', (d) => ((d.format = 'strava-activity'), d), /format/],
  ['a newer schema version', (d) => ((d.schemaVersion = 99), d), /schemaVersion|version/],
  ['__proto__ key', (d) => JSON.stringify(d).replace('{"format"', '{"__proto__":{"polluted":true},"format"'), /./],
  ['a top-level array', (d) => JSON.stringify([d]), /./],
  ['JSON null', () => 'null', /./],
  ['an empty file', () => '', /./],
  ['cut off half-way', (d) => JSON.stringify(d).slice(0, 400), /./],
  ['bytes that are not UTF-8', (d) => Buffer.concat([Buffer.from(JSON.stringify(d).slice(0, 200)), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(JSON.stringify(d).slice(200))]), /./],
  ['nesting 200,000 deep in the notes', (d) => JSON.stringify(d).replace('"notes":""', `"notes":${'['.repeat(200_000)}${']'.repeat(200_000)}`), /session\.notes: unexpected array/],
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-hostile-files-'));
  store = openStore(path.join(dir, 'data'));
  const id = recordSmallSession(store);
  const file = path.join(dir, 'valid.json');
  const source = sourceFromStore(store, id);
  if (!source) throw new Error('no session to export');
  await exportSession(source, 'json', file);
  valid = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
});
afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hostile session files are refused with a reason, the store untouched', () => {
  it('the untampered file imports (so each refusal below is about the tampering)', () => {
    const file = path.join(dir, 'ok.json');
    fs.writeFileSync(file, JSON.stringify(valid));
    const before = store.listSessions().length;
    importSessionJsonFile(store, file);
    expect(store.listSessions()).toHaveLength(before + 1);
  });

  it.each(TAMPERED)('%s', (_label, tamper, reason) => {
    const out = tamper(clone());
    const file = path.join(dir, 'tampered.json');
    fs.writeFileSync(file, typeof out === 'string' || Buffer.isBuffer(out) ? out : JSON.stringify(out));
    const before = fingerprint(store);
    let message = '';
    try {
      importSessionJsonFile(store, file);
    } catch (err) {
      expect((err as Error).name).toBe('SessionImportError');
      message = (err as Error).message;
    }
    expect(message, 'the file was imported').not.toBe('');
    expect(message, message.slice(0, 300)).toMatch(reason);
    expect(message.length).toBeLessThan(2000);
    expect(fingerprint(store)).toBe(before);
    expect(({} as Json).polluted).toBeUndefined();
  });

  it('a file over the size limit is refused before it is read', () => {
    const file = path.join(dir, 'huge.json');
    // Sparse: the size is real to the file system, the disk holds almost nothing.
    fs.writeFileSync(file, '{');
    fs.truncateSync(file, SESSION_JSON_LIMITS.maxBytes + 1);
    const before = fingerprint(store);
    expect(() => importSessionJsonFile(store, file)).toThrow(/limited to 512 MB/);
    expect(fingerprint(store)).toBe(before);
  });
});

describe('exports through the engine stay inside the exports folder', () => {
  let dataDir: string;
  let engine: Engine;
  let sessionId: number;
  const call = async <T>(command: CommandName, params: unknown): Promise<{ ok: true; result: T } | { ok: false; message: string }> => {
    const r = await engine.router.call(command, params);
    return r.ok ? { ok: true, result: r.result as T } : { ok: false, message: r.error.message };
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-hostile-export-'));
    engine = createEngine({ dataDir, transport: 'web' });
    await call('workout.begin', {});
    const done = await call<{ sessionId: number }>('workout.finish', {});
    if (!done.ok) throw new Error(done.message);
    sessionId = done.result.sessionId;
  });
  afterAll(async () => {
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['../../../../tmp/setbeat-escape', '/etc/cron.d/x', 'C:\\Windows\\win.ini', 'con', '..', 'a\u0000b'])(
    'a session named %j exports only into exports/, under a name made of its date and id',
    async (name) => {
      const renamed = await call('sessions.rename', { id: sessionId, name });
      // Renaming may itself be refused; either way the export stays inside.
      void renamed;
      const exportsDir = path.join(dataDir, 'exports');
      for (const format of ['json', 'csv', 'tcx', 'fit', 'html'] as const) {
        const r = await call<{ folder: string; files: { path: string }[] }>('sessions.export', { id: sessionId, format });
        expect(r.ok, r.ok ? '' : r.message).toBe(true);
        if (!r.ok) continue;
        expect(r.result.folder).toBe(exportsDir);
        for (const f of r.result.files) {
          const rel = path.relative(exportsDir, f.path);
          expect(rel.startsWith('..') || path.isAbsolute(rel), f.path).toBe(false);
          expect(path.basename(f.path)).toMatch(/^setbeat-\d{4}-\d{2}-\d{2}-\d{4}-s\d+(\.[a-z-]+)*$/);
        }
      }
      expect(fs.existsSync('/tmp/setbeat-escape')).toBe(false);
    },
  );

  it('refuses to write through a symlink planted at the export name, leaving its target alone', async () => {
    const first = await call<{ files: { path: string }[] }>('sessions.export', { id: sessionId, format: 'json' });
    if (!first.ok) throw new Error(first.message);
    const target = first.result.files[0].path;
    const outside = path.join(dataDir, 'outside-precious.txt');
    fs.writeFileSync(outside, 'precious');
    fs.rmSync(target);
    fs.symlinkSync(outside, target);
    const second = await call('sessions.export', { id: sessionId, format: 'json' });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.message).toMatch(/symbolic link/);
    expect(fs.readFileSync(outside, 'utf8')).toBe('precious');
  });
});
