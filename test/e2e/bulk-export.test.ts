/**
 * History in a browser: "Export all sessions" is a download, one ZIP with a file per session,
 * with progress shown; nothing lands on the server's disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/engine/store/index';
import { readZip } from '../helpers/read-zip';
import { screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { CAN_RUN_BROWSER_TESTS, startWebApp, type WebApp } from '../helpers/web-app';

function seed(dataDir: string, count: number): void {
  const store = openStore(dataDir);
  try {
    for (let n = 0; n < count; n++) {
      const t0 = Date.UTC(2026, 10, 1 + n, 7, 0);
      const w = store.beginSession({ name: `Morning strength ${n + 1}`, routineName: "Runner's strength", startedAt: t0 });
      const setId = w.startSet({ exerciseId: 'deadlift', side: 'both', order: 1, target: 8, startedAt: t0 + 5000 });
      for (let i = 0; i < 8; i++) {
        const t = 8 + i * 3;
        w.addRep(setId, { t, start: t - 1.2, end: t + 1.2, amplitude: 0.3, confidence: 0.9, detectedAt: t + 0.8, quality: { durationS: 2.4 } });
      }
      for (let i = 0; i < 120; i++) w.addHr({ tMs: t0 + i * 1000, bpm: 95 + (i % 40), contact: true });
      w.endSet(setId, t0 + 35_000);
      w.finish(t0 + 120_000);
    }
  } finally {
    store.close();
  }
}

describe.skipIf(!CAN_RUN_BROWSER_TESTS)('bulk export from History', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp({ prepare: (dir) => seed(dir, 3) });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('downloads every session as TCX in one ZIP, with a progress bar', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await page.goto(`${app.server.url}#/history`);
    await visible(page.getByRole('button', { name: 'Morning strength 3' }));
    await page.getByLabel('Export all as').selectOption('tcx');
    const downloading = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Export all sessions' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^setbeat-all-tcx-.*\.zip$/);
    const saved = path.join(app.dataDir, '..', `${path.basename(app.dataDir)}-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    const done = page.getByRole('status').filter({ hasText: /^Downloaded setbeat-all-tcx-.*\.zip/ });
    await visible(done, 30_000);
    expect(await page.getByRole('progressbar', { name: 'Sessions exported' }).getAttribute('value')).toBe('3');
    await visible(page.getByText('3 of 3'));
    const tcx = readZip(saved).filter((f) => f.name.endsWith('.tcx'));
    expect(tcx).toHaveLength(3);
    for (const f of tcx) expect(f.data.toString('utf8')).toContain('<TrainingCenterDatabase');
    fs.rmSync(saved);
    // The server's data folder got nothing: the file went to the browser.
    expect(fs.existsSync(path.join(app.dataDir, 'exports'))).toBe(false);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'history-bulk-export');
  }, 60_000);
});
