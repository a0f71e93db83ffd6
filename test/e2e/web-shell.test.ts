/**
 * End to end: web mode on a free port with a temporary data folder, opened in Debian's Chromium.
 * The shell renders, a command round-trips (the theme setting), every screen passes axe-core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import { HAS_CHROMIUM, launchChromium, screenshot, seriousAxeViolations, visible } from '../helpers/browser';

const RENDERER_DIR = path.resolve('out/renderer');
const built = fs.existsSync(path.join(RENDERER_DIR, 'index.html'));

describe.skipIf(!HAS_CHROMIUM || !built)('web mode in Chromium', () => {
  let dataDir: string;
  let engine: Engine;
  let server: RunningWebServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-e2e-'));
    engine = createEngine({ dataDir, transport: 'web' });
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders the shell with every screen in the navigation and a live engine connection', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(server.url);
    const nav = page.getByRole('navigation', { name: 'Screens' });
    for (const name of ['Workout', 'Devices', 'Routines', 'History', 'Settings']) {
      await visible(nav.getByRole('button', { name }));
    }
    await visible(page.getByRole('status').filter({ hasText: 'Engine connected' }));
    await visible(page.getByRole('heading', { level: 1, name: 'Workout' }));
    await visible(page.getByText('Kneeling lunge matrix'));
    expect(errors).toEqual([]);
    await screenshot(page, 'shell-workout-light');
  });

  it('round-trips a command: choosing the dark theme is stored by the engine and applied', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const stored = await engine.router.call('settings.get', {});
    expect(stored.ok && (stored.result as { theme: string }).theme).toBe('dark');
    await screenshot(page, 'shell-settings-dark');
    // A reload keeps it: the engine is the source of truth, not the page.
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('has no serious or critical accessibility violation on any screen, light or dark', async () => {
    for (const theme of ['dark', 'light'] as const) {
      await engine.router.call('settings.update', { theme });
      for (const name of ['Workout', 'Devices', 'Routines', 'History', 'Settings']) {
        await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();
        await visible(page.getByRole('heading', { level: 1, name }));
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        const violations = await seriousAxeViolations(page);
        expect(violations, `${name} (${theme}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
        await screenshot(page, `shell-${name.toLowerCase()}-${theme}`);
      }
    }
  });
});
