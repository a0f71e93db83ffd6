/**
 * The edges of a set: a stream that stops on a rep under way, and a small lead-in movement
 * (the unrack) right before the set's first real rep. Synthetic sets give exact truth; the
 * real wrist recordings where these happened show the rules at work on people.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreamingRepDetector, type RepEvent } from '../../../src/core/reps/index';
import type { AccSample } from '../../../src/shared/domain';
import { readAccCsvAll } from '../../../src/engine/io/acc-csv';
import { HAS_SHARED_DATA, SHARED_DATA_DIR, explainMissingData } from '../../data-dir';
import { synthesize } from './synthetic';

function feed(exercise: 'squat' | 'ohp' | 'calf-raise', samples: readonly AccSample[]): { live: RepEvent[]; end: readonly RepEvent[]; count: number } {
  const d = createStreamingRepDetector(exercise);
  const live = samples.flatMap((s) => d.push(s));
  const end = d.flush();
  return { live, end, count: d.count };
}

describe('a set that ends on a rep under way', () => {
  const rec = synthesize({ movement: 'squat', placement: 'chest', reps: 7, rateHz: 50, seed: 404, restS: 2 });
  const period = (rec.repTimes[6] - rec.repTimes[0]) / 6;

  it('counts the last rep when the stream stops near its peak, on the set\'s beat', () => {
    const cut = rec.samples.filter((s) => s.t <= rec.repTimes[6] + 0.05);
    const { live, end, count } = feed('squat', cut);
    expect(live.filter((e) => e.type === 'rep')).toHaveLength(6);
    const last = end.find((e) => e.type === 'rep');
    expect(last, 'the rep under way is reported at the end of the stream').toBeDefined();
    if (last?.type === 'rep') {
      expect(Math.abs(last.rep.t - rec.repTimes[6])).toBeLessThan(0.3 * period);
      expect(last.rep.detectedAt).toBe(cut[cut.length - 1].t);
    }
    expect(count).toBe(7);
  });

  it('does not count a movement just begun, nor one in a set too short to be confirmed', () => {
    // Stopped as the last rep barely starts: not yet the size of the set's reps.
    const early = rec.samples.filter((s) => s.t <= rec.repTimes[6] - 0.45 * period);
    expect(feed('squat', early).count).toBe(6);
    // Two reps and a third under way: no set was confirmed, so nothing stands.
    const short = synthesize({ movement: 'squat', placement: 'chest', reps: 3, rateHz: 50, seed: 405, restS: 2 });
    const cut = short.samples.filter((s) => s.t <= short.repTimes[2] + 0.05);
    expect(feed('squat', cut).count).toBe(0);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('set edges on the real wrist recordings', () => {
  const dir = path.join(SHARED_DATA_DIR, 'barbell-wrist');
  if (!HAS_SHARED_DATA) console.log(explainMissingData('set-edge checks on barbell-wrist'));

  it('A-ohp-heavy-1641 stops on the fifth press: it counts, at the last sample', async () => {
    const { samples } = await readAccCsvAll(path.join(dir, 'A-ohp-heavy-2019-01-11T1641.acc.csv'));
    const { live, end, count } = feed('ohp', samples);
    expect(live.filter((e) => e.type === 'rep')).toHaveLength(4);
    expect(end.filter((e) => e.type === 'rep')).toHaveLength(1);
    expect(count).toBe(5);
  });

  it('B-ohp-heavy-1640 starts with the unrack: the larger press right after replaces it', async () => {
    const { samples } = await readAccCsvAll(path.join(dir, 'B-ohp-heavy-2019-01-11T1640.acc.csv'));
    const { live, count } = feed('ohp', samples);
    const replaced = live.filter((e) => e.type === 'retract' && e.reason.includes('larger movement'));
    expect(replaced).toHaveLength(1);
    expect(count).toBe(5);
  });
});
