/**
 * On a machine without a usable Bluetooth adapter (this one: noble fails with EAFNOSUPPORT) the
 * app still starts, says plainly why the radio is unusable and how to fix it, and runs the demo
 * sensors instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('without a Bluetooth adapter', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp({ engine: { bluetooth: 'auto' }, setUp: (engine) => engine.bluetoothReady() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('explains the radio and offers the demo sensors', async (ctx) => {
    const radio = app.engine.info().bluetooth;
    if (radio.state === 'ready') ctx.skip(); // a machine with a working adapter
    expect(radio.message.length).toBeGreaterThan(10);
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.server.url}#/devices`);
    await visible(page.getByRole('heading', { level: 1, name: 'Devices' }));
    const note = page.getByText('Why demo sensors: the Bluetooth radio is not usable.');
    await visible(note);
    const text = (await page.locator('.radio-note').textContent()) ?? '';
    expect(text).toContain(radio.message);
    if (radio.fix) expect(text).toContain(radio.fix);
    // The demo sensors are there to use.
    await page.getByRole('button', { name: 'Scan for sensors' }).click();
    await visible(page.getByText('Polar H10 DEM0A10C'), 20_000);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'devices-no-bluetooth');
  }, 60_000);
});
