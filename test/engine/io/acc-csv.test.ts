import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccCsvError, readAccCsv, readAccCsvAll } from '../../../src/engine/io/acc-csv';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-acc-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('readAccCsv', () => {
  it('reads t,ax,ay,az rows (CRLF, no final newline, extra columns in any order)', async () => {
    const p = write('ok.csv', 'az,t,ay,ax,extra\r\n1.0,0.00,0.1,0.2,x\r\n0.9,0.01,0.2,0.3,y');
    const { samples, stats } = await readAccCsvAll(p);
    expect(samples).toEqual([
      { t: 0, x: 0.2, y: 0.1, z: 1 },
      { t: 0.01, x: 0.3, y: 0.2, z: 0.9 },
    ]);
    expect(stats).toEqual({ lines: 2, samples: 2, skipped: 0, badLines: [] });
  });

  it('skips malformed lines, counting them and naming their line numbers', async () => {
    const p = write('bad-lines.csv', 't,ax,ay,az\n0,0,0,1\n0.01,abc,0,1\n0.02,0,0\n\n0.03,0,,1\n0.04,0,0,NaN\n0.05,0,0,1\n');
    const reader = readAccCsv(p);
    const got = [];
    for await (const s of reader) got.push(s.t);
    expect(got).toEqual([0, 0.05]);
    expect(reader.stats.skipped).toBe(4);
    expect(reader.stats.badLines.map((b) => b.line)).toEqual([3, 4, 6, 7]);
    expect(reader.stats.badLines[1].reason).toMatch(/expected 4 columns, got 3/);
  });

  it('strict mode raises on the first bad line with the file and line in the message', async () => {
    const p = write('strict.csv', 't,ax,ay,az\n0,0,0,1\n0.01,zz,0,1\n');
    await expect(readAccCsvAll(p, { strict: true })).rejects.toThrow(AccCsvError);
    await expect(readAccCsvAll(p, { strict: true })).rejects.toThrow(`${p}:3: not a number`);
  });

  it('a wrong header, an empty file or a missing file is a typed error naming the file', async () => {
    const hdr = write('hdr.csv', 'time,x,y\n0,0,0\n');
    await expect(readAccCsvAll(hdr)).rejects.toThrow(/hdr\.csv:1: header .* lacks column\(s\) az/);
    const empty = write('empty.csv', '');
    await expect(readAccCsvAll(empty)).rejects.toThrow(/empty\.csv: empty file/);
    const err = await readAccCsvAll(path.join(dir, 'nope.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccCsvError);
    expect((err as AccCsvError).message).toMatch(/nope\.csv: cannot read file/);
  });

  it('reads lines split across chunk boundaries intact', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${(i / 100).toFixed(2)},${i % 7}.125,-${i % 3}.5,1.0625`);
    const p = write('chunks.csv', 't,ax,ay,az\n' + rows.join('\n') + '\n');
    const { samples } = await readAccCsvAll(p, { chunkBytes: 7 });
    expect(samples).toHaveLength(500);
    expect(samples[499]).toEqual({ t: 4.99, x: 2.125, y: -1.5, z: 1.0625 });
    const one: unknown[] = [];
    for await (const s of readAccCsv(p, { chunkBytes: 64 })) one.push(s);
    expect(one).toEqual(samples);
  });

  it('streams a huge file with flat memory (an hour and a half at 200 Hz, about 30 MB)', async () => {
    const p = path.join(dir, 'huge.csv');
    const fd = fs.openSync(p, 'w');
    fs.writeSync(fd, 't,ax,ay,az\n');
    const n = 1_080_000;
    const block: string[] = [];
    for (let i = 0; i < n; i++) {
      block.push(`${(i / 200).toFixed(3)},0.0123,-0.9876,0.1111`);
      if (block.length === 10000) {
        fs.writeSync(fd, block.join('\n') + '\n');
        block.length = 0;
      }
    }
    fs.closeSync(fd);
    const size = fs.statSync(p).size;
    expect(size).toBeGreaterThan(30e6);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    let lastT = -1;
    for await (const s of readAccCsv(p)) {
      count++;
      lastT = s.t;
      if ((count & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(n);
    expect(lastT).toBeCloseTo((n - 1) / 200, 3);
    // Holding the file would take > 60 MB of strings; a streaming read stays far below.
    expect(peak - before).toBeLessThan(size / 2);
  });
});
