import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyHrCsvStats, readHrCsv, RrToBpm, type HrCsvRow } from '../../../src/engine/store/hr-csv';
import { explainMissingData, HAS_SHARED_DATA, SHARED_DATA_DIR } from '../../data-dir';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-hrcsv-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function read(text: string): Promise<{ rows: HrCsvRow[]; stats: ReturnType<typeof emptyHrCsvStats> }> {
  const file = path.join(tmp, `f${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  const stats = emptyHrCsvStats();
  const rows: HrCsvRow[] = [];
  for await (const r of readHrCsv(file, stats)) rows.push(r);
  return { rows, stats };
}

describe('HR CSV for import', () => {
  it('reads t,rr_ms,quality (0 = no interval) and skips broken lines with their line numbers', async () => {
    const { rows, stats } = await read('t,rr_ms,quality\r\n5.5,0.0,129\r\n6.27,742.2,129\r\n7,,1\r\nx,800,1\r\n7.9,810,129\r\n');
    expect(rows).toEqual([
      { t: 6.27, bpm: null, rrMs: 742.2 },
      { t: 7.9, bpm: null, rrMs: 810 },
    ]);
    expect(stats).toMatchObject({ columns: { bpm: false, rr: true }, rows: 2, skipped: 2, noInterval: 1 });
    expect(stats.badLines.map((b) => b.line)).toEqual([4, 5]);
  });

  it('reads t,bpm; refuses a file without the columns with a clear message', async () => {
    expect((await read('t,bpm\n0,71\n1,72\n')).rows).toEqual([
      { t: 0, bpm: 71, rrMs: null },
      { t: 1, bpm: 72, rrMs: null },
    ]);
    await expect(read('time,watts\n1,200\n')).rejects.toThrow(/:1: header "time,watts" needs columns t,bpm or t,rr_ms$/);
    await expect(read('')).rejects.toThrow(/empty file: no t,bpm or t,rr_ms header$/);
  });

  it('reads what `record` writes for a strap: t,bpm,rr_ms with an empty bpm before the first reading', async () => {
    const { rows, stats } = await read('t,bpm,rr_ms\n0.81,,812.5\n1.62,74,810.0\n2.40,75,0\n');
    expect(rows).toEqual([
      { t: 0.81, bpm: null, rrMs: 812.5 },
      { t: 1.62, bpm: 74, rrMs: 810 },
      { t: 2.4, bpm: 75, rrMs: null },
    ]);
    expect(stats).toMatchObject({ columns: { bpm: true, rr: true }, rows: 3, skipped: 0, noInterval: 1 });
  });

  it('derives HR from RR without letting one artefact beat spike it', () => {
    const c = new RrToBpm();
    const out = [800, 800, 810, 400, 790, 2600, 800].map((rr) => c.push(rr));
    expect(out).toEqual([75, 75, 75, 75, 75, null, 75]);
  });

  if (!HAS_SHARED_DATA) console.log(explainMissingData('HR CSV on the real chest-shirt files'));
  it.skipIf(!HAS_SHARED_DATA)('reads the real chest-shirt RR files whole', async () => {
    for (const name of ['shirt-003', 'shirt-004']) {
      const file = path.join(SHARED_DATA_DIR, 'chest-shirt', `${name}.rr.csv`);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
      const stats = emptyHrCsvStats();
      let n = 0;
      for await (const r of readHrCsv(file, stats)) if (r.rrMs !== null) n++;
      expect(n + stats.noInterval + stats.skipped).toBe(lines.length);
      expect(n).toBe(lines.filter((l) => Number(l.split(',')[1]) > 0).length);
    }
  });
});
