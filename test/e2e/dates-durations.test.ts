/**
 * One date and one duration on every screen (issue 16, item 12): after a workout with a pause,
 * the summary, the History list, the session's name and its detail say the same date and the
 * same duration (start to end, pauses included), in src/shared/format.ts's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatDate, formatDateTime, formatDuration, formatTime } from '../../src/shared/format';
import type { SessionSummary } from '../../src/shared/domain';
import { screenshot, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('dates and durations agree across screens', () => {
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await startWebApp();
    // The page in the engine's own time zone, as on one computer.
    page = await app.browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('summary, History list, session name and detail: one date, one duration', async () => {
    await page.goto(app.server.url);
    const r = await app.engine.router.call('workout.begin', {
      routine: {
        name: 'Legs day',
        notes: '',
        autoSets: false,
        exercises: [{ exerciseId: 'squat', sets: 1, sides: 'both', targetKind: 'reps', targetValue: 8, restS: 60, placement: null, instructions: '' }],
      },
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    await page.getByRole('button', { name: /^Start set/ }).click();
    await sleep(1200);
    await page.getByRole('button', { name: /^End set/ }).click();
    // A pause of a few seconds: the workout clock stops, the session's length does not.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await sleep(3200);
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await sleep(300);
    await page.getByRole('button', { name: 'Finish workout' }).click();

    const summary = page.getByRole('region', { name: 'Workout summary' });
    await visible(summary);
    const summaryDuration = (await summary.locator('dd.summary-duration').textContent()) ?? '';

    const list = await app.engine.router.call('sessions.list', {});
    expect(list.ok).toBe(true);
    const s = (list.ok ? (list.result as { sessions: SessionSummary[] }).sessions : [])[0];
    expect(s.name).toBe(`Legs day, ${formatDate(s.startedAt)}`);
    // The stored duration, start to end: the pause is in it, and the summary says the same.
    expect(s.durationS).toBeGreaterThan(4.5);
    expect(summaryDuration).toBe(formatDuration(s.durationS));
    const workoutClockS = (await app.engine.router.call('workout.get', {})) as { ok: true; result: { elapsedS: number } };
    expect(s.durationS - workoutClockS.result.elapsedS).toBeGreaterThan(2.5);
    await screenshot(page, 'h16b-summary-1280');

    await summary.getByRole('button', { name: 'See it in History' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: s.name }) });
    await visible(row);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe(`${formatDate(s.startedAt)}, ${formatTime(s.startedAt)}`);
    expect(cells[0]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/);
    expect(cells[1]).toBe(s.name);
    expect(cells[3]).toBe(summaryDuration);
    // The name carries the same date as the Date column.
    expect(cells[1].endsWith(cells[0].split(',')[0])).toBe(true);
    await screenshot(page, 'h16b-history-list-1280');

    await row.getByRole('button', { name: s.name }).click();
    const meta = page.getByText(new RegExp(`^${formatDateTime(s.startedAt)} · Legs day · `));
    await visible(meta);
    expect(await meta.textContent()).toContain(` · ${summaryDuration} · 1 set · `);
    await screenshot(page, 'h16b-history-detail-1280');
  }, 90_000);
});
