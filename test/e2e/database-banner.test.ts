/**
 * A damaged database file: the app says so on every screen, offers a new database beside it,
 * and never touches the old file's bytes. A crashed session is announced as recovered.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { openStore } from '../../src/engine/store/index';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import { HAS_CHROMIUM, launchChromium, screenshot, seriousAxeViolations, visible } from '../helpers/browser';

const RENDERER_DIR = path.resolve('out/renderer');
const built = fs.existsSync(path.join(RENDERER_DIR, 'index.html'));

describe.skipIf(!HAS_CHROMIUM || !built)('database problems in the shell', () => {
  let engine: Engine | undefined;
  let server: RunningWebServer | undefined;
  let browser: Browser | undefined;
  const dirs: string[] = [];

  afterEach(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('offers a new database beside a damaged file and leaves that file untouched', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-corrupt-'));
    dirs.push(dataDir);
    const garbage = Buffer.from('this is not a database, just some bytes '.repeat(200));
    const dbFile = path.join(dataDir, 'setbeat.db');
    fs.writeFileSync(dbFile, garbage);

    engine = createEngine({ dataDir, transport: 'web' });
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);

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
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-recovered-'));
    dirs.push(dataDir);
    // A writer that never finishes: like an app that died mid-session.
    const first = openStore(dataDir);
    const writer = first.beginSession({ name: 'Tuesday strength', startedAt: Date.now() - 60_000 });
    writer.addHr({ tMs: Date.now() - 30_000, bpm: 120, contact: true });
    writer.flush();
    first.close();

    engine = createEngine({ dataDir, transport: 'web' });
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await visible(page.getByRole('status').filter({ hasText: '“Tuesday strength” was interrupted and has been recovered' }));
    await page.getByRole('button', { name: 'See History' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'History' }));
    await visible(page.getByText('recovered').first());
  });
});
