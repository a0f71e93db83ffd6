/**
 * The detector on the real recordings in ../shared/data/barbell-wrist (wrist, 12.5 Hz), live
 * and causal, through the same `reps-eval` code the CLI runs. Fails below the published
 * baseline (62% exact, 79% within one, MAE 0.74, 11 and 14 false reps at rest) or more than a
 * set below today's figures; the goal figures (90%, 100%, 0.15, 0) are logged, not asserted,
 * since the detector is not there yet.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFolder } from '../../../src/engine/cli/commands/reps-eval';
import { countRepsInFile } from '../../../src/engine/cli/commands/reps';
import { createStreamingRepDetector, type RepEvent } from '../../../src/core/reps/index';
import { readAccCsvAll } from '../../../src/engine/io/acc-csv';
import { scoreRecordings } from '../../../src/core/reps/evaluate';
import { HAS_SHARED_DATA, SHARED_DATA_DIR, explainMissingData } from '../../data-dir';

const DIR = path.join(SHARED_DATA_DIR, 'barbell-wrist');
if (!HAS_SHARED_DATA) console.log(explainMissingData('barbell-wrist rep evaluation'));

describe.skipIf(!HAS_SHARED_DATA)('rep detector on the barbell-wrist recordings', () => {
  it('beats the published baseline, with every rep reported within 1.5 s of its peak', async () => {
    const out = await evaluateFolder(DIR);
    const s = out.summary;
    const byP = ['A', 'B'].map((p) => {
      const q = scoreRecordings(out.recordings.filter((r) => r.participant === p));
      return `${p}: ${q.sets} sets exact ${q.exactPct.toFixed(0)}% within1 ${q.within1Pct.toFixed(0)}% mae ${q.mae.toFixed(2)}`;
    });
    console.log(`${out.line} | max latency ${s.maxLatencyS.toFixed(2)} s | ${byP.join(' | ')} | goal: 90% exact, 100% within1, mae 0.15, 0 at rest`);
    expect(s.sets).toBe(34);
    expect(s.exactPct).toBeGreaterThanOrEqual(62);
    expect(s.within1Pct).toBeGreaterThanOrEqual(79);
    expect(s.mae).toBeLessThanOrEqual(0.74);
    expect(s.maxLatencyS).toBeLessThanOrEqual(1.5);
    // Today's figures (70.6%, 88.2%, 0.56), less one set: a change that loses two sets fails.
    expect(s.exactPct).toBeGreaterThanOrEqual(67.6);
    expect(s.within1Pct).toBeGreaterThanOrEqual(85.2);
    expect(s.mae).toBeLessThanOrEqual(0.62);
    const rest = out.recordings.filter((r) => r.rest);
    expect(rest.map((r) => r.recording).sort()).toEqual(['A-rest-sitting-2019-01-18T1822', 'A-rest-standing-2019-01-18T1825']);
    // Baseline: 11 and 14 false reps; the detector must stay below on each, whatever profile.
    for (const r of rest) expect(r.count, r.recording).toBeLessThan(11);
    expect(s.restFalse).toBe(0);
  });

  it('prefix: the first half of a recording reports exactly the reps the full run had reported by then', async () => {
    for (const name of ['A-squat-medium-2019-01-11T1717', 'B-ohp-medium-2019-01-11T1655', 'A-rest-standing-2019-01-18T1825', 'A-dead-medium-2019-01-11T1724']) {
      const exercise = name.includes('ohp') ? 'ohp' : name.includes('dead') ? 'deadlift' : 'squat';
      const { samples } = await readAccCsvAll(path.join(DIR, `${name}.acc.csv`));
      const run = (xs: typeof samples): RepEvent[] => {
        const d = createStreamingRepDetector(exercise);
        return xs.flatMap((s) => d.push(s));
      };
      const full = run(samples);
      const half = samples.slice(0, Math.floor(samples.length / 2));
      const cut = half[half.length - 1].t;
      const at = (e: RepEvent): number => (e.type === 'rep' ? e.rep.detectedAt : e.detectedAt);
      expect(run(half), name).toEqual(full.filter((e) => at(e) <= cut));
      expect(full.some((e) => at(e) > cut) || name.includes('rest'), `${name} has events in its second half`).toBe(true);
    }
  });

  it('the CLI runner gives the same reps as the detector fed directly', async () => {
    const file = path.join(DIR, 'A-bench-heavy-2019-01-11T1610.acc.csv');
    const r = await countRepsInFile(file, 'bench');
    const d = createStreamingRepDetector('bench');
    for (const s of (await readAccCsvAll(file)).samples) d.push(s);
    d.flush();
    expect(r.reps).toEqual(d.reps());
    expect(r.count).toBe(5);
    expect(r.sampleRateHz).toBeCloseTo(12.5, 1);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('walking and jogging (chest-shirt recordings) are not strength reps', () => {
  it('squat and deadlift count (almost) nothing over 25 minutes of walking, stairs and jogging', async () => {
    const file = path.join(SHARED_DATA_DIR, 'chest-shirt', 'shirt-004.acc.csv');
    const counts: Record<string, number> = {};
    for (const ex of ['squat', 'deadlift', 'calf-raise', 'box-step-off'] as const) counts[ex] = (await countRepsInFile(file, ex)).count;
    console.log(`shirt-004 (25 min walking/jogging, 64 Hz): ${JSON.stringify(counts)}`);
    // Today: squat 5, deadlift 3, calf-raise 24, box step-off 10 over 25 minutes (the shirt
    // counts 2,297 steps); lone landings and pairs of reps add none here.
    expect(counts.squat).toBeLessThanOrEqual(6);
    expect(counts.deadlift).toBeLessThanOrEqual(5);
    expect(counts['calf-raise']).toBeLessThanOrEqual(26);
    expect(counts['box-step-off']).toBeLessThanOrEqual(12);
  });
});
