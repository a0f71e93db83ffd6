/**
 * The routine editor says what is wrong beside the field (empty name, 0 sets, a target of -3),
 * Save takes the person to the first wrong field, and unsaved edits ask before another routine,
 * another screen or a new routine drops them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('routine editor: problems beside the fields, nothing lost unasked', () => {
  let app: WebApp;
  let page: Page;
  beforeAll(async () => {
    app = await startWebApp();
    page = await app.browser.newPage({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('marks wrong fields, focuses the first on Save, and asks before discarding', async () => {
    await page.goto(`${app.server.url}#/routines`);
    await page.getByRole('button', { name: 'Make a copy' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Edit routine' }));
    const name = page.getByRole('textbox', { name: 'Routine name' });
    await name.fill('');
    const sets = page.getByRole('group', { name: /^1\./ }).getByRole('spinbutton', { name: 'Sets' });
    await sets.fill('0');
    const target = page.getByRole('group', { name: /^1\./ }).getByRole('spinbutton', { name: 'Target' });
    await target.fill('-3');
    // Each field says what is wrong with it, and is marked for screen readers.
    for (const [field, words] of [
      [name, 'Give the routine a name.'],
      [sets, 'Sets must be 1 to 20.'],
      [target, 'The target must be 1 to 1000, or empty.'],
    ] as const) {
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const id = await field.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${id}"]`).textContent()).toBe(words);
    }
    await screenshot(page, 'routine-editor-problems-390');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Save is not silently disabled far below: it takes the person to the first wrong field.
    await page.getByRole('button', { name: 'Save routine' }).click();
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);

    // Leaving asks; "Cancel" keeps the edits and the screen.
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'History' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Routines' }));
    expect(await sets.inputValue()).toBe('0');
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'New routine' }).click();
    expect(asked).toMatch(/^Discard your unsaved changes to “this routine”\?$/);
    expect(await sets.inputValue()).toBe('0');
    // "OK" goes.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'History' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'History' }));
    // Nothing unsaved: no question.
    let askedAgain = false;
    page.once('dialog', (d) => {
      askedAgain = true;
      void d.accept();
    });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Settings' }));
    expect(askedAgain).toBe(false);
  }, 60_000);
});
