/** Quitting the app mid-workout keeps the session as finished, with its set, not as a crash. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/create';
import { openStore } from '../../src/engine/store/index';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-close-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('engine close', () => {
  it('finishes a running workout before the store closes', async () => {
    const engine = createEngine({ dataDir, transport: 'web' });
    const begun = await engine.router.call('workout.begin', {});
    expect(begun.ok, JSON.stringify(begun)).toBe(true);
    const started = await engine.router.call('workout.startSet', {});
    expect(started.ok, JSON.stringify(started)).toBe(true);
    await engine.close();

    const store = openStore(dataDir);
    try {
      expect(store.recoveredAtOpen).toEqual([]);
      const [session] = store.listSessions();
      expect(session.status).toBe('finished');
      expect(session.endedAt).not.toBeNull();
      const detail = store.getSession(session.id);
      expect(detail?.sets).toHaveLength(1);
      expect(detail?.sets[0].endedAt).not.toBeNull();
    } finally {
      store.close();
    }
  });

  it('closes the live workout it owns: no frames or samples after close', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-close-owned-'));
    try {
      const engine = createEngine({ dataDir: dir, transport: 'web' });
      await engine.router.call('workout.begin', {});
      await engine.close();
      let frames = 0;
      engine.events.subscribe((event) => {
        if (event === 'workout.frame') frames++;
      });
      engine.workout.ingest({ type: 'hr', sensorId: 'strap', samples: [{ tMs: Date.now(), bpm: 120, contact: true }] });
      await new Promise((r) => setTimeout(r, 400));
      expect(frames).toBe(0);
      expect(engine.workout.view().hr).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
