/** `import SESSION.json` brings back what `export --format json` wrote, through the real CLI. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { openStore } from '../../src/engine/store/index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-import-json-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function seedSession(dataDir: string): number {
  const store = openStore(dataDir);
  try {
    const t0 = Date.UTC(2026, 10, 20, 7, 30);
    const w = store.beginSession({ name: 'Squats, "heavy" 💪\nsecond line', startedAt: t0 });
    const setId = w.startSet({ exerciseId: 'squat', side: 'both', order: 1, target: 5, startedAt: t0 + 1000 });
    for (let i = 0; i < 5; i++) {
      const t = 2 + i * 3;
      w.addRep(setId, { t, start: t - 1, end: t + 1, amplitude: 0.4, confidence: 0.9, detectedAt: t + 0.6, quality: { durationS: 2 } });
    }
    for (let i = 0; i < 60; i++) w.addHr({ tMs: t0 + i * 1000, bpm: 90 + i, contact: true });
    for (let i = 0; i < 40; i++) w.addRr({ tMs: t0 + i * 800, rrMs: 800 + (i % 3) });
    w.endSet(setId, t0 + 17_000);
    w.finish(t0 + 60_000);
    return store.listSessions()[0].id;
  } finally {
    store.close();
  }
}

describe('import of a session JSON export', () => {
  it('round-trips a session between two data folders through the CLI', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const id = seedSession(a);
    const out = path.join(tmp, 'session.json');
    const exported = await runCli(['export', String(id), '--format', 'json', '--out', out, '--data-dir', a]);
    expect(exported.exitCode, exported.stderr).toBe(0);

    const imported = await runCli(['import', out, '--json', '--data-dir', b]);
    expect(imported.exitCode, imported.stderr).toBe(0);
    const result = JSON.parse(imported.stdout) as { id: number; sets: number; heartRate: number; rr: number };
    expect(result).toMatchObject({ sets: 1, heartRate: 60, rr: 40 });

    const sa = openStore(a);
    const sb = openStore(b);
    try {
      const da = sa.getSession(id);
      const db = sb.getSession(result.id);
      expect(db?.name).toBe('Squats, "heavy" 💪\nsecond line');
      expect(db?.sets.map((s) => [s.exerciseId, s.repsDetected, s.reps.map((r) => r.t)])).toEqual(
        da?.sets.map((s) => [s.exerciseId, s.repsDetected, s.reps.map((r) => r.t)]),
      );
      expect([...sb.iterateHeartRate(result.id)]).toEqual([...sa.iterateHeartRate(id)]);
      expect([...sb.iterateRr(result.id)]).toEqual([...sa.iterateRr(id)]);
    } finally {
      sa.close();
      sb.close();
    }
  });

  it('refuses a file that is not a SetBeat session, keeping nothing', async () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ format: 'setbeat-session', schemaVersion: 1, session: { name: 42 } }));
    const dir = path.join(tmp, 'c');
    const r = await runCli(['import', bad, '--data-dir', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('bad.json');
    const store = openStore(dir);
    try {
      expect(store.listSessions()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
