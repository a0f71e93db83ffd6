/**
 * The report rendered in Chromium: a screenshot PNG and the PDF go to test-results/ to be
 * looked at; the test checks what can be checked without eyes (one A4 page, no requests, no
 * scripts, every set in the table, the chart drawn).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReportHtml } from '../../../src/core/export/report';
import { collectText } from '../../../src/core/export/sink';
import { openChromiumPdfPrinter, printToPdfVia } from '../../../src/engine/export/pdf';
import { CHROMIUM_PATH, launchChromium } from '../../helpers/browser';
import { makeFixture, ODD } from '../../core/export/fixture';
import { formatDate, formatDuration, formatTime } from '../../../src/shared/format';
import { sessionEndMs } from '../../../src/core/export/timeline';

const require = createRequire(import.meta.url);
const OUT = path.resolve('test-results', 'export');
const HAS_CHROMIUM = fs.existsSync(CHROMIUM_PATH);
if (!HAS_CHROMIUM) console.warn(`report rendering: skipped, no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!HAS_CHROMIUM)('session report in Chromium', () => {
  const fx = makeFixture({ oddNames: true, rounds: 3 });
  const html = collectText((sink) =>
    writeReportHtml(fx.source, sink, { timeZone: 'Europe/Paris', maxHr: 185, generatedAt: Date.UTC(2026, 10, 21, 9, 0) }),
  );
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, 'report.html'), html);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders with no requests and no scripts, every set in the table, and the chart', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 1130 }, deviceScaleFactor: 1.5 });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: 'load' });
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('table.sets tbody tr').count()).toBe(fx.detail.sets.length);
    expect(await page.locator('h2', { hasText: 'By exercise' }).count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe(ODD.sessionName);
    expect(await page.locator('svg polyline').count()).toBeGreaterThan(0);
    expect(await page.locator('svg rect[fill-opacity]').count()).toBe(fx.detail.sets.length);
    // Landing (box step-off) and sway (calf raise, lunge) columns appear because reps carry them.
    const headers = await page.locator('thead th').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['Landing', 'Sway', 'Rest before']));
    // Sway in mg, as the app shows it ("54 mg", never "0.054").
    const sway = await page.locator('table.sets tbody td').allTextContents();
    expect(sway.some((t) => /^\d+ mg$/.test(t))).toBe(true);
    expect(html).not.toMatch(/<td>0\.0\d\d<\/td>/);
    // Landing in g with one decimal, as the app shows it.
    expect(sway.some((t) => /^\d+\.\d g$/.test(t))).toBe(true);
    // The date, times and duration in the one format of src/shared/format.ts.
    const when = await page.locator('header .when').textContent();
    expect(when).toBe(`${formatDate(fx.detail.startedAt, 'Europe/Paris')} · ${formatTime(fx.detail.startedAt, 'Europe/Paris')}–${formatTime(sessionEndMs(fx.detail), 'Europe/Paris')}`);
    expect(when).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} · \d\d:\d\d–\d\d:\d\d$/);
    expect(await page.locator('.figures .fig b').first().textContent()).toBe(formatDuration(fx.detail.durationS));
    expect(await page.locator('footer').textContent()).toContain('report made 21 Nov 2026, 10:00');
    await page.screenshot({ path: path.join(OUT, 'report.png'), fullPage: true });
    await page.close();
  });

  it('prints to a one-page A4 PDF with the installed browser, run headless as a child process', async () => {
    const printer = await openChromiumPdfPrinter(CHROMIUM_PATH);
    try {
      const pdf = await printer.print(html);
      fs.writeFileSync(path.join(OUT, 'report.pdf'), pdf);
      const text = Buffer.from(pdf).toString('latin1');
      expect(text.startsWith('%PDF-')).toBe(true);
      const count = /\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/.exec(text)?.[1];
      expect(count).toBe('1');
      // A4 is 595 x 842 points (Chromium writes 594.96 x 841.92).
      expect(text).toMatch(/\/MediaBox\s*\[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    } finally {
      await printer.close();
    }
  });

  it('prints through a window-like printer (how Electron passes webContents.printToPDF)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const print = printToPdfVia(() => {
      const pagePromise = context.newPage();
      return {
        loadURL: async (url) => {
          await (await pagePromise).goto(url, { waitUntil: 'load' });
        },
        printToPDF: async (o) => new Uint8Array(await (await pagePromise).pdf(o)),
        close: () => void pagePromise.then((p) => p.close()),
      };
    });
    const pdf = Buffer.from(await print(html)).toString('latin1');
    await context.close();
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(/\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/.exec(pdf)?.[1]).toBe('1');
  });

  it('has no serious accessibility problems (axe-core)', async () => {
    // The report forbids scripts by CSP; the check bypasses it to inject axe.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
      const r = await axe.run();
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    await context.close();
    expect(result.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});
