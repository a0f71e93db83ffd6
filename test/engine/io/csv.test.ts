/**
 * The one CSV reader (src/engine/io/csv.ts): RFC 4180 quoting, numbers read from bytes exactly
 * as Number() reads them, records cut by any read size, the 64 KB line cap and non-text input.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, parseCsvText, readCsvBatches, type CsvReadOptions } from '../../../src/engine/io/csv';
import { AccCsvError, readAccCsvAll } from '../../../src/engine/io/acc-csv';
import { emptyHrCsvStats, readHrCsv } from '../../../src/engine/store/hr-csv';
import { mulberry32 } from '../../helpers/prng';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

interface Rec {
  line: number;
  fields: string[] | 'overlong';
}

async function records(file: string, options: CsvReadOptions = {}): Promise<Rec[]> {
  const out: Rec[] = [];
  for await (const b of readCsvBatches(file, options)) {
    for (let r = 0; r < b.count; r++) {
      out.push({ line: b.line(r), fields: b.overlong(r) ? 'overlong' : Array.from({ length: b.fields(r) }, (_, f) => b.raw(r, f)) });
    }
  }
  return out;
}

describe('CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and keeps line numbers', () => {
    const text = '\uFEFFname,note\r\n"Squat, heavy","said ""go"""\r\n"two\nlines",x\r\n\r\nlast,';
    expect(parseCsvText(text)).toEqual([
      ['name', 'note'],
      ['Squat, heavy', 'said "go"'],
      ['two\nlines', 'x'],
      ['last', ''],
    ]);
  });

  it('gives the same records and line numbers whatever the read size', async () => {
    const text = 't,ax,ay,az\n' + Array.from({ length: 300 }, (_, i) => `${i / 100},"${i}",-0.5,1e-3`).join('\r\n') + '\n\n"a\nb",2\n';
    const p = write('chunks.csv', text);
    const whole = await records(p);
    expect(whole).toHaveLength(302);
    expect(whole.at(-1)).toEqual({ line: 303, fields: ['a\nb', '2'] });
    for (const chunkBytes of [1, 2, 3, 7, 64]) expect(await records(p, { chunkBytes })).toEqual(whole);
  });

  it('reads numbers from bytes exactly as Number() does', async () => {
    const rnd = mulberry32(14);
    const texts: string[] = ['0', '-0', '+5', '.5', '5.', '-.25', '1e3', '2.5E-4', 'Infinity', '-Infinity', 'NaN', 'abc', '1.2.3', '-', '.', '0x10', ' 7 ', '123456789012345', '1234567890123456789', '0.1234567890123456789'];
    for (let i = 0; i < 5000; i++) {
      const v = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 4);
      texts.push(v.toFixed(Math.floor(rnd() * 10)), String(v), v.toExponential(Math.floor(rnd() * 8)));
    }
    const p = write('numbers.csv', texts.join('\n') + '\n');
    const got: number[] = [];
    for await (const b of readCsvBatches(p, { chunkBytes: 1000 })) for (let r = 0; r < b.count; r++) got.push(b.number(r, 0));
    expect(got).toHaveLength(texts.length);
    got.forEach((n, i) => expect(Object.is(n, Number(texts[i])), `${texts[i]} -> ${n}`).toBe(true));
  });

  it('skips a line over 64 KB as one malformed line and reads on', async () => {
    const long = '9'.repeat(2 * 1024 * 1024);
    const p = write('long.csv', `t,ax,ay,az\n0,0,0,1\n${long},1,1,1\n0.01,0,0,1\n${long}\n\n0.02,0,0,1\n`);
    const recs = await records(p, { chunkBytes: 4096 });
    expect(recs.map((r) => [r.line, r.fields === 'overlong' ? 'overlong' : r.fields[0]])).toEqual([
      [1, 't'],
      [2, '0'],
      [3, 'overlong'],
      [4, '0.01'],
      [5, 'overlong'],
      [7, '0.02'],
    ]);
    const { samples, stats } = await readAccCsvAll(p);
    expect(samples.map((s) => s.t)).toEqual([0, 0.01, 0.02]);
    expect(stats.skipped).toBe(2);
    expect(stats.badLines[0]).toEqual({ line: 3, reason: `line longer than ${MAX_LINE_BYTES / 1024} KB` });
    const hr = write('long.hr.csv', `t,bpm\n0,70\n1,${'7'.repeat(100_000)}\n2,72\n`);
    const hrStats = emptyHrCsvStats();
    const rows = [];
    for await (const row of readHrCsv(hr, hrStats)) rows.push(row.t);
    expect(rows).toEqual([0, 2]);
    expect(hrStats.badLines).toEqual([{ line: 3, reason: 'line longer than 64 KB' }]);
  });

  it('refuses an overlong header and a file that is not text, at once and by name', async () => {
    const p = write('long-header.csv', 'x'.repeat(MAX_LINE_BYTES + 10) + '\n0,0,0,1\n');
    await expect(readAccCsvAll(p)).rejects.toThrow(/long-header\.csv:1: header line longer than 64 KB/);
    const bin = write('binary.csv', Buffer.concat([Buffer.from('t,ax,ay,az\n0,0,0,1\n'), Buffer.alloc(100)]));
    await expect(readAccCsvAll(bin)).rejects.toThrow(/binary\.csv:3: this is not a text CSV file/);
  });

  it.skipIf(!fs.existsSync('/dev/zero'))('ends on /dev/zero with a clear error instead of reading forever', async () => {
    const err = await readAccCsvAll('/dev/zero').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccCsvError);
    expect((err as Error).message).toBe('/dev/zero:1: this is not a text CSV file (it holds NUL bytes)');
  });
});
