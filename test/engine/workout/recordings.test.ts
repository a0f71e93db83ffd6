/**
 * The live service on real recordings (barbell-wrist deadlift and squat sets, 12.5 Hz wrist
 * sensor): each recording is streamed in 100 ms batches through ingest, as the Bluetooth side
 * delivers it, inside a set of the matching exercise. The live count must equal the offline
 * detector's on the same file (batching and the service add nothing and lose nothing), and is
 * printed beside the labelled count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/contract';
import type { ExerciseId } from '../../../src/shared/exercises';
import { createRepDetector } from '../../../src/core/reps';
import { readAccCsvAll } from '../../../src/engine/io/acc-csv';
import { WorkoutService } from '../../../src/engine/workout/service';
import { HAS_SHARED_DATA, SHARED_DATA_DIR, explainMissingData } from '../../data-dir';

const DIR = path.join(SHARED_DATA_DIR, 'barbell-wrist');

function labelled(exercises: string[]): { recording: string; exercise: ExerciseId; reps: number }[] {
  const lines = fs.readFileSync(path.join(DIR, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  return lines
    .map((l) => l.split(','))
    .filter((c) => exercises.includes(c[2]))
    .map((c) => ({ recording: c[0], exercise: c[2] as ExerciseId, reps: Number(c[4]) }));
}

describe.skipIf(!HAS_SHARED_DATA)('live counting on real recordings (barbell-wrist)', () => {
  if (!HAS_SHARED_DATA) console.warn(explainMissingData('live counting on barbell-wrist'));

  it('counts each deadlift and squat set live exactly as the offline detector does', async () => {
    const rows: string[] = [];
    const cases = labelled(['deadlift', 'squat']);
    expect(cases.length).toBeGreaterThan(4);
    let exact = 0;
    for (const c of cases) {
      const { samples } = await readAccCsvAll(path.join(DIR, `${c.recording}.acc.csv`));
      const offline = createRepDetector(c.exercise);
      for (const s of samples) offline.push(s);
      offline.flush();

      let now = Date.UTC(2026, 0, 1);
      const svc = new WorkoutService({ now: () => now, settings: () => DEFAULT_SETTINGS, store: () => null, onFrame: () => undefined, frameMs: 1000 });
      svc.begin({ name: 'Test', notes: '', autoSets: false, exercises: [{ exerciseId: c.exercise, sets: 1, sides: 'both', targetKind: 'reps', targetValue: c.reps, restS: 60, placement: null, instructions: '' }] });
      svc.startSet();
      const t0 = now;
      let i = 0;
      const endMs = t0 + samples[samples.length - 1].t * 1000;
      while (now < endMs) {
        now += 100;
        const batch: { tMs: number; x: number; y: number; z: number }[] = [];
        for (; i < samples.length && t0 + samples[i].t * 1000 <= now; i++) batch.push({ tMs: t0 + samples[i].t * 1000, x: samples[i].x, y: samples[i].y, z: samples[i].z });
        if (batch.length) svc.ingest({ type: 'acc', sensorId: 'wrist', samples: batch });
      }
      const v = svc.endSet();
      svc.dispose();
      const live = v.plan[0].repsDetected;
      rows.push(`${c.recording}: labelled ${c.reps}, live ${live}, offline ${offline.count}`);
      expect(live, c.recording).toBe(offline.count);
      if (live === c.reps) exact++;
    }
    console.log(`${rows.join('\n')}\nexact vs labels: ${exact}/${cases.length}`);
  });
});
