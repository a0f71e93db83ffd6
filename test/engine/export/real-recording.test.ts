/**
 * Exports of real recordings: the Hexoskin chest-shirt data in ../shared/data (beat-to-beat
 * intervals, with shirt-003's artefacts from poor contact, and 64 Hz chest acceleration) is
 * written into a real SQLite store as a session, then exported. What the sensor sent must
 * come out unchanged: every RR interval in the RR file and in the FIT hrv messages, every
 * acceleration sample through JSON and back into a second store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Decoder, Stream } from '@garmin/fitsdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSession } from '../../../src/engine/export/exporter';
import { importSessionJsonFile } from '../../../src/engine/export/import-json';
import { sourceFromStore } from '../../../src/engine/export/store-port';
import { openStore, type Store } from '../../../src/engine/store/index';
import { explainMissingData, HAS_SHARED_DATA, HAS_SHARED_REFERENCE, SHARED_DATA_DIR, SHARED_REFERENCE_DIR } from '../../data-dir';
import { validateAgainstXsd } from '../../helpers/xsd';

if (!HAS_SHARED_DATA) console.warn(explainMissingData('export of real chest-shirt recordings'));

const START = Date.UTC(2026, 10, 24, 6, 0, 0);

function readCsv(file: string): number[][] {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.split(',').map(Number));
}

interface Recording {
  rr: { tMs: number; rrMs: number }[];
  acc: { tMs: number; x: number; y: number; z: number }[];
}

function load(name: string): Recording {
  const dir = path.join(SHARED_DATA_DIR, 'chest-shirt');
  const rr = readCsv(path.join(dir, `${name}.rr.csv`))
    .filter(([, ms]) => ms > 0) // 0 means "no interval" in the shirt's file
    .map(([t, ms]) => ({ tMs: START + Math.round(t * 1000), rrMs: ms }));
  const acc = readCsv(path.join(dir, `${name}.acc.csv`)).map(([t, x, y, z]) => ({ tMs: START + t * 1000, x, y, z }));
  return { rr, acc };
}

/** Records it as the engine would: RR as sent, 1 Hz heart rate from the last beats, raw acceleration. */
function record(store: Store, rec: Recording, name: string): number {
  const end = Math.max(rec.rr[rec.rr.length - 1].tMs, rec.acc[rec.acc.length - 1].tMs);
  const w = store.beginSession({ name, routineName: null, startedAt: START }, { autoFlush: false });
  w.addDevice({ id: 'hexoskin', name: 'Hexoskin shirt', kind: 'generic-imu' });
  const s1 = w.startSet({ exerciseId: 'generic', side: 'both', order: 0, startedAt: START + 300_000 });
  w.endSet(s1, START + 420_000);
  const s2 = w.startSet({ exerciseId: 'generic', side: 'both', order: 1, startedAt: START + 900_000 });
  w.endSet(s2, START + 1_020_000);
  let k = 0;
  for (let t = START + 1000; t <= end; t += 1000) {
    while (k + 1 < rec.rr.length && rec.rr[k + 1].tMs <= t) k++;
    const recent = rec.rr.slice(Math.max(0, k - 4), k + 1).map((r) => r.rrMs).sort((a, b) => a - b);
    w.addHr({ tMs: t, bpm: Math.round(60_000 / recent[recent.length >> 1]), contact: true });
  }
  for (const r of rec.rr) w.addRr(r);
  for (let i = 0; i < rec.acc.length; i += 64) w.addAcc('hexoskin', rec.acc.slice(i, i + 64));
  expect(w.finish(end)).toBe(true);
  return w.sessionId;
}

describe.skipIf(!HAS_SHARED_DATA)('exports of real chest-shirt recordings', () => {
  let dir: string;
  let store: Store;
  const recs: Record<string, Recording> = {};
  const ids: Record<string, number> = {};

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-real-export-'));
    store = openStore(path.join(dir, 'data'));
    for (const name of ['shirt-004', 'shirt-003']) {
      recs[name] = load(name);
      ids[name] = record(store, recs[name], name);
    }
  });
  afterAll(() => {
    store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['shirt-004', 'shirt-003']) {
    it(`${name}: every RR interval reaches the RR file and the FIT hrv messages unchanged`, async () => {
      const source = sourceFromStore(store, ids[name]);
      if (!source) throw new Error('missing');
      const rr = recs[name].rr;
      const csv = await exportSession(source, 'csv', path.join(dir, name, 'csv'));
      const lines = fs.readFileSync(csv.files[3].path, 'utf8').trimEnd().split('\n').map(Number);
      expect(lines).toEqual(rr.map((r) => Math.round(r.rrMs)));
      const fit = await exportSession(source, 'fit', path.join(dir, name, 's.fit'));
      const decoder = new Decoder(Stream.fromByteArray(Array.from(fs.readFileSync(fit.files[0].path))));
      expect(decoder.checkIntegrity()).toBe(true);
      const { messages, errors } = decoder.read();
      expect(errors).toEqual([]);
      const times = (messages.hrvMesgs ?? []).flatMap((h) => h.time ?? []);
      expect(times).toHaveLength(rr.length);
      // FIT keeps RR in whole milliseconds; the shirt gives 1/256 s steps.
      times.forEach((t, i) => expect(Math.abs(t - rr[i].rrMs / 1000)).toBeLessThanOrEqual(0.0005 + 1e-9));
      expect(messages.setMesgs?.filter((s) => s.setType === 'active')).toHaveLength(2);
      expect(messages.recordMesgs?.length).toBe([...store.iterateHeartRate(ids[name])].length);
    });
  }

  it('shirt-004: acceleration and RR survive JSON into a second store', async () => {
    const source = sourceFromStore(store, ids['shirt-004']);
    if (!source) throw new Error('missing');
    const json = await exportSession(source, 'json', path.join(dir, 'shirt-004.json'));
    const second = openStore(path.join(dir, 'data2'));
    try {
      const result = importSessionJsonFile(second, json.files[0].path);
      expect(result.accSamples).toBe(recs['shirt-004'].acc.length);
      expect(result.rr).toBe(recs['shirt-004'].rr.length);
      const a = [...store.iterateAcc(ids['shirt-004'])];
      const b = [...second.iterateAcc(result.sessionId)];
      expect(b.map((c) => c.count)).toEqual(a.map((c) => c.count));
      expect(Array.from(b[10].z)).toEqual(Array.from(a[10].z));
      expect(Array.from(b[10].tMs)).toEqual(Array.from(a[10].tMs));
      expect([...second.iterateRr(result.sessionId)]).toEqual([...store.iterateRr(ids['shirt-004'])]);
    } finally {
      second.close();
    }
  });

  const xsd = path.join(SHARED_REFERENCE_DIR, 'TrainingCenterDatabasev2.xsd');
  it.skipIf(!HAS_SHARED_REFERENCE || !fs.existsSync(xsd))('shirt-003 (artefacts): the TCX is valid and holds every heart-rate reading', async () => {
    const source = sourceFromStore(store, ids['shirt-003']);
    if (!source) throw new Error('missing');
    const tcx = await exportSession(source, 'tcx', path.join(dir, 'shirt-003.tcx'));
    const xml = fs.readFileSync(tcx.files[0].path, 'utf8');
    expect(validateAgainstXsd(xsd, xml)).toEqual({ ok: true, output: '' });
    expect((xml.match(/<Trackpoint>/g) ?? []).length).toBe([...store.iterateHeartRate(ids['shirt-003'])].filter((s) => s.bpm > 0).length);
  });
});
