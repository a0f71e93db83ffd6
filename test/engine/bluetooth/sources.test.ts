/** What the simulator replays: recordings read from CSV (with bad rows and bad files) and the synthetic session. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAccCsv, loadRrCsv, RecordingError, SyntheticHeart, SyntheticMotion, DEFAULT_SHAPE } from '../../../src/engine/bluetooth/sim/sources';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-sim-src-'));
function write(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('recordings', () => {
  it('interpolates acceleration between samples and loops past the end', () => {
    const f = write('a.csv', 't,ax,ay,az\n0,0,0,1\n0.1,1,0,1\nnot,a,number,row\n0.2,2,0,1\n0.15,9,9,9\n');
    const rec = loadAccCsv(f);
    expect(rec.t.length).toBe(3); // the bad row and the one going back in time are skipped
    expect(rec.at(0.05).x).toBeCloseTo(0.5, 9);
    expect(rec.at(0.2).x).toBeCloseTo(2, 9);
    // Period = duration + one sample period = 0.3 s.
    expect(rec.at(0.35).x).toBeCloseTo(0.5, 9);
  });

  it('replays beats on the recording time axis, dropping empty intervals, looping', () => {
    const f = write('r.csv', 't,rr_ms,quality\n5.0,0.0,129\n5.8,800,129\n6.5,700,129\n7.4,900,129\n');
    const rec = loadRrCsv(f);
    expect(rec.beatsBetween(5.5, 7)).toEqual([
      { t: 5.8, rrMs: 800 },
      { t: 6.5, rrMs: 700 },
    ]);
    const lap = rec.period;
    expect(rec.beatsBetween(lap + 5.5, lap + 6)).toEqual([{ t: lap + 5.8, rrMs: 800 }]);
    expect(rec.bpmAt(7.5)).toBe(Math.round(60000 / 800));
  });

  it('rejects unreadable or column-less files with a typed error that names the file', () => {
    expect(() => loadAccCsv(path.join(dir, 'missing.csv'))).toThrow(RecordingError);
    const bad = write('bad.csv', 'time,x,y,z\n0,0,0,1\n1,0,0,1\n');
    expect(() => loadAccCsv(bad)).toThrow(/no "t" column/);
    const empty = write('empty.csv', 't,rr_ms\n');
    expect(() => loadRrCsv(empty)).toThrow(/at least two beats/);
  });
});

describe('synthetic session', () => {
  it('rests near 70 bpm and climbs during a set, then recovers', () => {
    const h = new SyntheticHeart();
    const setStart = DEFAULT_SHAPE.restS0;
    const setEnd = setStart + DEFAULT_SHAPE.setS;
    expect(Math.abs(h.bpmAt(setStart - 1) - 70)).toBeLessThanOrEqual(3);
    expect(h.bpmAt(setEnd - 1)).toBeGreaterThan(110);
    expect(h.bpmAt(setEnd + 60)).toBeLessThan(h.bpmAt(setEnd));
    // Beats agree with the rate and every window sees the same beats.
    const a = h.beatsBetween(10, 20);
    const b = [...h.beatsBetween(10, 15), ...h.beatsBetween(15, 20)];
    expect(b).toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i].t - a[i - 1].t).toBeCloseTo(a[i].rrMs / 1000, 3);
  });

  it('moves in sets and stays still with gravity between them', () => {
    const m = new SyntheticMotion();
    const still = [0, 2, 4, 6].map((t) => m.at(t));
    for (const v of still) expect(Math.hypot(v.x, v.y, v.z)).toBeCloseTo(1, 1);
    const t0 = DEFAULT_SHAPE.restS0;
    const z = Array.from({ length: 500 }, (_, i) => m.at(t0 + i / 100).z);
    expect(Math.max(...z) - Math.min(...z)).toBeGreaterThan(0.5);
  });
});
