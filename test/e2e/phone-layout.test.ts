/**
 * Every screen at phone, tablet and desktop widths (360, 390, 820, 1280 px) in web mode in
 * Debian's Chromium: no horizontal scrolling (`scrollWidth <= innerWidth`), the workout's
 * controls on screen, no serious axe violation. Screenshots go to test-results/ to be looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

const SIZES = [
  [360, 780],
  [390, 844],
  [820, 1180],
  [1280, 800],
] as const;

interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  /** The outermost elements that reach past the right edge, to say what to fix. */
  culprits: string[];
}

async function overflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const w = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
            // The innermost ones: past the edge while none of their children is.
      const past = (e: Element): boolean => e.getBoundingClientRect().right > w + 0.5 && e.getBoundingClientRect().width > 0;
      if (past(el) && !Array.from(el.children).some(past)) {
        culprits.push(`${el.tagName.toLowerCase()}.${String(el.className)} right=${Math.round(el.getBoundingClientRect().right)}`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, culprits: culprits.slice(0, 8) };
  });
}

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('every screen fits a phone (web mode in Chromium)', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp();
    page = await app.browser.newPage({ viewport: { width: 360, height: 780 }, colorScheme: 'light' });
    await page.goto(app.server.url);
    // One finished session, so History has a row and a detail to show.
    await app.engine.router.call('workout.get', {});
    await app.engine.router.call('workout.begin', {});
    await app.engine.router.call('workout.toggleSet', {});
    await app.engine.router.call('workout.toggleSet', {});
    await app.engine.router.call('workout.finish', {});
    await app.engine.router.call('workout.close', {});
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  async function check(what: string): Promise<void> {
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const o = await overflow(page);
      expect(o.scrollWidth, `${what} at ${w}px lays out ${o.scrollWidth}px wide: ${o.culprits.join('; ')}`).toBeLessThanOrEqual(o.innerWidth);
      await screenshot(page, `phone-${what}-${w}`);
      if (w === 360 || w === 1280) {
        const violations = await seriousAxeViolations(page);
        expect(violations, `${what} at ${w}px: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
    }
    await page.setViewportSize({ width: 360, height: 780 });
  }

  const nav = (name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });

  it('fits the workout before, during and after a set, and its summary', async () => {
    await nav('Workout').click();
    await visible(page.getByRole('button', { name: "Start Runner's strength" }));
    await check('workout-idle');
    await page.getByRole('button', { name: "Start Runner's strength" }).click();
    await visible(page.getByRole('button', { name: /^Start set/ }));
    await check('workout-ready');
    await page.getByRole('button', { name: /^Start set/ }).click();
    await visible(page.getByRole('button', { name: /^End set/ }));
    await check('workout-set');
    // The person's controls are on screen at phone width, not off to the right.
    for (const name of [/^End set/, /^Pause$/, /^Finish workout$/]) {
      const box = await page.getByRole('button', { name }).boundingBox();
      expect(box && box.x + box.width, `${String(name)} on screen`).toBeLessThanOrEqual(360);
    }
    const tile = await page.getByRole('region', { name: 'Rep counter' }).boundingBox();
    expect(tile && tile.x + tile.width).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: /^End set/ }).click();
    await visible(page.getByRole('region', { name: 'Rest' }));
    await check('workout-rest');
    await page.getByRole('button', { name: 'Finish workout' }).click();
    await visible(page.getByRole('region', { name: 'Workout summary' }));
    await check('workout-summary');
    await page.getByRole('button', { name: 'New workout' }).click();
  }, 120_000);

  it('fits Devices, Routines and the editor, History and a session, Settings', async () => {
    await nav('Devices').click();
    await visible(page.getByRole('heading', { level: 1, name: 'Devices' }));
    // The empty list names only buttons that are there.
    await visible(page.getByText(/^No sensors yet\. Press “Scan for sensors”/));
    await check('devices');
    await nav('Routines').click();
    await visible(page.getByRole('heading', { level: 2, name: "Runner's strength" }));
    // Routine names are buttons in a list, with no stray bullet beside them.
    expect(await page.getByRole('region', { name: 'Your routines' }).locator('ul').evaluate((ul) => getComputedStyle(ul).listStyleType)).toBe('none');
    await check('routines');
    await page.getByRole('button', { name: 'Make a copy' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Edit routine' }));
    await check('routine-editor');
    await nav('History').click();
    await visible(page.getByRole('heading', { level: 1, name: 'History' }));
    const row = page.getByRole('row').filter({ hasText: "Runner's strength" });
    await visible(row);
    await check('history');
    await row.first().getByRole('button').click();
    await visible(page.getByRole('region', { name: 'Sets' }));
    await check('history-detail');
    // Every cell is a table cell (a flex cell's border sat off the row's).
    const displays = await page.locator('table td').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).display));
    expect(displays.length).toBeGreaterThan(0);
    expect(new Set(displays)).toEqual(new Set(['table-cell']));
    await nav('Settings').click();
    await visible(page.getByRole('heading', { level: 1, name: 'Settings' }));
    // An impossible maximum heart rate is not silently undone: the field says why.
    const maxHr = page.getByRole('spinbutton', { name: 'Max heart rate (bpm)' });
    await maxHr.fill('40');
    await maxHr.blur();
    await visible(page.getByRole('alert').filter({ hasText: '40 is not possible here: give a whole number from 100 to 240. 190 is still used.' }));
    await check('settings');
  }, 120_000);
});
