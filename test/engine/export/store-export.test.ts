/**
 * Exports against a real SQLite store: a session recorded through the store's writer is
 * exported in every format, bulk-exported with progress, round-tripped through JSON into a
 * second store (nothing lost), and driven through the `export` CLI.
 */
import { recordFixture } from '../../helpers/record-fixture';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvText as parseCsv } from '../../../src/engine/io/csv';
import { writeSessionJson } from '../../../src/core/export/json';
import { collectText } from '../../../src/core/export/sink';
import { runCli } from '../../../src/engine/cli/main';
import { exportAll, exportSession } from '../../../src/engine/export/exporter';
import { importSessionJsonFile, readSessionJsonFile } from '../../../src/engine/export/import-json';
import type { PrintToPdf } from '../../../src/engine/export/pdf';
import { ExportPathError, insideFolder } from '../../../src/engine/export/safe-path';
import { sourceFromStore } from '../../../src/engine/export/store-port';
import { openStore, type Store } from '../../../src/engine/store/index';
import type { SessionDetail } from '../../../src/shared/domain';
import { makeFixture, ODD } from '../../core/export/fixture';


/** A session as a JSON document with the store's own ids and the export time taken out. */
function comparable(store: Store, id: number): unknown {
  const source = sourceFromStore(store, id);
  if (!source) throw new Error(`no session ${id}`);
  const doc = JSON.parse(collectText((sink) => writeSessionJson(source, sink, { exportedAt: 'x' }))) as { session: SessionDetail };
  const s = doc.session as unknown as Record<string, unknown> & SessionDetail;
  delete (s as Partial<SessionDetail>).id;
  for (const set of s.sets) {
    delete (set as Partial<typeof set>).id;
    delete (set as Partial<typeof set>).sessionId;
  }
  return doc;
}

const fakePdf: PrintToPdf = async (html) => new TextEncoder().encode(`%PDF-fake ${html.length}`);

describe('exports from a real SQLite store', () => {
  let dir: string;
  let store: Store;
  let id: number;
  let other: number;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-export-'));
    store = openStore(path.join(dir, 'data'));
    id = recordFixture(store, makeFixture({ id: 1, oddNames: true, accHz: 50 }));
    other = recordFixture(store, makeFixture({ id: 2, startedAt: Date.UTC(2026, 10, 22, 7, 0), rounds: 2 }));
  });
  afterAll(() => {
    store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('JSON round trip into a second store loses nothing the store keeps', async () => {
    const source = sourceFromStore(store, id);
    if (!source) throw new Error('missing session');
    const { files } = await exportSession(source, 'json', path.join(dir, 'out', 'session.json'));
    expect(files.map((f) => path.basename(f.path))).toEqual(['session.json']);
    const data = readSessionJsonFile(files[0].path);
    expect(data.detail.notes).toBe(ODD.sessionNotes);
    expect(data.acc.reduce((n, c) => n + c.samples.length, 0)).toBeGreaterThan(50 * 60);

    const second = openStore(path.join(dir, 'data2'));
    try {
      const result = importSessionJsonFile(second, files[0].path);
      expect(result.heartRate).toBe([...store.iterateHeartRate(id)].length);
      expect(comparable(second, result.sessionId)).toEqual(comparable(store, id));
      // Odd names and notes came back through SQLite exactly.
      const back = second.getSession(result.sessionId);
      expect(back?.name).toBe(ODD.sessionName);
      expect(back?.sets[0].notes).toBe(ODD.setNote);
    } finally {
      second.close();
    }
  });

  it('refuses a bad file with a reason and leaves the store untouched', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ format: 'setbeat-session', schemaVersion: 1, session: { name: '../x' } }));
    const before = store.listSessions().length;
    expect(() => importSessionJsonFile(store, bad)).toThrow(/invalid session file: .*session\./);
    expect(store.listSessions()).toHaveLength(before);
  });

  it('a bad sample near the end of a big file: refused in the validating pass, nothing written', async () => {
    const source = sourceFromStore(store, id);
    if (!source) throw new Error('missing session');
    const file = path.join(dir, 'late-bad.json');
    await exportSession(source, 'json', file);
    const text = fs.readFileSync(file, 'utf8');
    // The z value of the last acceleration sample becomes a string.
    const at = text.lastIndexOf(']]}');
    const comma = text.lastIndexOf(',', at);
    fs.writeFileSync(file, `${text.slice(0, comma)},"x"${text.slice(at)}`);
    const before = store.listSessions().length;
    let message = '';
    try {
      importSessionJsonFile(store, file);
    } catch (err) {
      message = String(err);
    }
    expect(message).toMatch(/invalid session file: acc\.\d+\.samples\.\d+\.\d+/);
    expect(store.listSessions()).toHaveLength(before);
  });

  it('exports each format for one session, with the csv folder holding four files', async () => {
    const source = sourceFromStore(store, other);
    if (!source) throw new Error('missing session');
    const csv = await exportSession(source, 'csv', path.join(dir, 'csv'));
    expect(csv.files.map((f) => path.basename(f.path))).toEqual([
      'setbeat-2026-11-22-0700-s2.sets.csv',
      'setbeat-2026-11-22-0700-s2.samples.csv',
      'setbeat-2026-11-22-0700-s2.strong.csv',
      'setbeat-2026-11-22-0700-s2.rr.txt',
    ]);
    const sets = parseCsv(fs.readFileSync(csv.files[0].path, 'utf8'));
    expect(sets).toHaveLength(1 + 10);
    const fit = await exportSession(source, 'fit', path.join(dir, 'one') + path.sep);
    expect(fit.files[0].path).toBe(path.join(dir, 'one', 'setbeat-2026-11-22-0700-s2.fit'));
    const decoder = new Decoder(Stream.fromByteArray(Array.from(fs.readFileSync(fit.files[0].path))));
    expect(decoder.checkIntegrity()).toBe(true);
    expect(decoder.read().messages.setMesgs?.filter((s) => s.setType === 'active')).toHaveLength(10);
    // The report's zone bands follow the person's saved max HR, like the store's zone seconds.
    store.saveSettings({ maxHr: 180 });
    const html = await exportSession(sourceFromStore(store, other) ?? source, 'html', path.join(dir, 'one') + path.sep);
    expect(fs.readFileSync(html.files[0].path, 'utf8')).toContain('Z1 ≥ 90, Z2 ≥ 108, Z3 ≥ 126, Z4 ≥ 144, Z5 ≥ 162 bpm');
    store.saveSettings({ maxHr: 190 });
    const tcx = await exportSession(source, 'tcx', path.join(dir, 'one', 'mine.tcx'));
    expect(fs.readFileSync(tcx.files[0].path, 'utf8')).toContain('<Intensity>Resting</Intensity>');
    expect(fs.readdirSync(path.join(dir, 'one')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('bulk-exports every session with progress, one file per session', async () => {
    const progress: string[] = [];
    const result = await exportAll(store, 'pdf', path.join(dir, 'all'), {
      printToPdf: fakePdf,
      onProgress: (p) => progress.push(`${p.done}/${p.total}`),
    });
    expect(result.failed).toEqual([]);
    expect(progress).toEqual(['1/2', '2/2']);
    expect(fs.readdirSync(path.join(dir, 'all')).sort()).toEqual(['setbeat-2026-11-20-1730-s1.pdf', 'setbeat-2026-11-22-0700-s2.pdf']);
  });

  it('keeps output inside the chosen folder and never writes through a symlink', () => {
    const folder = path.join(dir, 'safe');
    fs.mkdirSync(folder);
    expect(() => insideFolder(folder, '../escape.json')).toThrow(ExportPathError);
    expect(() => insideFolder(folder, '..')).toThrow(ExportPathError);
    expect(() => insideFolder(folder, 'a/b.json')).toThrow(ExportPathError);
    fs.symlinkSync(path.join(dir, 'elsewhere.json'), path.join(folder, 'setbeat-2026-11-20-1730-s1.json'));
    expect(() => insideFolder(folder, 'setbeat-2026-11-20-1730-s1.json')).toThrow(/symbolic link/);
    expect(insideFolder(folder, 'ok.json')).toBe(path.join(folder, 'ok.json'));
  });

  it('the export CLI: exit 0 with files, 1 for an unknown session, 2 for a bad format', async () => {
    const dataDir = path.join(dir, 'data');
    const outDir = path.join(dir, 'cli');
    const ok = await runCli(['export', 'all', '--format', 'tcx', '--out', outDir, '--data-dir', dataDir]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stderr).toMatch(/\[1\/2\] session \d+ -> .*\.tcx/);
    expect(fs.readdirSync(outDir)).toHaveLength(2);
    const json = await runCli(['export', String(other), '--format', 'html', '--out', path.join(outDir, 'r.html'), '--data-dir', dataDir, '--json']);
    expect(json.exitCode).toBe(0);
    expect((JSON.parse(json.stdout) as { files: { path: string }[] }).files[0].path).toBe(path.join(outDir, 'r.html'));
    const missing = await runCli(['export', '999', '--format', 'json', '--out', outDir, '--data-dir', dataDir]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/no session 999/);
    const badFormat = await runCli(['export', '1', '--format', 'gpx', '--out', outDir, '--data-dir', dataDir]);
    expect(badFormat.exitCode).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of csv, json, tcx, fit, html, pdf/);
    const badId = await runCli(['export', 'latest', '--format', 'json', '--out', outDir, '--data-dir', dataDir]);
    expect(badId.exitCode).toBe(2);
  });
});
