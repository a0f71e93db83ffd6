/**
 * What the live workout says in each state, in Chromium (web mode): the state word as legible
 * as the numbers (big, coloured, paused in the danger colour), the rep tile naming the set its
 * count belongs to in a rest and showing the next set's 0 when ready, and no empty "How to do
 * it" nor "Next: nothing" once every set is done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('the workout says where it is', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp();
    page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const call = async (command: string, params: object = {}): Promise<void> => {
    const r = await app.engine.router.call(command as 'workout.get', params as Record<string, never>);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  };
  const phaseWord = page_locator('p.phase-word');
  function page_locator(sel: string) {
    return () => page.locator(sel);
  }
  const repLabel = (): Promise<string | null> => page.getByRole('region', { name: 'Rep counter' }).getByRole('status').getAttribute('aria-label');

  it('walks through ready, set, rest, paused and all done', async () => {
    await page.goto(app.server.url);
    const ex = (exerciseId: string, target: number) => ({ exerciseId, sets: 1, sides: 'both', targetKind: 'reps', targetValue: target, restS: 60, placement: null, instructions: 'Stand tall.\nMove slowly.' });
    await call('workout.begin', { routine: { name: 'Two moves', notes: '', autoSets: false, exercises: [ex('squat', 8), ex('deadlift', 6)] } });
    await visible(page.getByRole('heading', { level: 2, name: 'Squat' }));
    await expect.poll(repLabel).toBe('Reps 0 of 8');
    const size = async (): Promise<number> => Number.parseFloat(await phaseWord().evaluate((e) => getComputedStyle(e).fontSize));
    const bg = (): Promise<string> => phaseWord().evaluate((e) => getComputedStyle(e).backgroundColor);
    // As legible as a heading: at least 24 px, bold.
    expect(await size()).toBeGreaterThanOrEqual(24);
    expect(await phaseWord().getAttribute('data-phase')).toBe('ready');

    await page.getByRole('button', { name: /^Start set/ }).click();
    await expect.poll(() => phaseWord().getAttribute('data-phase')).toBe('set');
    const setBg = await bg();
    await call('workout.adjustReps', { delta: 3 });
    await expect.poll(repLabel).toBe('Reps 3 of 8');
    await page.getByRole('button', { name: /^End set/ }).click();
    await visible(page.getByRole('region', { name: 'Rest' }));
    // The rest names the set its count belongs to, under the next exercise's name.
    const tile = page.getByRole('region', { name: 'Rep counter' });
    await visible(tile.getByText('Last set', { exact: true }));
    await visible(tile.getByText('Squat · Set 1 of 1'));
    expect(await repLabel()).toBe('Reps 3 of 8');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => phaseWord().getAttribute('data-phase')).toBe('paused');
    const danger = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--danger)';
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    expect(await bg()).toBe(danger);
    expect(await bg()).not.toBe(setBg);
    await screenshot(page, 'workout-paused-rest-1280');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Skip rest' }).click();
    // Ready for the deadlift: its own 0 of 6, not the squat's 3.
    await expect.poll(() => phaseWord().getAttribute('data-phase')).toBe('ready');
    await expect.poll(repLabel).toBe('Reps 0 of 6');
    await visible(page.getByText('This is the last set of the workout.'));

    await page.getByRole('button', { name: /^Start set/ }).click();
    await page.getByRole('button', { name: /^End set/ }).click();
    // After the last set there is no rest to skip: straight to "Well done".
    await visible(page.getByRole('heading', { level: 2, name: 'Well done' }));
    await visible(page.getByText('All sets are done: finish the workout, or repeat a set.'));
    expect(await page.getByRole('region', { name: 'How to do it' }).count()).toBe(0);
    expect(await page.getByText('Next: nothing').count()).toBe(0);
    await screenshot(page, 'workout-all-done-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'workout-all-done-390');
    expect(await seriousAxeViolations(page)).toEqual([]);
  }, 90_000);
});
