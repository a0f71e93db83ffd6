/** History: "Export all sessions" writes one file per session and shows its progress. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/engine/store/index';
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

  it('exports every session as TCX with a progress bar and says where the files went', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.server.url}#/history`);
    await visible(page.getByRole('button', { name: 'Morning strength 3' }));
    await page.getByLabel('Export all as').selectOption('tcx');
    await page.getByRole('button', { name: 'Export all sessions' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Exported 3 sessions to' });
    await visible(done, 30_000);
    expect(await page.getByRole('progressbar', { name: 'Sessions exported' }).getAttribute('value')).toBe('3');
    await visible(page.getByText('3 of 3'));
    const folder = ((await done.textContent()) ?? '').replace(/^Exported 3 sessions to /, '').replace(/\.$/, '');
    expect(folder.startsWith(path.join(app.dataDir, 'exports'))).toBe(true);
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.tcx'));
    expect(files).toHaveLength(3);
    for (const f of files) expect(fs.readFileSync(path.join(folder, f), 'utf8')).toContain('<TrainingCenterDatabase');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'history-bulk-export');
  }, 60_000);
});
