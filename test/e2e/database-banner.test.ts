/**
 * A damaged database file: the app says so on every screen, offers a new database beside it,
 * and never touches the old file's bytes. A crashed session is announced as recovered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/engine/store/index';
import { screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('database problems in the shell', () => {
  let app: WebApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('offers a new database beside a damaged file and leaves that file untouched', async () => {
    const garbage = Buffer.from('this is not a database, just some bytes '.repeat(200));
    app = await startWebApp({ prepare: (dir) => fs.writeFileSync(path.join(dir, 'setbeat.db'), garbage) });
    const { engine } = app;
    const dbFile = path.join(app.dataDir, 'setbeat.db');
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);

    const alert = page.getByRole('alert').filter({ hasText: 'Your sessions cannot be saved right now' });
    await visible(alert);
    expect(await alert.textContent()).toContain(dbFile);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'database-corrupt');

    await page.getByRole('button', { name: 'Start a new database beside it' }).click();
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    await visible(page.getByText('Started a new database at'));

    const info = await engine.router.call('app.info', {});
    expect(info.ok && (info.result as { databaseState: string }).databaseState).toBe('open');
    const newPath = info.ok ? (info.result as { databasePath: string }).databasePath : '';
    expect(path.basename(newPath)).toMatch(/^setbeat-\d{4}-\d{2}-\d{2}T\d{4}(-\d+)?\.db$/);
    expect(fs.readFileSync(dbFile).equals(garbage)).toBe(true);
  });

  it('announces sessions recovered after a crash', async () => {
    app = await startWebApp({
      prepare: (dir) => {
        // A writer that never finishes: like an app that died mid-session.
        const first = openStore(dir);
        const writer = first.beginSession({ name: 'Tuesday strength', startedAt: Date.now() - 60_000 });
        writer.addHr({ tMs: Date.now() - 30_000, bpm: 120, contact: true });
        writer.flush();
        first.close();
      },
    });
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    await visible(page.getByRole('status').filter({ hasText: '“Tuesday strength” was interrupted and has been recovered' }));
    await page.getByRole('button', { name: 'See History' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'History' }));
    await visible(page.getByText('recovered').first());
  });
});
