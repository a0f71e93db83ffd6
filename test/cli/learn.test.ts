/**
 * `learn`, `reps --model` and `reps-eval --learn` through runCli: the model file's life
 * (created, updated, refused when damaged or of another exercise, never overwritten), the
 * `reps` JSON shape kept with a model, and the --learn bookkeeping (which sets are learned
 * from and which are scored). Learning quality is the learner's business, not tested here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { repModelSchema } from '../../src/shared/rep-model';
import type { AccSample } from '../../src/shared/domain';
import { synthesize } from '../core/reps/synthetic';
import { HAS_SHARED_DATA, SHARED_DATA_DIR, explainMissingData } from '../data-dir';

let dir: string;
const csv = (samples: AccSample[]): string =>
  't,ax,ay,az\n' + samples.map((s) => `${s.t.toFixed(4)},${s.x.toFixed(4)},${s.y.toFixed(4)},${s.z.toFixed(4)}`).join('\n') + '\n';
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-learn-cli-'));
  const write = (name: string, seed: number, reps: number, restS?: number): void => {
    fs.writeFileSync(file(`${name}.acc.csv`), csv(synthesize({ movement: 'squat', placement: 'chest', reps, rateHz: 100, seed, restS }).samples));
  };
  write('x1', 31, 6);
  write('x2', 32, 8);
  write('x3', 33, 7);
  write('xwalk', 34, 0, 20);
  write('y1', 35, 5);
  fs.writeFileSync(
    file('labels.csv'),
    [
      'recording,participant,exercise,reps,placement,reps_max',
      'xwalk,X,squat,0,chest,0', // a 0-rep row is rest: never the set learned from
      'x1,X,squat,6,chest,6',
      'x2,X,squat,8,chest,8',
      'x3,X,squat,7,chest,7',
      'y1,Y,squat,5,chest,5', // Y has one set: nothing to score after learning
    ].join('\n') + '\n',
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

describe('learn CLI', () => {
  it('creates a valid model file, then updates it set by set', async () => {
    const model = file('squat.model.json');
    const a = await runCli(['learn', file('x1.acc.csv'), '--exercise', 'squat', '--reps', '6', '--model', model, '--placement', 'chest', '--json']);
    expect(a.exitCode, a.stderr).toBe(0);
    const out = json<{ created: boolean; reps: number; samples: number; learned: { sets: number; placement: string; profile: string } }>(a.stdout);
    expect(out).toMatchObject({ created: true, reps: 6, learned: { sets: 1, placement: 'chest', profile: 'squat' } });
    expect(out.samples).toBeGreaterThan(1000);
    const stored = repModelSchema.parse(JSON.parse(fs.readFileSync(model, 'utf8')));
    expect(stored.exercise).toBe('squat');

    const b = await runCli(['learn', file('x2.acc.csv'), '--exercise', 'squat', '--reps', '8', '--model', model]);
    expect(b.exitCode, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^Updated .*squat\.model\.json: Squat \(squat, squat profile\) at the chest, learned from 2 sets/);
    expect(repModelSchema.parse(JSON.parse(fs.readFileSync(model, 'utf8'))).sets).toBe(2);
  });

  it('refuses a damaged or foreign model file and leaves it byte for byte', async () => {
    for (const [name, text, why] of [
      ['broken.json', '{"format": "setbeat-rep-mo', /not JSON/],
      ['foreign.json', '{"format": "other", "weights": [1, 2]}', /format is "other"/],
      ['invalid.json', JSON.stringify({ format: 'setbeat-rep-model', version: 1, exercise: 'squat' }), /not valid/],
    ] as const) {
      fs.writeFileSync(file(name), text);
      const r = await runCli(['learn', file('x1.acc.csv'), '--exercise', 'squat', '--reps', '6', '--model', file(name)]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toMatch(/left as it is/);
      expect(fs.readFileSync(file(name), 'utf8')).toBe(text);
      const c = await runCli(['reps', file('x1.acc.csv'), '--exercise', 'squat', '--model', file(name)]);
      expect(c.exitCode).toBe(1);
    }
  });

  it('refuses a model of another exercise or placement', async () => {
    const model = file('only-squat.json');
    expect((await runCli(['learn', file('x1.acc.csv'), '--exercise', 'squat', '--reps', '6', '--model', model, '--placement', 'chest'])).exitCode).toBe(0);
    const before = fs.readFileSync(model, 'utf8');
    const other = await runCli(['learn', file('x1.acc.csv'), '--exercise', 'deadlift', '--reps', '6', '--model', model]);
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toMatch(/is a model of "squat", not "deadlift"/);
    const where = await runCli(['learn', file('x1.acc.csv'), '--exercise', 'squat', '--reps', '6', '--model', model, '--placement', 'wrist']);
    expect(where.exitCode).toBe(1);
    expect(where.stderr).toMatch(/learned at the chest, not the wrist/);
    const reps = await runCli(['reps', file('x1.acc.csv'), '--exercise', 'deadlift', '--model', model]);
    expect(reps.exitCode).toBe(1);
    expect(fs.readFileSync(model, 'utf8')).toBe(before);
  });

  it('a custom exercise needs --profile when learned first, and counts with that profile after', async () => {
    const model = file('goblet.json');
    const noProfile = await runCli(['learn', file('x1.acc.csv'), '--exercise', 'goblet-squat', '--reps', '6', '--model', model]);
    expect(noProfile.exitCode).toBe(2);
    expect(noProfile.stderr).toMatch(/--profile/);
    expect(fs.existsSync(model)).toBe(false);
    const bad = await runCli(['learn', file('x1.acc.csv'), '--exercise', 'Goblet Squat', '--reps', '6', '--model', model, '--profile', 'squat']);
    expect(bad.exitCode).toBe(2);
    const ok = await runCli(['learn', file('x1.acc.csv'), '--exercise', 'goblet-squat', '--reps', '6', '--model', model, '--profile', 'squat', '--name', 'Goblet squat', '--json']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(json<{ learned: { name: string; profile: string } }>(ok.stdout).learned).toMatchObject({ name: 'Goblet squat', profile: 'squat' });
    // Without the model a custom id is unknown; with it, it counts as its profile.
    expect((await runCli(['reps', file('x1.acc.csv'), '--exercise', 'goblet-squat'])).exitCode).toBe(2);
    const counted = await runCli(['reps', file('x1.acc.csv'), '--exercise', 'goblet-squat', '--model', model, '--json']);
    expect(counted.exitCode, counted.stderr).toBe(0);
    expect(json<{ exercise: string; profile: string; model: { exercise: string; sets: number } }>(counted.stdout)).toMatchObject({
      exercise: 'goblet-squat',
      profile: 'squat',
      model: { exercise: 'goblet-squat', sets: 1 },
    });
  });

  it('reps --model keeps every field of the reps JSON and only adds profile and model', async () => {
    const model = file('shape.json');
    await runCli(['learn', file('x1.acc.csv'), '--exercise', 'squat', '--reps', '6', '--model', model]);
    const plain = json<Record<string, unknown>>((await runCli(['reps', file('x2.acc.csv'), '--exercise', 'squat', '--json'])).stdout);
    const withModel = json<Record<string, unknown>>((await runCli(['reps', file('x2.acc.csv'), '--exercise', 'squat', '--model', model, '--json'])).stdout);
    expect(Object.keys(withModel)).toEqual([...Object.keys(plain), 'profile', 'model']);
    expect(withModel.exercise).toBe('squat');
    expect(typeof withModel.count).toBe('number');
    expect(Array.isArray(withModel.reps)).toBe(true);
  });

  it('a model file that does not exist is a clear error for reps', async () => {
    const r = await runCli(['reps', file('x1.acc.csv'), '--exercise', 'squat', '--model', file('nope.json')]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/does not exist; make it with `learn/);
  });
});

describe('reps-eval --learn', () => {
  interface LearnJson {
    learnedSets: number;
    scoredSets: number;
    scoredRest: number;
    singleSetPairs: number;
    learnedFrom: { participant: string; recording: string }[];
    recordings: { recording: string; rest: boolean }[];
    line: string;
  }

  it("learns from each person's first set of an exercise and scores the rest with the model", async () => {
    const r = await runCli(['reps-eval', dir, '--learn', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = json<{ sets: number; restFalse: number; learn: LearnJson; byExercise: Record<string, { sets: number; restRecordings: number }> }>(r.stdout);
    // Without --learn's part: 4 sets, and the 0-rep row is rest, counted with its own profile.
    expect(out.sets).toBe(4);
    expect(out.byExercise.squat).toMatchObject({ sets: 4, restRecordings: 1 });
    expect(out.learn.learnedFrom.map((x) => [x.participant, x.recording])).toEqual([['X', 'x1']]);
    expect(out.learn).toMatchObject({ learnedSets: 1, scoredSets: 2, scoredRest: 1, singleSetPairs: 1 });
    expect(out.learn.recordings.map((x) => [x.recording, x.rest])).toEqual([
      ['xwalk', true],
      ['x2', false],
      ['x3', false],
    ]);
    expect(out.learn.line).toMatch(/^reps: 2 sets, exact [\d.]+%, within1 [\d.]+%, mae \d+\.\d\d, rest-false \d+$/);
  });

  it('prints the learned figures as text, the summary line still last', async () => {
    const r = await runCli(['reps-eval', dir, '--learn']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^after learning: 1 set given as corrections .*, 2 sets and 1 rest recordings counted with the learned models; 1 person-exercise pair with one set left out$/m);
    expect(r.stdout).toMatch(/^learned reps: 2 sets, /m);
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^reps: 4 sets, /);
  });

  it('a reps_max below reps is a clear error naming the line', async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-learn-bad-'));
    fs.writeFileSync(path.join(bad, 'labels.csv'), 'recording,participant,exercise,reps,reps_max\nx,P,squat,5,4\n');
    const r = await runCli(['reps-eval', bad]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/labels\.csv:2: reps_max/);
    fs.rmSync(bad, { recursive: true });
  });

  for (const folder of ['barbell-wrist', 'wrist-cara']) {
    it.skipIf(!HAS_SHARED_DATA)(`on ../shared/data/${folder}: one learned set per person and exercise, the rest scored`, async () => {
      const r = await runCli(['reps-eval', path.join(SHARED_DATA_DIR, folder), '--learn', '--json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const out = json<{ sets: number; learn: LearnJson }>(r.stdout);
      const pairs = new Set(out.learn.learnedFrom.map((x) => `${x.participant}/${x.recording}`));
      expect(pairs.size).toBe(out.learn.learnedSets);
      // Every set is either learned from, scored, or alone for its person and exercise.
      expect(out.learn.learnedSets + out.learn.scoredSets + out.learn.singleSetPairs).toBe(out.sets);
      for (const l of out.learn.learnedFrom) expect(out.learn.recordings.some((x) => x.recording === l.recording)).toBe(false);
      console.log(`${folder} --learn: learned from ${out.learn.learnedSets}, scored ${out.learn.scoredSets}: ${out.learn.line}`);
    }, 180_000); // every session of the folder twice, and learning: minutes on a loaded 2-core machine
  }
});
if (!HAS_SHARED_DATA) console.log(explainMissingData('reps-eval --learn on the real folders'));
