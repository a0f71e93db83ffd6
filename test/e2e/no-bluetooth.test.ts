/**
 * On a machine without a usable Bluetooth adapter (this one: noble fails with EAFNOSUPPORT) the
 * app still starts, says plainly why the radio is unusable and how to fix it, and runs the demo
 * sensors instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import { HAS_CHROMIUM, launchChromium, screenshot, seriousAxeViolations, visible } from '../helpers/browser';

const RENDERER_DIR = path.resolve('out/renderer');
const built = fs.existsSync(path.join(RENDERER_DIR, 'index.html'));

describe.skipIf(!HAS_CHROMIUM || !built)('without a Bluetooth adapter', () => {
  let dataDir: string;
  let engine: Engine;
  let server: RunningWebServer;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-nobt-'));
    engine = createEngine({ dataDir, transport: 'web', bluetooth: 'auto' });
    await engine.bluetoothReady();
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('explains the radio and offers the demo sensors', async (ctx) => {
    const radio = engine.info().bluetooth;
    if (radio.state === 'ready') ctx.skip(); // a machine with a working adapter
    expect(radio.message.length).toBeGreaterThan(10);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}#/devices`);
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
