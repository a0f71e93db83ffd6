/** History: "Export all sessions" writes one file per session and shows its progress. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { openStore } from '../../src/engine/store/index';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import { HAS_CHROMIUM, launchChromium, screenshot, seriousAxeViolations, visible } from '../helpers/browser';

const RENDERER_DIR = path.resolve('out/renderer');
const built = fs.existsSync(path.join(RENDERER_DIR, 'index.html'));

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

describe.skipIf(!HAS_CHROMIUM || !built)('bulk export from History', () => {
  let dataDir: string;
  let engine: Engine;
  let server: RunningWebServer;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bulk-'));
    seed(dataDir, 3);
    engine = createEngine({ dataDir, transport: 'web' });
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports every session as TCX with a progress bar and says where the files went', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}#/history`);
    await visible(page.getByRole('button', { name: 'Morning strength 3' }));
    await page.getByLabel('Export all as').selectOption('tcx');
    await page.getByRole('button', { name: 'Export all sessions' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Exported 3 sessions to' });
    await visible(done, 30_000);
    expect(await page.getByRole('progressbar', { name: 'Sessions exported' }).getAttribute('value')).toBe('3');
    await visible(page.getByText('3 of 3'));
    const folder = ((await done.textContent()) ?? '').replace(/^Exported 3 sessions to /, '').replace(/\.$/, '');
    expect(folder.startsWith(path.join(dataDir, 'exports'))).toBe(true);
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.tcx'));
    expect(files).toHaveLength(3);
    for (const f of files) expect(fs.readFileSync(path.join(folder, f), 'utf8')).toContain('<TrainingCenterDatabase');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'history-bulk-export');
  }, 60_000);
});
