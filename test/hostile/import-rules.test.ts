/**
 * One set of rules wherever data enters (issue 17 items 3 and 4), through the real CLI on a
 * real SQLite file: a CSV import refuses what the JSON importer refuses (negative times, RR
 * of 1e12 ms, heart rates of 1e308, path-like names), says so like other skipped lines, keeps
 * time moving forward, refuses a file with nothing to store (exit 1, nothing kept), and
 * what it stores exports to JSON and imports back. A rename follows the same name rule.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { createEngine } from '../../src/engine/create';
import { openStore } from '../../src/engine/store/index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-import-rules-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

/** 10 s of stillness at 50 Hz, after the given lines. */
function acc(before: string[] = [], after: string[] = []): string {
  return ['t,ax,ay,az', ...before, ...Array.from({ length: 500 }, (_, i) => `${(i / 50).toFixed(2)},0,0,1`), ...after].join('\n') + '\n';
}

function sessionCount(dir: string): number {
  if (!fs.existsSync(path.join(dir, 'setbeat.db'))) return 0;
  const store = openStore(dir, { readonly: true });
  try {
    return (store.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  } finally {
    store.close();
  }
}

/** Exports a session as JSON and imports the file back into another store. */
async function roundTrip(dir: string, id: number): Promise<void> {
  const out = path.join(tmp, `rt-${path.basename(dir)}.json`);
  const exported = await runCli(['export', String(id), '--format', 'json', '--out', out, '--data-dir', dir]);
  expect(exported.exitCode, exported.stderr).toBe(0);
  const file = fs.statSync(out).isDirectory() ? path.join(out, fs.readdirSync(out)[0]) : out;
  const back = await runCli(['import', file, '--data-dir', path.join(dir, 'again'), '--json']);
  expect(back.exitCode, back.stderr).toBe(0);
}

describe('a CSV import follows the same rules as a JSON import', () => {
  it('negative and backwards or repeated times are skipped and reported; the session exports and imports back', async () => {
    const dir = path.join(tmp, 'times');
    const file = write('times.acc.csv', acc(['-5,0,0,1', '-0.5,0,0,1'], ['9.98,0,0,1', '3,0,0,1', '10,0,0,1']));
    const res = await runCli(['import', file, '--exercise', 'squat', '--data-dir', dir, '--json']);
    expect(res.exitCode, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { id: number; samples: number; skippedLines: number; skippedSamples: number; skippedReasons: { reason: string }[] };
    expect(out.samples).toBe(501);
    expect(out.skippedSamples).toBe(4);
    expect(out.skippedLines).toBe(4);
    expect(out.skippedReasons.map((r) => r.reason)).toEqual(['negative time', 'negative time', 'repeated time', 'time goes backwards']);
    expect(res.stderr).toMatch(/4 line\(s\) in .* skipped by the data rules \(first at t=-5: negative time\)/);
    const store = openStore(dir, { readonly: true });
    try {
      expect(store.getSession(out.id)?.durationS).toBeCloseTo(10, 6);
    } finally {
      store.close();
    }
    await roundTrip(dir, out.id);
  });

  it('heart-rate rows with RR of 1e12 ms or 1e308 bpm are skipped and not counted; the session imports back', async () => {
    const dir = path.join(tmp, 'hr');
    const file = write('hr.acc.csv', acc());
    const hr = write('hr.csv', ['t,bpm,rr_ms', ...Array.from({ length: 10 }, (_, i) => `${i},${80 + i},750`), '4.5,1e308,', '5.5,90,1000000000000', '-1,80,700'].join('\n') + '\n');
    const res = await runCli(['import', file, '--exercise', 'squat', '--hr', hr, '--data-dir', dir, '--json']);
    expect(res.exitCode, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { id: number; hrSamples: number; rrIntervals: number; hrSkippedLines: number };
    expect(out).toMatchObject({ hrSamples: 10, rrIntervals: 10, hrSkippedLines: 3 });
    expect(res.stderr).toMatch(/3 unreadable line\(s\) in .*hr\.csv skipped/);
    await roundTrip(dir, out.id);
  });

  it('a path-like --name is refused before anything is stored', async () => {
    const dir = path.join(tmp, 'name');
    const file = write('name.acc.csv', acc());
    for (const name of ['../../x', '/etc/passwd', 'C:\\Windows', 'a\u0007b']) {
      const res = await runCli(['import', file, '--exercise', 'squat', '--name', name, '--data-dir', dir]);
      expect(res.exitCode, name).toBe(2);
      expect(res.stderr).toMatch(/--name: the name (looks like a file path|contains a control character)/);
    }
    expect(sessionCount(dir)).toBe(0);
  });

  it.each([
    ['only a header', 't,ax,ay,az\n'],
    ['rows all Infinity', 't,ax,ay,az\n0,Infinity,0,1\n1,0,Infinity,1\n2,0,0,-Infinity\n'],
    ['rows all before the start', 't,ax,ay,az\n-3,0,0,1\n-2,0,0,1\n'],
  ])('a file with %s is refused with exit 1 and nothing stored', async (label, text) => {
    const dir = path.join(tmp, `empty-${label.replace(/\W+/g, '-')}`);
    const res = await runCli(['import', write(`${label.replace(/\W+/g, '-')}.acc.csv`, text), '--exercise', 'squat', '--data-dir', dir]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toMatch(/no readable samples/);
    expect(sessionCount(dir)).toBe(0);
  });
});

describe('a rename follows the same name rule', () => {
  it('refuses path-like names over the contract and in the store, keeps a plain one', async () => {
    const dataDir = path.join(tmp, 'rename');
    const engine = createEngine({ dataDir, transport: 'web' });
    try {
      await engine.router.call('workout.begin', {});
      const done = await engine.router.call('workout.finish', {});
      if (!done.ok) throw new Error(done.error.message);
      const id = (done.result as { sessionId: number }).sessionId;
      for (const name of ['../../x', '~/.ssh/id_rsa', '..', 'tab\u0001name']) {
        const r = await engine.router.call('sessions.rename', { id, name });
        expect(r.ok, name).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('invalid-params');
      }
      const ok = await engine.router.call('sessions.rename', { id, name: 'Legs / core' });
      expect(ok.ok).toBe(true);
    } finally {
      await engine.close();
    }
    const store = openStore(dataDir);
    try {
      expect(() => store.renameSession(1, '../../x')).toThrow(/looks like a file path/);
    } finally {
      store.close();
    }
  });
});
