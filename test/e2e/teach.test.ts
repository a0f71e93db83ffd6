/**
 * Teach and learning from a correction, end to end in web mode: the real engine and SQLite
 * store, the built renderer in Debian's Chromium. Samples enter where the Bluetooth side
 * delivers them (the teach flow's ingest). The person creates "Kettlebell swing" (moves like
 * a deadlift), presses Start, sees the recording run, says "I did 3" and sees it saved and
 * listed; in History a correction says SetBeat learned from it. Checked at 360 px (no
 * sideways scroll) and 1280 px, light and dark, with axe-core; screenshots in test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { teachServiceOf } from '../../src/engine/handlers/learn';
import { screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';
import { syntheticCalfRaises } from '../engine/workout/synthetic';

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('Teach and learning in Chromium (web mode)', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp();
    page = await app.browser.newPage({ viewport: { width: 360, height: 740 }, colorScheme: 'light' });
  });
  afterAll(async () => {
    app?.engine.workout.dispose();
    await app?.close();
  });

  async function checks(what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${what}: page wider than the window`).toBeLessThanOrEqual(0);
  }

  async function openTeach(): Promise<void> {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Teach' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Teach' }));
  }

  it('creates an exercise, records a short set, confirms "I did 3" and shows it saved', async () => {
    await page.goto(app.server.url);
    await openTeach();
    await visible(page.getByText('Nothing yet.'));
    await screenshot(page, 'teach-360-choose');
    await checks('Teach, empty');

    await page.getByLabel('Exercise').selectOption({ label: 'A new exercise…' });
    await page.getByLabel('Name of the new exercise').fill('Kettlebell swing');
    await page.getByLabel('It moves most like').selectOption({ label: 'Deadlift' });
    await checks('Teach, new exercise');
    await page.getByRole('button', { name: 'Start' }).click();
    await visible(page.getByText('Waiting for the accelerometer'));

    const teach = teachServiceOf(app.engine.events);
    if (!teach) throw new Error('no teach service');
    const t0 = Date.now();
    teach.ingest({ type: 'acc', sensorId: 'wrist-imu', samples: syntheticCalfRaises({ reps: 3 }).map((s) => ({ tMs: t0 + s.t * 1000, x: s.x, y: s.y, z: s.z })) });
    await visible(page.getByText('Recording from wrist-imu.'));
    await visible(page.getByText('Kettlebell swing', { exact: true }));
    await checks('Teach, recording');
    await screenshot(page, 'teach-360-recording');

    await page.getByLabel('I did').fill('3');
    await page.getByRole('button', { name: 'I did 3 reps: save' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Saved. SetBeat learned your Kettlebell swing with the ankle band (1 set so far)' }));
    const learned = page.getByRole('region', { name: 'What SetBeat has learned' });
    await visible(learned.getByText('Kettlebell swing'));
    await checks('Teach, saved');
    await screenshot(page, 'teach-360-saved');

    // The new exercise is offered from now on.
    await expect.poll(() => page.getByLabel('Exercise').locator('option', { hasText: 'Kettlebell swing' }).count()).toBe(1);
  }, 90_000); // four axe runs and screenshots: well over 30 s on a loaded 2-core machine

  it('reads well at 1280 px, light and dark', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const theme of ['dark', 'light'] as const) {
      await app.engine.router.call('settings.update', { theme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await checks(`Teach, ${theme}`);
      await screenshot(page, `teach-1280-${theme}`);
    }
    await page.setViewportSize({ width: 360, height: 740 });
  });

  it('says in History that SetBeat learned from a correction', async () => {
    const call = async (name: 'workout.begin' | 'workout.startSet' | 'workout.endSet' | 'workout.finish'): Promise<void> => {
      const r = await app.engine.router.call(name, {});
      if (!r.ok) throw new Error(r.error.message);
    };
    await call('workout.begin');
    await call('workout.startSet');
    const svc = app.engine.workout;
    // Only what would have arrived by now: the set's stored window ends at endSet (wall clock).
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 400));
    const now = Date.now();
    const samples = syntheticCalfRaises({ reps: 8 })
      .map((s) => ({ tMs: t0 + s.t * 1000, x: s.x, y: s.y, z: s.z }))
      .filter((s) => s.tMs < now);
    expect(samples.length).toBeGreaterThan(10);
    svc.ingest({ type: 'acc', sensorId: 'imu', samples });
    await call('workout.endSet');
    await call('workout.finish');

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: /Runner's strength/ }).first().click();
    await page.getByRole('button', { name: /^One rep more: Toe touch to calf raise/ }).click();
    const note = page.getByRole('status').filter({ hasText: 'Learned from this correction' });
    await visible(note);
    await expect.poll(() => note.textContent()).toBe('Learned from this correction: SetBeat counts your next Toe touch to calf raise sets (ankle band) with it. 1 set learned so far.');
    await checks('History, after a correction');
    await screenshot(page, 'history-360-learned');

    await openTeach();
    await visible(page.getByRole('region', { name: 'What SetBeat has learned' }).getByText('Toe touch to calf raise'));
  });
});
