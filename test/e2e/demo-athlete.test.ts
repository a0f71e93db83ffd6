/**
 * The demo sensors' athlete follows the workout, end to end: the simulated H10 (chest) and
 * ankle IMU in the Bluetooth child process, the real noble core, drivers, engine and detector,
 * the page in Chromium. Waiting at "Ready" the athlete stands still (no reps); "Start set" and
 * they do the first exercise's reps, which the page counts up to the target; heart rate rises
 * in the set; "End set" and they rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_IDS } from '../../src/engine/bluetooth/sim/factory';
import { screenshot, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('the demo athlete follows the workout (web mode)', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp({
      setUp: async (engine) => {
        await engine.startBluetooth('demo', {
          athleteSeed: 7,
          devices: [
            { kind: 'polar-pmd', id: DEMO_IDS.h10, name: 'Polar H10 DEM0A10C' },
            { kind: 'generic-imu', id: DEMO_IDS.imu, name: 'Demo ankle IMU' },
          ],
        });
      },
    });
    page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const bpm = async (): Promise<number> => {
    const label = (await page.getByRole('region', { name: 'Heart rate' }).getByRole('status').getAttribute('aria-label')) ?? '';
    return Number(/Heart rate (\d+) bpm/.exec(label)?.[1] ?? NaN);
  };

  it('stands still while ready, does the set when it starts, and the page counts it', async () => {
    await page.goto(app.server.url);
    await app.engine.router.call('devices.scan', { on: true });
    const found = async (): Promise<number> => {
      const r = await app.engine.router.call('devices.list', {});
      return r.ok ? (r.result as { devices: unknown[] }).devices.length : 0;
    };
    await expect.poll(found, { timeout: 15_000 }).toBe(2);
    for (const id of [DEMO_IDS.h10, DEMO_IDS.imu]) {
      const r = await app.engine.router.call('devices.connect', { id });
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    await page.getByRole('button', { name: "Start Runner's strength" }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Toe touch to calf raise' }));
    await expect.poll(bpm, { timeout: 20_000 }).toBeGreaterThan(40);
    await visible(page.getByRole('list', { name: 'Sensors' }).getByText('Demo ankle IMU'), 20_000);

    // Ready, and the athlete waits: a set started after 6 s of waiting counts from 0 and
    // the first seconds stay at 0 (nobody moved on their own).
    await new Promise((r) => setTimeout(r, 6000));
    const before = await bpm();
    await page.getByRole('button', { name: /^Start set/ }).click();
    await visible(page.getByRole('button', { name: /^End set/ }));
    await visible(page.getByRole('status', { name: 'Reps 0 of 8' }));
    // Eight calf raises at this person's pace, then they stand.
    await visible(page.getByRole('status', { name: /^Reps [78] of 8$/ }), 45_000);
    await new Promise((r) => setTimeout(r, 4000));
    await screenshot(page, 'demo-athlete-set-1280');
    const label = await page.getByRole('region', { name: 'Rep counter' }).getByRole('status').getAttribute('aria-label');
    expect(label).toMatch(/^Reps [789] of 8$/);
    const during = await bpm();
    expect(during, `heart rate ${before} before the set, ${during} at its end`).toBeGreaterThan(before + 8);

    await page.getByRole('button', { name: /^End set/ }).click();
    await visible(page.getByRole('region', { name: 'Rest' }));
    await screenshot(page, 'demo-athlete-rest-1280');
  }, 120_000);
});
