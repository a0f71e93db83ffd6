/**
 * The whole live path, nothing stubbed: a calf-raise recording (CSV, known count) is replayed by
 * the simulated accelerometer through the real noble core in the Bluetooth child process, the
 * engine's driver, the workout service and the rep detector, over the WebSocket into the page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import { openStore } from '../../src/engine/store/index';
import { HAS_CHROMIUM, launchChromium, screenshot, visible } from '../helpers/browser';
import { syntheticCalfRaises } from '../engine/workout/synthetic';

const RENDERER_DIR = path.resolve('out/renderer');
const built = fs.existsSync(path.join(RENDERER_DIR, 'index.html'));
const REPS = 8;
const LEAD_S = 12;
const TAIL_S = 14;

describe.skipIf(!HAS_CHROMIUM || !built)('a recorded set replayed through the simulator', () => {
  let dataDir: string;
  let engine: Engine;
  let server: RunningWebServer;
  let browser: Browser;
  let page: Page;
  let originMs: number;
  let lengthS: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-replay-'));
    const samples = syntheticCalfRaises({ reps: REPS, rateHz: 100, leadS: LEAD_S, tailS: TAIL_S });
    lengthS = samples[samples.length - 1].t;
    const accFile = path.join(dataDir, 'calf-raises.acc.csv');
    fs.writeFileSync(accFile, 't,ax,ay,az\n' + samples.map((s) => `${s.t.toFixed(3)},${s.x.toFixed(5)},${s.y.toFixed(5)},${s.z.toFixed(5)}`).join('\n') + '\n');
    engine = createEngine({ dataDir, transport: 'web' });
    originMs = Date.now();
    await engine.startBluetooth('demo', {
      originMs,
      devices: [
        { kind: 'hr-strap', id: 'a0de5e000020', name: 'Demo HR strap' },
        { kind: 'generic-imu', id: 'a0de5e000030', name: 'Demo ankle IMU', accFile },
      ],
    });
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Where the looping replay is now, in seconds of the file. */
  const fileTime = (): number => (((Date.now() - originMs) / 1000) % (lengthS + 0.01) + lengthS) % (lengthS + 0.01);
  const waitUntilFileTime = async (from: number, to: number): Promise<void> => {
    while (!(fileTime() >= from && fileTime() < to)) await new Promise((r) => setTimeout(r, 100));
  };

  it('counts the recording\'s reps live and keeps the set', async () => {
    await page.goto(`${server.url}#/devices`);
    await page.getByRole('button', { name: 'Scan for sensors' }).click();
    for (const name of ['Demo HR strap', 'Demo ankle IMU']) {
      await page.getByRole('button', { name: `Connect ${name}` }).click();
      await visible(page.getByRole('button', { name: `Disconnect ${name}` }), 20_000);
    }

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Workout' }).click();
    await page.getByRole('button', { name: "Start Runner's strength" }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Toe touch to calf raise' }));

    // Start while the person stands still before the set, end once they stand still after it.
    await waitUntilFileTime(2, LEAD_S - 4);
    await page.getByRole('button', { name: /^Start set/ }).click();
    await visible(page.getByRole('button', { name: /^End set/ }));
    await visible(page.getByRole('status', { name: `Reps ${REPS} of 8` }), (LEAD_S + REPS * 2.4 + 10) * 1000);
    await waitUntilFileTime(lengthS - TAIL_S + 4, lengthS - 2);
    await screenshot(page, 'replay-set-counted');
    await page.getByRole('button', { name: /^End set/ }).click();
    await visible(page.getByRole('region', { name: 'Rest' }));
    await page.getByRole('button', { name: /^Finish/ }).first().click();

    await expect
      .poll(() => {
        const store = openStore(dataDir, { readonly: true });
        try {
          const [s] = store.listSessions();
          return s ? { status: s.status, reps: s.repCount, sets: s.setCount } : null;
        } finally {
          store.close();
        }
      }, { timeout: 15_000 })
      .toEqual({ status: 'finished', reps: REPS, sets: 1 });
  }, 150_000);
});
