/**
 * The movement leaving its rest is not a rep (set rule `leavingRestWithdrawn`), on real
 * smartwatch pick-ups: people who pick up without a pause at the floor and stand a moment
 * between pick-ups make the profile's extreme (the top) show one lobe more than their reps,
 * the hand starting down. Skips where ../shared/data is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreamingRepDetector } from '../../../src/core/reps/index';
import type { RepEvent } from '../../../src/core/reps/types';
import { readAccCsvAll } from '../../../src/engine/io/acc-csv';
import { HAS_SHARED_DATA, SHARED_DATA_DIR, explainMissingData } from '../../data-dir';

const CARA = path.join(SHARED_DATA_DIR, 'wrist-cara');
if (!HAS_SHARED_DATA) console.log(explainMissingData('the movement leaving its rest, on wrist-cara'));

async function countAtWrist(recording: string): Promise<{ count: number; retracted: string[] }> {
  const { samples } = await readAccCsvAll(path.join(CARA, `${recording}.acc.csv`));
  const d = createStreamingRepDetector('deadlift', { placement: 'wrist' });
  const retracted: string[] = [];
  for (const s of samples) for (const e of d.push(s)) if (e.type === 'retract') retracted.push(e.reason);
  for (const e of d.flush()) if (e.type === 'retract') retracted.push(e.reason);
  return { count: d.count, retracted };
}

describe.skipIf(!HAS_SHARED_DATA)('the movement leaving its rest (wrist-cara pick-ups)', () => {
  const rows = (): { recording: string; reps: number }[] =>
    fs
      .readFileSync(path.join(CARA, 'labels.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[3] === 'Pickingup')
      .map((c) => ({ recording: c[0], reps: Number(c[4]) }));

  it('is withdrawn where it came first, and the sessions count right', async () => {
    // Each counted one too many before the rule (the hand starting down, first of the session).
    // P2-...586: its second bout's, after a quiet spell.
    for (const recording of ['P2-pickingup-s2-1623596586294', 'P2-pickingup-s2-1623596648213', 'P3-pickingup-s1-1624607020158', 'P3-pickingup-s2-1624607111878', 'P5-pickingup-s1-1623768898779']) {
      const truth = rows().find((r) => r.recording === recording)?.reps;
      const { count, retracted } = await countAtWrist(recording);
      expect(count, recording).toBe(truth);
      expect(retracted, recording).toContain('the movement leaving its rest, before the first rep');
    }
  }, 60_000);

  it('is decided live: a session cut anywhere reports exactly what the full run had by then', async () => {
    const { samples } = await readAccCsvAll(path.join(CARA, 'P3-pickingup-s2-1624607111878.acc.csv'));
    const run = (xs: typeof samples): RepEvent[] => {
      const d = createStreamingRepDetector('deadlift', { placement: 'wrist' });
      return xs.flatMap((x) => d.push(x));
    };
    const full = run(samples);
    const at = (e: RepEvent): number => (e.type === 'rep' ? e.rep.detectedAt : e.detectedAt);
    const withdrawnAt = full.find((e) => e.type === 'retract' && e.reason.startsWith('the movement leaving its rest'));
    expect(withdrawnAt).toBeDefined();
    // Cut just before the withdrawal, just after it, and at a third and two thirds.
    const cuts = [at(withdrawnAt!) - 0.05, at(withdrawnAt!) + 0.05, samples[Math.floor(samples.length / 3)].t, samples[Math.floor((2 * samples.length) / 3)].t];
    for (const cut of cuts) expect(run(samples.filter((x) => x.t <= cut)), `cut at ${cut.toFixed(2)} s`).toEqual(full.filter((e) => at(e) <= cut));
  }, 60_000);

  it('picking up, all five people: at least 7 of 17 sessions exact (2 before the rule)', async () => {
    let exact = 0;
    const all = rows().filter((r) => r.reps > 0);
    for (const r of all) if ((await countAtWrist(r.recording)).count === r.reps) exact++;
    console.log(`wrist-cara pick-ups: ${exact} of ${all.length} sessions exact`);
    expect(all.length).toBe(17);
    expect(exact).toBeGreaterThanOrEqual(7);
  }, 120_000);
});
