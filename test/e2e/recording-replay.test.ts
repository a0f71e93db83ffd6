/**
 * The whole live path, nothing stubbed: a calf-raise recording (CSV, known count) is replayed by
 * the simulated accelerometer through the real noble core in the Bluetooth child process, the
 * engine's driver, the workout service and the rep detector, over the WebSocket into the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openStore } from '../../src/engine/store/index';
import { screenshot, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';
import { syntheticCalfRaises } from '../engine/workout/synthetic';
const REPS = 8;
const LEAD_S = 12;
const TAIL_S = 14;

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('a recorded set replayed through the simulator', () => {
  let app: WebApp;
  let page: Page;
  let originMs = 0;
  const samples = syntheticCalfRaises({ reps: REPS, rateHz: 100, leadS: LEAD_S, tailS: TAIL_S });
  const lengthS = samples[samples.length - 1].t;

  beforeAll(async () => {
    app = await startWebApp({
      setUp: async (engine, dataDir) => {
        const accFile = path.join(dataDir, 'calf-raises.acc.csv');
        fs.writeFileSync(accFile, 't,ax,ay,az\n' + samples.map((s) => `${s.t.toFixed(3)},${s.x.toFixed(5)},${s.y.toFixed(5)},${s.z.toFixed(5)}`).join('\n') + '\n');
        // Start the replay 2 s after the last rise: the still stretch that follows (the tail, then
        // the next pass's lead) opens 3 s from now and lasts 17 s, which covers connecting the
        // sensors even on a busy machine, so the set starts without waiting out a loop.
        originMs = Date.now() - (lengthS - TAIL_S + 2) * 1000;
        await engine.startBluetooth('demo', {
          originMs,
          devices: [
            { kind: 'hr-strap', id: 'a0de5e000020', name: 'Demo HR strap' },
            { kind: 'generic-imu', id: 'a0de5e000030', name: 'Demo ankle IMU', accFile },
          ],
        });
      },
    });
    page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Where the looping replay is now, in seconds of the file. */
  const fileTime = (): number => (((Date.now() - originMs) / 1000) % (lengthS + 0.01) + lengthS) % (lengthS + 0.01);
  const waitUntilFileTime = async (from: number, to: number): Promise<void> => {
    while (!(fileTime() >= from && fileTime() < to)) await new Promise((r) => setTimeout(r, 100));
  };
  /**
   * The person stands still from 5 s after the last rise to 4 s before the first one; the
   * replay loops, so that stillness spans the end of one pass and the start of the next.
   * Waiting for any of it (not only the lead) saves most of a loop of real time.
   */
  const waitUntilStillBeforeSet = async (): Promise<void> => {
    const still = (t: number): boolean => t >= lengthS - TAIL_S + 5 || t < LEAD_S - 4;
    while (!still(fileTime())) await new Promise((r) => setTimeout(r, 100));
  };

  it('counts the recording\'s reps live and keeps the set', async () => {
    await page.goto(`${app.server.url}#/devices`);
    await page.getByRole('button', { name: 'Scan for sensors' }).click();
    for (const name of ['Demo HR strap', 'Demo ankle IMU']) {
      await page.getByRole('button', { name: `Connect ${name}` }).click();
      await visible(page.getByRole('button', { name: `Disconnect ${name}` }), 20_000);
    }

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Workout' }).click();
    await page.getByRole('button', { name: "Start Runner's strength" }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Toe touch to calf raise' }));

    // Start while the person stands still before the set, end once they stand still after it.
    await waitUntilStillBeforeSet();
    await page.getByRole('button', { name: /^Start set/ }).click();
    await visible(page.getByRole('button', { name: /^End set/ }));
    // At worst the set starts early in the previous pass's tail: then the rest of it and the lead come first.
    await visible(page.getByRole('status', { name: `Reps ${REPS} of 8` }), (TAIL_S + LEAD_S + REPS * 2.4 + 10) * 1000);
    await waitUntilFileTime(lengthS - TAIL_S + 4, lengthS - 2);
    await screenshot(page, 'replay-set-counted');
    await page.getByRole('button', { name: /^End set/ }).click();
    await visible(page.getByRole('region', { name: 'Rest' }));
    await page.getByRole('button', { name: /^Finish/ }).first().click();

    await expect
      .poll(() => {
        const store = openStore(app.dataDir, { readonly: true });
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
