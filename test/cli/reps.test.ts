/**
 * `reps` and `reps-eval` through runCli, as a person or the evaluator runs them: on synthetic
 * recordings written to a temporary folder (always), and on ../shared/data where present.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { countRestWindows } from '../../src/engine/cli/commands/reps-eval-rest';
import { EXERCISE_IDS } from '../../src/shared/exercises';
import type { AccSample } from '../../src/shared/domain';
import { synthesize } from '../core/reps/synthetic';
import { HAS_SHARED_DATA, SHARED_DATA_DIR, explainMissingData } from '../data-dir';

let dir: string;
const csv = (samples: AccSample[]): string =>
  't,ax,ay,az\n' + samples.map((s) => `${s.t.toFixed(4)},${s.x.toFixed(4)},${s.y.toFixed(4)},${s.z.toFixed(4)}`).join('\n') + '\n';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-reps-cli-'));
  const squat = synthesize({ movement: 'squat', placement: 'chest', reps: 8, rateHz: 100, seed: 21 });
  fs.writeFileSync(path.join(dir, 'squat8.acc.csv'), csv(squat.samples));
  const heel = synthesize({ movement: 'heel-raise', placement: 'shank', reps: 12, rateHz: 50, seed: 22 });
  fs.writeFileSync(path.join(dir, 'heel12.acc.csv'), csv(heel.samples));
  const still = synthesize({ movement: 'squat', placement: 'chest', reps: 0, rateHz: 100, seed: 23, restS: 30 });
  fs.writeFileSync(path.join(dir, 'still.acc.csv'), csv(still.samples));
  fs.writeFileSync(
    path.join(dir, 'labels.csv'),
    [
      'recording,participant,exercise,load,reps,placement,rate_hz,source_file',
      'squat8,X,squat,medium,8,chest,100,synthetic',
      'heel12,X,calf-raise,none,12,shank,50,synthetic',
      'still,X,rest,standing,0,chest,100,synthetic',
    ].join('\n') + '\n',
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reps CLI', () => {
  it('--json prints one object with count, reps (t, detectedAt) and stream figures', async () => {
    const r = await runCli(['reps', path.join(dir, 'squat8.acc.csv'), '--exercise', 'squat', '--json']);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as { count: number; reps: { t: number; detectedAt: number }[]; exercise: string; sampleRateHz: number; durationS: number };
    expect(out.count).toBe(8);
    expect(out.reps).toHaveLength(8);
    expect(out.exercise).toBe('squat');
    expect(out.sampleRateHz).toBeGreaterThan(95);
    expect(out.sampleRateHz).toBeLessThan(105);
    for (const rep of out.reps) {
      expect(rep.detectedAt).toBeGreaterThanOrEqual(rep.t);
      expect(rep.detectedAt - rep.t).toBeLessThanOrEqual(1.5);
    }
    expect(out.durationS).toBeGreaterThan(20);
  });

  it('prints a short human summary without --json', async () => {
    const r = await runCli(['reps', path.join(dir, 'heel12.acc.csv'), '--exercise', 'calf-raise']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^heel12\.acc\.csv: 12 reps \(calf-raise; [\d.]+ s at [\d.]+ Hz\)$/);
  });

  it('an unknown exercise is a usage error listing the valid ids', async () => {
    const r = await runCli(['reps', path.join(dir, 'squat8.acc.csv'), '--exercise', 'burpee']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown exercise "burpee"');
    expect(r.stderr).toContain(EXERCISE_IDS.join(', '));
    const missing = await runCli(['reps', path.join(dir, 'squat8.acc.csv')]);
    expect(missing.exitCode).toBe(2);
  });

  it('a missing or malformed file is a clear error (exit 1) naming the file', async () => {
    const r = await runCli(['reps', path.join(dir, 'absent.acc.csv'), '--exercise', 'squat']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/absent\.acc\.csv: cannot read file/);
    const bad = path.join(dir, 'bad.acc.csv');
    fs.writeFileSync(bad, 'when,what\n1,2\n');
    const b = await runCli(['reps', bad, '--exercise', 'squat']);
    expect(b.exitCode).toBe(1);
    expect(b.stderr).toMatch(/bad\.acc\.csv:1: header/);
  });
});

describe('reps-eval CLI', () => {
  it('scores a labelled folder and ends with the summary line', async () => {
    const r = await runCli(['reps-eval', dir]);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toBe('reps: 2 sets, exact 100%, within1 100%, mae 0.00, rest-false 0');
    expect(r.stdout).toMatch(/^squat8\s+squat\s+truth\s+8\s+counted\s+8/m);
    expect(r.stdout).toMatch(/^still\s+rest\/\S+\s+truth\s+0\s+counted\s+0/m);
    expect(r.stdout).toMatch(/^calf-raise\s+1 sets, exact 100%/m);
  });

  it('--json gives the same figures as an object', async () => {
    const r = await runCli(['reps-eval', dir, '--json']);
    const out = JSON.parse(r.stdout) as { sets: number; exactPct: number; within1Pct: number; mae: number; restFalse: number; line: string; recordings: unknown[] };
    expect(out).toMatchObject({ sets: 2, exactPct: 100, within1Pct: 100, mae: 0, restFalse: 0 });
    expect(out.recordings).toHaveLength(3);
    expect(out.line).toBe('reps: 2 sets, exact 100%, within1 100%, mae 0.00, rest-false 0');
  });

  it('a folder with neither labels.csv nor recordings is a clear error', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-noeval-'));
    const r = await runCli(['reps-eval', empty]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no labels\.csv and no \*\.acc\.csv recordings/);
    fs.rmSync(empty, { recursive: true });
  });

  it('a folder without labels.csv is rest: one-minute windows under every strength profile', async () => {
    const rest = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-resteval-'));
    try {
      // 150 s standing still (three windows), and a squat set left unlabelled: its reps are false here.
      const still = synthesize({ movement: 'squat', placement: 'chest', reps: 0, rateHz: 50, seed: 31, restS: 150 });
      fs.writeFileSync(path.join(rest, 'still.acc.csv'), csv(still.samples));
      fs.copyFileSync(path.join(dir, 'squat8.acc.csv'), path.join(rest, 'squat8.acc.csv'));
      const r = await runCli(['reps-eval', rest, '--json']);
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toMatch(/no labels\.csv; every recording is scored as rest/);
      const out = JSON.parse(r.stdout) as { sets: number; restFalse: number; restWindows: Record<string, { windows: number; falseReps: number; worst: number }>; recordings: { recording: string; exercise: string; count: number }[] };
      expect(Object.keys(out.restWindows).sort()).toEqual(EXERCISE_IDS.filter((e) => e !== 'band-walk' && e !== 'generic').sort());
      const stillWindows = Math.ceil(still.samples[still.samples.length - 1].t / 60 - 1e-9);
      for (const w of Object.values(out.restWindows)) expect(w.windows).toBe(stillWindows + 1);
      expect(out.recordings.filter((x) => x.recording === 'still').every((x) => x.count === 0)).toBe(true);
      expect(out.restWindows.squat.falseReps).toBe(8);
      expect(out).toMatchObject({ sets: 0 });
      expect(out.restFalse).toBe(out.recordings.reduce((a, x) => a + x.count, 0));
      const text = await runCli(['reps-eval', rest]);
      expect(text.stdout).toMatch(/^squat\s+rest-false 8 in \d+ one-minute windows \(1 with any, at most 8 in one\)$/m);
    } finally {
      fs.rmSync(rest, { recursive: true, force: true });
    }
  });

  it.skipIf(!HAS_SHARED_DATA)('cuts a real chest-shirt recording (25 min of walking and jogging) into 26 windows', async () => {
    const [squat] = await countRestWindows(path.join(SHARED_DATA_DIR, 'chest-shirt', 'shirt-004.acc.csv'), ['squat']);
    expect(squat).toMatchObject({ recording: 'shirt-004', exercise: 'squat' });
    expect(squat.windows).toHaveLength(26);
  });

  it.skipIf(!HAS_SHARED_DATA)('on ../shared/data/barbell-wrist prints the summary line last', async () => {
    const r = await runCli(['reps-eval', path.join(SHARED_DATA_DIR, 'barbell-wrist')]);
    expect(r.exitCode).toBe(0);
    const last = r.stdout.trimEnd().split('\n').pop() ?? '';
    expect(last).toMatch(/^reps: 34 sets, exact [\d.]+%, within1 [\d.]+%, mae \d+\.\d\d, rest-false \d+$/);
    expect(r.stdout).toMatch(/^A-dead-heavy-2019-01-15T2035\s+deadlift\s+truth\s+5/m);
  });

  it.skipIf(!HAS_SHARED_DATA)('--learn on barbell-wrist: a model from one heavy set counts the quicker sets too', async () => {
    const r = await runCli(['reps-eval', path.join(SHARED_DATA_DIR, 'barbell-wrist'), '--learn', '--json']);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as { learn: { summary: { sets: number; exactPct: number; within1Pct: number } } };
    // Measured 92.3% / 100% of 26; a learned narrower band made the arm lifts' walking veto
    // take quick presses for steps (84.6% / 96.2%) until it weighed steps against a fixed band.
    expect(out.learn.summary.sets).toBe(26);
    expect(out.learn.summary.exactPct).toBeGreaterThanOrEqual(90);
    expect(out.learn.summary.within1Pct).toBe(100);
  }, 120_000);
});
if (!HAS_SHARED_DATA) console.log(explainMissingData('reps-eval on barbell-wrist'));
