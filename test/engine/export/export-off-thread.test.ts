/**
 * Exports never stall the engine (issue 17 item 1): while the largest export of a real store
 * is written (a session with two hours of 200 Hz acceleration, as JSON and as a bulk CSV
 * export), a 50 Hz timer standing for live samples on the engine's event loop keeps ticking
 * all along. In the engine's own thread the same export held the loop for its whole length
 * (seconds, no tick at all). Browser downloads (web mode's History) take the same worker.
 * The bound asserted here is loose, since a shared test machine
 * alone delays an idle timer by tens of ms; `npm run bench export-thread` measures the worst
 * lateness itself. The files written are the same as the in-thread exporter's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/create';
import type { Engine } from '../../../src/engine/engine';
import { exportSession } from '../../../src/engine/export/exporter';
import { sourceFromStore } from '../../../src/engine/export/store-port';
import { openStore } from '../../../src/engine/store/index';

const T0 = Date.UTC(2026, 10, 20, 17, 30);
const ACC_SAMPLES = 2 * 3600 * 200;

let dir: string;
let sessionId: number;
let engine: Engine;

/** Runs `work` while a 20 ms timer ticks on this event loop; returns its worst lateness. */
async function worstLateness<T>(work: () => Promise<T>): Promise<{ result: T; lateMs: number; ticks: number; expected: number }> {
  const start = performance.now();
  let last = start;
  let lateMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lateMs = Math.max(lateMs, now - last - 20);
    last = now;
    ticks++;
  }, 20);
  try {
    const result = await work();
    return { result, lateMs, ticks, expected: (performance.now() - start) / 20 };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-export-thread-'));
  const store = openStore(dir);
  const w = store.beginSession({ name: 'Two hours at 200 Hz', startedAt: T0 }, { autoFlush: false });
  const set = w.startSet({ exerciseId: 'squat', side: 'both', order: 0, startedAt: T0 + 1000 });
  for (let i = 0; i < ACC_SAMPLES; i += 1000) {
    w.addAcc('imu', Array.from({ length: 1000 }, (_, k) => ({ tMs: T0 + (i + k) * 5, x: Math.sin((i + k) / 40) * 0.5, y: 0.01, z: 1 })));
    if (i % 200_000 === 0) w.flush();
  }
  for (let s = 0; s < 7200; s++) w.addHr({ tMs: T0 + s * 1000, bpm: 90 + (s % 40), contact: true });
  w.endSet(set, T0 + 7_200_000);
  w.finish(T0 + 7_200_000);
  sessionId = w.sessionId;
  store.close();
  engine = createEngine({ dataDir: dir, transport: 'web' });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('exports run off the engine thread', () => {
  it('the largest JSON export leaves the live loop running, and writes what the in-thread exporter writes', async () => {
    const { result, lateMs, ticks, expected } = await worstLateness(() => engine.router.call('sessions.export', { id: sessionId, format: 'json' }));
    if (!result.ok) throw new Error(result.error.message);
    const file = (result.result as { files: { path: string; bytes: number }[] }).files[0];
    expect(file.bytes).toBeGreaterThan(40 * 1024 * 1024);
    expect(ticks, `${ticks} ticks of ${expected.toFixed(0)}`).toBeGreaterThan(expected / 4);
    expect(lateMs, `the loop was late by ${lateMs.toFixed(0)} ms`).toBeLessThan(1000);

    // The same bytes as the exporter run here (the generator line names the same version).
    const store = openStore(dir, { readonly: true });
    try {
      const source = sourceFromStore(store, sessionId);
      if (!source) throw new Error('no session');
      const here = await exportSession(source, 'json', path.join(dir, 'here.json'));
      const text = (p: string): string => fs.readFileSync(p, 'utf8').replace(/"exportedAt":\s*"[^"]*"/, '');
      expect(here.files[0].bytes).toBe(file.bytes);
      expect(text(file.path) === text(here.files[0].path)).toBe(true);
    } finally {
      store.close();
    }
  }, 240_000);

  it('a bulk CSV export reports progress and leaves the live loop running', async () => {
    const progress: number[] = [];
    const off = engine.events.subscribe((event, payload) => {
      if (event === 'export.progress') progress.push((payload as { done: number }).done);
    });
    try {
      const { result, lateMs, ticks, expected } = await worstLateness(() => engine.router.call('sessions.exportAll', { format: 'csv' }));
      if (!result.ok) throw new Error(result.error.message);
      expect(result.result).toMatchObject({ exported: 1, failed: [] });
      expect(progress).toEqual([1]);
      expect(ticks, `${ticks} ticks of ${expected.toFixed(0)}`).toBeGreaterThan(expected / 4);
      expect(lateMs, `the loop was late by ${lateMs.toFixed(0)} ms`).toBeLessThan(1000);
    } finally {
      off();
    }
  }, 240_000);

  it('a download for the browser (web mode History) is exported on the worker too', async () => {
    const { result: prepared, lateMs, ticks, expected } = await worstLateness(() => engine.prepareDownload(sessionId, 'json'));
    try {
      expect(prepared.zip).toBe(false);
      expect(ticks, `${ticks} ticks of ${expected.toFixed(0)}`).toBeGreaterThan(expected / 4);
      expect(lateMs, `the loop was late by ${lateMs.toFixed(0)} ms`).toBeLessThan(1000);
      const store = openStore(dir, { readonly: true });
      try {
        const source = sourceFromStore(store, sessionId);
        if (!source) throw new Error('no session');
        const here = await exportSession(source, 'json', path.join(dir, 'here-download.json'));
        const text = (p: string): string => fs.readFileSync(p, 'utf8').replace(/"exportedAt":\s*"[^"]*"/, '');
        expect(text(prepared.files[0].path) === text(here.files[0].path)).toBe(true);
      } finally {
        store.close();
      }
    } finally {
      prepared.cleanup();
    }
    await expect(engine.prepareDownload(999_999, 'json')).rejects.toThrow(/^There is no session 999999\.$/);
  }, 240_000);

  it('a session that is not there is said so', async () => {
    const r = await engine.router.call('sessions.export', { id: 999_999, format: 'json' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/There is no session 999999\.$/);
  });
});
