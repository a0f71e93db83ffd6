/**
 * End to end: web mode on a free port with a temporary data folder, opened in Debian's Chromium.
 * The shell renders, a command round-trips (the theme setting), every screen passes axe-core.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('web mode in Chromium', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp();
    page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('renders the shell with every screen in the navigation and a live engine connection', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(app.server.url);
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
    // The engine's copy is what a reload shows; under load its reply may trail the page a moment.
    const storedTheme = async (): Promise<string | false> => {
      const stored = await app.engine.router.call('settings.get', {});
      return stored.ok && (stored.result as { theme: string }).theme;
    };
    await expect.poll(storedTheme).toBe('dark');
    await screenshot(page, 'shell-settings-dark');
    // A reload keeps it: the engine is the source of truth, not the page.
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('Settings names the log file in web mode (there is no file manager to open from here)', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Open the log folder' }).click();
    const note = page.getByRole('status').filter({ hasText: 'setbeat.log' });
    await visible(note);
    const logFile = path.join(app.dataDir, 'logs', 'setbeat.log');
    expect(await note.textContent()).toContain(logFile);
    // The engine has been writing it all along.
    expect(fs.readFileSync(logFile, 'utf8')).toContain('"event":"engine-start"');
  });

  it('has no serious or critical accessibility violation on any screen, light or dark', async () => {
    for (const theme of ['dark', 'light'] as const) {
      await app.engine.router.call('settings.update', { theme });
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
