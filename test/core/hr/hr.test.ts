import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HrRecovery, RmssdWindow, zoneLowerBounds, zoneOf } from '../../../src/core/hr';
import { HAS_SHARED_DATA, SHARED_DATA_DIR, explainMissingData } from '../../data-dir';

describe('zones', () => {
  it('puts bounds at 50-90 % of max HR, or of the reserve above resting HR', () => {
    expect(zoneLowerBounds({ maxHr: 200, restingHr: 60, zonesMethod: 'max' })).toEqual([100, 120, 140, 160, 180]);
    // Karvonen: 60 + f * 140
    expect(zoneLowerBounds({ maxHr: 200, restingHr: 60, zonesMethod: 'reserve' })).toEqual([130, 144, 158, 172, 186]);
  });

  it('classifies a heart rate, 0 below zone 1 or without a reading', () => {
    const p = { maxHr: 200, restingHr: 60, zonesMethod: 'max' as const };
    expect([99, 100, 139, 140, 179, 180, 210].map((b) => zoneOf(b, p))).toEqual([0, 1, 2, 3, 4, 5, 5]);
    expect(zoneOf(null, p)).toBe(0);
    expect(zoneOf(0, p)).toBe(0);
    expect(zoneOf(150, { ...p, zonesMethod: 'reserve' })).toBe(2);
  });
});

describe('RMSSD', () => {
  it('is the RMS of successive differences of clean beats', () => {
    const w = new RmssdWindow({ minPairs: 3 });
    const rr = [800, 810, 790, 800, 820];
    let t = 0;
    for (const r of rr) w.push((t += r), r);
    // diffs 10, -20, 10, 20 -> mean of squares (100+400+100+400)/4 = 250
    expect(w.value()).toBeCloseTo(Math.sqrt(250), 9);
  });

  it('drops an ectopic beat and its compensatory pause instead of letting them dominate', () => {
    const clean = new RmssdWindow({ minPairs: 3 });
    const dirty = new RmssdWindow({ minPairs: 3 });
    const base = [800, 810, 790, 800, 805, 795, 800, 810, 790, 800];
    let t = 0;
    for (const r of base) clean.push((t += r), r);
    t = 0;
    const withArtefact = [...base.slice(0, 5), 420, 1180, ...base.slice(5)];
    for (const r of withArtefact) dirty.push((t += r), r);
    expect(dirty.rejected).toBe(2);
    const c = clean.value();
    const d = dirty.value();
    expect(c).not.toBeNull();
    expect(d).not.toBeNull();
    // Without rejection the 380 ms jumps would put RMSSD above 150 ms.
    expect(d!).toBeLessThan(15);
    expect(Math.abs(d! - c!)).toBeLessThan(5);
  });

  it('rejects out-of-range and non-finite intervals and forgets beats older than the window', () => {
    const w = new RmssdWindow({ windowMs: 10_000, minPairs: 2 });
    expect(w.push(0, 0)).toBe(false);
    expect(w.push(0, Number.NaN)).toBe(false);
    expect(w.push(0, 2500)).toBe(false);
    let t = 0;
    for (let i = 0; i < 20; i++) w.push((t += 1000), i % 2 ? 1000 : 980);
    expect(w.value()).toBeCloseTo(20, 6);
    expect(w.value(t + 60_000)).toBeNull();
  });
});

function replayRr(file: string, onlyGood = false): { w: RmssdWindow; values: number[]; withheld: number; naive: number; beats: number } {
  const text = fs.readFileSync(path.join(SHARED_DATA_DIR, 'chest-shirt', file), 'utf8');
  const rows = text.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const w = new RmssdWindow();
  const values: number[] = [];
  let withheld = 0;
  let prev: number | null = null;
  let naiveSq = 0;
  let naiveN = 0;
  rows.forEach(([t, rr, quality], i) => {
    // The shirt flags its own doubtful beats (quality 129); a strap would not send them.
    if (!onlyGood || quality === 1) w.push(t * 1000, rr);
    if (i < 120) return; // the first minute fills the window
    const v = w.value();
    if (v === null) withheld++;
    else values.push(v);
    if (rr > 0 && prev !== null) {
      naiveSq += (rr - prev) ** 2;
      naiveN++;
    }
    if (rr > 0) prev = rr;
  });
  return { w, values, withheld, naive: Math.sqrt(naiveSq / naiveN), beats: rows.length };
}

describe.skipIf(!HAS_SHARED_DATA)('RMSSD on real straps (chest-shirt)', () => {
  if (!HAS_SHARED_DATA) console.warn(explainMissingData('RMSSD on chest-shirt'));

  it('gives physiological figures from the beats the shirt itself trusts (shirt-004)', () => {
    const r = replayRr('shirt-004.rr.csv', true);
    console.log(`shirt-004: ${r.values.length} figures, ${r.withheld} withheld, rejected ${r.w.rejected}/${r.beats}, range ${Math.min(...r.values).toFixed(0)}-${Math.max(...r.values).toFixed(0)} ms, naive ${r.naive.toFixed(0)} ms`);
    // Even the "clean" shirt is noisy while walking and jogging: figures where beats allow, none elsewhere.
    expect(r.values.length).toBeGreaterThan(50);
    expect(Math.min(...r.values)).toBeGreaterThan(2);
    expect(Math.max(...r.values)).toBeLessThan(150);
  });

  it('withholds the figure rather than show nonsense from a loose strap (shirt-003)', () => {
    const r = replayRr('shirt-003.rr.csv');
    console.log(`shirt-003: ${r.values.length} figures, ${r.withheld} withheld, rejected ${r.w.rejected}/${r.beats}, naive ${r.naive.toFixed(0)} ms`);
    expect(r.naive).toBeGreaterThan(150);
    expect(r.withheld).toBeGreaterThan(r.values.length);
    for (const v of r.values) expect(v).toBeLessThan(150);
  });
});

describe('HR recovery', () => {
  it('reports the drop from the end of the set to 60 s later, smoothed over 5 s', () => {
    const r = new HrRecovery();
    for (let t = 0; t <= 30_000; t += 1000) r.pushHr(t, 150);
    r.setEnded(30_000);
    expect(r.view(30_000)).toMatchObject({ startBpm: 150, dropBpm: 0, done: false });
    // Falls 1 bpm per second during rest.
    for (let s = 1; s <= 70; s++) r.pushHr(30_000 + s * 1000, 150 - s);
    const v = r.view(100_000);
    expect(v?.done).toBe(true);
    // At 60 s the last 5 s held 95..90 (s = 55..60): mean 92.5 -> 93 (rounded), drop 57.
    expect(v?.nowBpm).toBe(Math.round((95 + 94 + 93 + 92 + 91 + 90) / 6));
    expect(v?.dropBpm).toBe(150 - (v?.nowBpm ?? 0));
  });

  it('has no figure without heart rate at the end of the set', () => {
    const r = new HrRecovery();
    expect(r.view(0)).toBeNull();
    r.setEnded(0);
    r.pushHr(1000, 120);
    expect(r.view(1000)).toMatchObject({ startBpm: null, dropBpm: null });
  });
});
