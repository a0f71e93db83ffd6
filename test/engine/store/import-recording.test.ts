/**
 * The importer's wiring, with a scripted segmenter and detector (the real ones are scored by
 * their own tests and exercised end to end in test/cli/import-sessions.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccSample } from '../../../src/shared/domain';
import type { MotionEvent, MotionSegmenter, RepDetector, RepEvent } from '../../../src/core/reps/types';
import { openStore } from '../../../src/engine/store/index';
import { importRecording } from '../../../src/engine/store/import-recording';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-importer-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function* samples(n: number, hz: number): AsyncGenerator<AccSample> {
  for (let i = 0; i < n; i++) yield { t: i / hz, x: Math.sin(i / 5), y: 0, z: 1 };
}

/** Emits the events scripted for a sample time (exact match on t). */
function scriptedSegmenter(script: Record<string, MotionEvent[]>): MotionSegmenter {
  return { push: (s) => script[s.t.toFixed(2)] ?? [], flush: () => [] };
}

/** A rep at every whole second it sees; the rep at 13 s is retracted at 14 s. Logs what it saw. */
function fakeDetector(seen: number[][]): RepDetector {
  const mine: number[] = [];
  seen.push(mine);
  let count = 0;
  return {
    exerciseId: 'squat',
    get count() {
      return count;
    },
    push(s) {
      mine.push(s.t);
      const out: RepEvent[] = [];
      if (Math.abs(s.t - Math.round(s.t)) < 1e-9 && s.t > 0) {
        count++;
        out.push({ type: 'rep', rep: { t: s.t, start: s.t - 0.4, end: s.t + 0.4, amplitude: 1, confidence: 1, detectedAt: s.t, quality: { durationS: 0.8 } } });
      }
      if (Math.abs(s.t - 14) < 1e-9) {
        count--;
        out.push({ type: 'retract', t: 13, detectedAt: 14, reason: 'lone peak' });
      }
      return out;
    },
    flush: () => [],
  };
}

describe('importRecording', () => {
  it('opens a set at motion start with a 2 s pre-roll, ends it where stillness began, keeps only reps up to then', async () => {
    const store = openStore(path.join(tmp, 'a'));
    const seen: number[][] = [];
    const res = await importRecording(
      store,
      { acc: samples(2500, 100), exerciseId: 'squat', name: 'Scripted', startedAt: 1_800_000_000_000 },
      {
        createDetector: () => fakeDetector(seen),
        // Motion from 5 s (reported at 5.5), still since 9.5 (reported at 12); again 12.5 .. 20.5 (reported 24).
        createSegmenter: () =>
          scriptedSegmenter({
            '5.50': [{ type: 'motion-start', t: 5 }],
            '12.00': [{ type: 'still', t: 12, since: 9.5 }],
            '12.60': [{ type: 'motion-start', t: 12.5 }],
            '24.00': [{ type: 'still', t: 24, since: 20.5 }],
          }),
      },
    );
    expect(res.setsFrom).toBe('motion-segmenter');
    expect(res.sets.map((s) => [s.order, s.startedAt - 1_800_000_000_000, s.endedAt - 1_800_000_000_000, s.reps])).toEqual([
      [0, 5000, 9500, 5], // reps at 5..9 (10 and 11 come after stillness began)
      [1, 12500, 20500, 7], // 13..20 minus the retracted 13
    ]);
    // Pre-roll: the first detector starts 2 s before the motion start.
    expect(seen[0][0]).toBeCloseTo(3.5, 9);
    expect(seen[1][0]).toBeCloseTo(10.6, 9);
    const d = store.getSession(res.id);
    // Reps at 4 s came from the pre-roll, before the motion began: not reps of the set.
    expect(d?.sets.map((s) => s.reps.map((r) => r.t))).toEqual([
      [5, 6, 7, 8, 9],
      [14, 15, 16, 17, 18, 19, 20],
    ]);
    expect(d).toMatchObject({ status: 'finished', repCount: 12, setCount: 2, durationS: 24.99 });
    store.close();
  });

  it('without a segmenter the whole recording is one set; a failure leaves no half session', async () => {
    const store = openStore(path.join(tmp, 'b'));
    const seen: number[][] = [];
    const res = await importRecording(store, { acc: samples(500, 50), exerciseId: 'squat', name: 'Whole', startedAt: 0 }, { createDetector: () => fakeDetector(seen) });
    expect(res.setsFrom).toBe('whole-recording');
    expect(res.sets.map((s) => [s.startedAt, s.endedAt, s.reps])).toEqual([[0, 9980, 9]]);

    async function* broken(): AsyncGenerator<AccSample> {
      yield { t: 0, x: 0, y: 0, z: 1 };
      throw new Error('disk went away');
    }
    await expect(importRecording(store, { acc: broken(), exerciseId: 'squat', name: 'Broken', startedAt: 0 }, { createDetector: () => fakeDetector([]) })).rejects.toThrow(
      'disk went away',
    );
    expect(store.listSessions().map((s) => s.name)).toEqual(['Whole']);
    expect(store.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 1 });
    store.close();
  });
});
