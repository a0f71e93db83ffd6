/**
 * Detection in the worker thread (src/engine/detection) gives exactly what the detector gives
 * in the calling thread, fed one sample object at a time: the same reps, retractions and stream
 * figures for `reps`, the same sets and stored reps for `import`. On a synthetic recording
 * (always) and on the real barbell recordings in ../shared/data (skipped without them), from the
 * sources and through the built CLI (out-cli/detect-worker.js).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMotionSegmenter, createRepDetector, createStreamingRepDetector } from '../../../src/core/reps/index';
import type { ExerciseId } from '../../../src/shared/exercises';
import { countRepsInFile } from '../../../src/engine/cli/commands/reps';
import { readAccCsv, readAccCsvAll } from '../../../src/engine/io/acc-csv';
import { openStore } from '../../../src/engine/store/index';
import { importRecording } from '../../../src/engine/store/import-recording';
import { MAX_IN_FLIGHT, openDetectPipe } from '../../../src/engine/detection/pipe';
import { synthesize } from '../../core/reps/synthetic';
import { HAS_SHARED_DATA, SHARED_DATA_DIR, explainMissingData } from '../../data-dir';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-detect-pipe-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let synthetic: string;

/** Two squat sets and a lunge set with rests and walking between, a 3 s dropout and a bad line. */
beforeAll(() => {
  const parts = [
    synthesize({ movement: 'squat', placement: 'chest', reps: 12, rateHz: 200, seed: 31, restS: 20 }),
    synthesize({ movement: 'walk', placement: 'chest', reps: 20, rateHz: 200, seed: 32, restS: 5 }),
    synthesize({ movement: 'lunge', placement: 'chest', reps: 8, rateHz: 200, seed: 33, restS: 15 }),
    synthesize({ movement: 'squat', placement: 'chest', reps: 10, rateHz: 200, seed: 34, restS: 20 }),
  ];
  const lines = ['t,ax,ay,az'];
  let offset = 0;
  parts.forEach((p, k) => {
    for (const s of p.samples) lines.push(`${(s.t + offset).toFixed(4)},${s.x.toFixed(4)},${s.y.toFixed(4)},${s.z.toFixed(4)}`);
    offset += p.samples[p.samples.length - 1].t + (k === 1 ? 3 : 0.005);
    if (k === 0) lines.push('0.5,not a number,0,1');
  });
  synthetic = path.join(tmp, 'synthetic.acc.csv');
  fs.writeFileSync(synthetic, lines.join('\n') + '\n');
});

/** The detector in this thread, one sample object at a time, as `reps` fed it before the worker. */
async function inThread(file: string, exercise: ExerciseId) {
  const { samples } = await readAccCsvAll(file);
  const d = createStreamingRepDetector(exercise);
  const retractions: { t: number; detectedAt: number; reason: string }[] = [];
  const keep = (events: ReturnType<typeof d.push>): void => {
    for (const e of events) if (e.type === 'retract') retractions.push({ t: e.t, detectedAt: e.detectedAt, reason: e.reason });
  };
  for (const s of samples) keep(d.push(s));
  keep(d.flush());
  return { reps: d.reps(), retractions, samples: d.stats.samples, gaps: d.stats.gaps, sampleRateHz: Math.round(d.stats.sampleRateHz * 100) / 100 };
}

async function expectSameReps(file: string, exercise: ExerciseId): Promise<number> {
  const want = await inThread(file, exercise);
  for (const worker of [true, false]) {
    const got = await countRepsInFile(file, exercise, { worker });
    expect({ reps: got.reps, retractions: got.retractions, samples: got.samples, gaps: got.gaps, sampleRateHz: got.sampleRateHz }, `${path.basename(file)} ${exercise} worker=${worker}`).toEqual(want);
  }
  return want.reps.length + want.retractions.length;
}

/** Imports `file` into a fresh store; the stored sets with their reps, and the result. */
async function importOnce(file: string, exercise: ExerciseId, worker: boolean, tag: string, hrPath?: string) {
  const store = openStore(path.join(tmp, `db-${tag}-${worker}`));
  try {
    const result = await importRecording(
      store,
      { acc: readAccCsv(file), exerciseId: exercise, name: 'Pipe', startedAt: 1_800_000_000_000, hrPath },
      { createDetector: (id) => createRepDetector(id), createSegmenter: () => createMotionSegmenter(), worker },
    );
    const detail = store.getSession(result.id);
    return { result, sets: detail?.sets.map((s) => ({ startedAt: s.startedAt, endedAt: s.endedAt, avgHr: s.avgHr, reps: s.reps })) };
  } finally {
    store.close();
  }
}

describe('detection in a worker thread', () => {
  it('reps: the same reps, retractions and stream figures as the in-thread detector (synthetic)', async () => {
    let seen = 0;
    for (const ex of ['squat', 'lunge-matrix'] as const) seen += await expectSameReps(synthetic, ex);
    expect(seen).toBeGreaterThan(20); // reps were found: the comparison is not of empty lists
    const r = await countRepsInFile(synthetic, 'squat', { worker: true });
    expect(r.gaps).toBe(1);
    expect(r.csv.skipped).toBe(1);
  });

  it('import: the same sets and stored reps with the worker as without, every set with its HR (synthetic)', async () => {
    const hr = path.join(tmp, 'synthetic.hr.csv');
    fs.writeFileSync(hr, 't,bpm\n' + Array.from({ length: 400 }, (_, t) => `${t},${100 + (t % 40)}`).join('\n') + '\n');
    const a = await importOnce(synthetic, 'squat', true, 'syn', hr);
    const b = await importOnce(synthetic, 'squat', false, 'syn', hr);
    expect(a.result.setsFrom).toBe('motion-segmenter');
    expect(a.result.sets.length).toBeGreaterThanOrEqual(2);
    expect(a.result.reps).toBeGreaterThan(10);
    // Sets are written once the HR is stored, so each one has its average (not only the last).
    for (const s of a.sets ?? []) expect(s.avgHr).toBeGreaterThanOrEqual(100);
    expect(a).toEqual(b);
  });

  it.skipIf(!HAS_SHARED_DATA)('real barbell recordings: the same reps and imported sets with the worker', async () => {
    const dir = path.join(SHARED_DATA_DIR, 'barbell-wrist');
    // The first recording of two exercises (each file costs two worker starts through tsx).
    const all = fs.readdirSync(dir).sort();
    const files = ['-squat-', '-bench-'].map((kind) => all.find((f) => f.includes(kind) && f.endsWith('.acc.csv'))).filter((f): f is string => f !== undefined);
    expect(files.length).toBeGreaterThan(0);
    let seen = 0;
    for (const f of files) {
      const ex: ExerciseId = f.includes('-squat-') ? 'squat' : f.includes('-dead-') ? 'deadlift' : 'bench';
      seen += await expectSameReps(path.join(dir, f), ex);
      const a = await importOnce(path.join(dir, f), ex, true, f);
      expect(a).toEqual(await importOnce(path.join(dir, f), ex, false, f));
    }
    expect(seen).toBeGreaterThan(4); // reps were found in them (two sets of about five)
  });
  if (!HAS_SHARED_DATA) it.skip(explainMissingData('worker vs in-thread on barbell-wrist'), () => {});

  it('holds at most MAX_IN_FLIGHT batches: push() waits for the worker, and a failure reaches the caller', async () => {
    let sets = 0;
    const pipe = openDetectPipe({ kind: 'sets', exerciseId: 'squat' }, { worker: true, onSets: (s) => (sets += s.length) });
    const batch = new Float64Array(4096 * 4);
    let t = 0;
    let maxPending = 0;
    for (let b = 0; b < MAX_IN_FLIGHT * 3; b++) {
      for (let i = 0; i < 4096; i++, t += 0.005) batch.set([t, 0, 0, 1], i * 4);
      await pipe.push(batch, 4096);
      expect(pipe.pending).toBeLessThan(MAX_IN_FLIGHT);
      maxPending = Math.max(maxPending, pipe.pending);
    }
    expect(maxPending).toBeGreaterThan(0); // batches did wait in the worker's queue
    const done = await pipe.finish(t);
    expect(done).toMatchObject({ kind: 'sets', sets: [], setsFrom: 'motion-segmenter' });
    expect(sets).toBe(0); // standing still: no set

    const broken = openDetectPipe({ kind: 'reps', count: { exercise: 'no-such-exercise' as ExerciseId, model: null, placement: null } }, { worker: true });
    await expect(broken.finish(0)).rejects.toThrow(/rep detection failed/);
  });
});

describe('the built CLI', () => {
  const BIN = path.resolve('bin/setbeat.mjs');
  const run = (args: string[], worker: '0' | '1') =>
    spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, SETBEAT_DETECT_WORKER: worker } });

  it('ships out-cli/detect-worker.js; reps and import print the same with the worker as without', () => {
    const a = run(['reps', synthetic, '--exercise', 'squat', '--json'], '1');
    expect(a.status, a.stderr).toBe(0);
    expect(fs.existsSync(path.resolve('out-cli/detect-worker.js'))).toBe(true);
    const b = run(['reps', synthetic, '--exercise', 'squat', '--json'], '0');
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
    expect((JSON.parse(a.stdout) as { count: number }).count).toBeGreaterThan(10);

    const imports = (['1', '0'] as const).map((w) => {
      const r = run(['import', synthetic, '--exercise', 'squat', '--json', '--data-dir', path.join(tmp, `cli-${w}`)], w);
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { sets: unknown[]; reps: number };
    });
    expect(imports[0].reps).toBeGreaterThan(10);
    expect(imports[0]).toEqual(imports[1]);
  });
});
