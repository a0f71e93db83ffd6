/**
 * A session's exports in a browser are downloads: JSON as one file, CSV as a ZIP of its four
 * files, over the token a non-loopback server asks for; a request without the page's header
 * or token is refused, and nothing is written to the server's data folder.
 */
import { seedTuesdayLegs } from '../helpers/record-fixture';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import { launchChromium, screenshot, visible } from '../helpers/browser';
import { readZip } from '../helpers/read-zip';
import { CAN_RUN_BROWSER_TESTS, RENDERER_DIR } from '../helpers/web-app';
import os from 'node:os';
import type { Browser } from 'playwright-core';


describe.skipIf(!CAN_RUN_BROWSER_TESTS)('exports download in the browser (web mode)', () => {
  let dataDir: string;
  let engine: Engine;
  let server: RunningWebServer;
  let browser: Browser;
  let page: Page;
  let saveDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-downloads-'));
    saveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-saved-'));
    seedTuesdayLegs(dataDir, 1);
    engine = createEngine({ dataDir, transport: 'web' });
    // Every server has a token now, loopback too.
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(saveDir, { recursive: true, force: true });
  });

  async function download(label: string): Promise<string> {
    const downloading = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: label }).click();
    const d = await downloading;
    const file = path.join(saveDir, d.suggestedFilename());
    await d.saveAs(file);
    return file;
  }

  it('downloads JSON as one file and CSV as a ZIP of four', async () => {
    await page.goto(`${server.url}#/history`);
    await page.getByRole('button', { name: 'Tuesday legs' }).click();
    await visible(page.getByRole('region', { name: 'Sets' }));

    const json = await download('SetBeat JSON');
    expect(path.basename(json)).toMatch(/^setbeat-2026-11-03-0700-s\d+\.json$/);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as { session: { name: string } };
    expect(doc.session.name).toBe('Tuesday legs');
    await visible(page.getByRole('status').filter({ hasText: /^Downloaded setbeat-.*\.json \(\d/ }));
    // A download has no folder on this device to show: only the window offers "Show in folder".
    expect(await page.getByRole('button', { name: 'Show in folder' }).count()).toBe(0);
    await screenshot(page, 'history-download-390');

    const csv = await download('CSV (sets, samples, Strong)');
    expect(path.basename(csv)).toMatch(/^setbeat-2026-11-03-0700-s\d+\.zip$/);
    const names = readZip(csv).map((f) => f.name.replace(/^setbeat-[^.]+/, ''));
    expect(names.sort()).toEqual(['.rr.txt', '.samples.csv', '.sets.csv', '.strong.csv']);
    const sets = readZip(csv).find((f) => f.name.endsWith('.sets.csv'))!.data.toString('utf8');
    expect(sets).toMatch(/squat/i);
    expect(fs.existsSync(path.join(dataDir, 'exports'))).toBe(false);
  }, 60_000);

  it('refuses a download asked for without the page header or the token', async () => {
    const base = server.url.split('?')[0];
    const noHeader = await fetch(`${base}download?session=1&format=json`, { headers: { 'X-SetBeat-Token': server.token ?? '' } });
    expect(noHeader.status).toBe(403);
    const noToken = await fetch(`${base}download?session=1&format=json`, { headers: { 'X-SetBeat-Download': '1' } });
    expect(noToken.status).toBe(401);
    const missing = await fetch(`${base}download?session=999&format=json`, { headers: { 'X-SetBeat-Download': '1', 'X-SetBeat-Token': server.token ?? '' } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/There is no session 999/);
  });
});
