/**
 * The live workout end to end in web mode: the real engine and SQLite store, the built
 * renderer in Debian's Chromium. Sensor samples enter the engine where the Bluetooth side
 * delivers them (the workout service's ingest), a synthetic calf-raise set of known count
 * (8), heart rate at 1 Hz. The person starts the built-in routine, sees the counter reach 8,
 * rests, corrects the count, finishes and finds the session in History. Screenshots of every
 * screen at 1280x800 and 1920x1080, light and dark, go to test-results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Engine } from '../../src/engine/engine';
import { openStore } from '../../src/engine/store';
import type { WorkoutService } from '../../src/engine/workout/service';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import type { DeviceManager } from '../../src/engine/bluetooth/device-manager';
import { DEMO_IDS } from '../../src/engine/bluetooth/sim/factory';
import { HAS_CHROMIUM, launchChromium, screenshot, seriousAxeViolations, visible } from '../helpers/browser';
import { syntheticCalfRaises } from '../engine/workout/synthetic';

const RENDERER_DIR = path.resolve('out/renderer');
const built = fs.existsSync(path.join(RENDERER_DIR, 'index.html'));
const SCREENS = ['Workout', 'Devices', 'Routines', 'History', 'Settings'] as const;

describe.skipIf(!HAS_CHROMIUM || !built)('live workout in Chromium (web mode)', () => {
  let dataDir: string;
  let engine: Engine;
  let server: RunningWebServer;
  let browser: Browser;
  let page: Page;
  let hrTimer: ReturnType<typeof setInterval> | null = null;
  let bpm = 96;

  const service = (): WorkoutService => engine.workout;

  async function axeClean(what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-e2e-workout-'));
    engine = new Engine({ dataDir, transport: 'web', openStore: (dir) => openStore(dir) });
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', acceptDownloads: true });
  });

  afterAll(async () => {
    if (hrTimer) clearInterval(hrTimer);
    await browser?.close();
    await server?.close();
    engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a calf-raise set from start to History', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await visible(page.getByRole('heading', { level: 1, name: 'Workout' }));
    await engine.router.call('workout.get', {});

    // Demo sensors come up: a strap and an accelerometer.
    service().ingest({ type: 'connected', sensorId: 'demo-hr', name: 'Demo heart-rate strap', kind: 'hr-strap', reconnected: false });
    service().ingest({ type: 'connected', sensorId: 'demo-imu', name: 'Demo accelerometer', kind: 'generic-imu', reconnected: false });
    service().ingest({ type: 'battery', sensorId: 'demo-hr', percent: 87 });
    hrTimer = setInterval(() => {
      const now = Date.now();
      service().ingest({ type: 'hr', sensorId: 'demo-hr', samples: [{ tMs: now, bpm: Math.round(bpm), contact: true }] });
      service().ingest({ type: 'rr', sensorId: 'demo-hr', samples: [{ tMs: now, rrMs: 60000 / bpm + (now % 2 ? 8 : -8) }] });
    }, 250);

    await visible(page.getByRole('status', { name: /^Heart rate 96 bpm/ }));
    await screenshot(page, 'workout-idle-light-1280');
    await axeClean('workout idle');

    await page.getByRole('button', { name: "Start Runner's strength" }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Toe touch to calf raise' }));
    await visible(page.getByText('Set 1 of 2 · Left side · Target: 8 reps each leg'));

    await page.getByRole('button', { name: /^Start set/ }).click();
    await visible(page.getByRole('button', { name: /^End set/ }));
    bpm = 128;

    // The set: 8 rises, fed in 20 ms batches of 50 samples (faster than real time; the
    // detector works on sample times).
    const t0 = Date.now();
    const samples = syntheticCalfRaises({ reps: 8, rateHz: 100 });
    const seen = new Set<string>();
    for (let i = 0; i < samples.length; i += 50) {
      const batch = samples.slice(i, i + 50).map((s) => ({ tMs: t0 + s.t * 1000, x: s.x, y: s.y, z: s.z }));
      service().ingest({ type: 'acc', sensorId: 'demo-imu', samples: batch });
      await new Promise((r) => setTimeout(r, 20));
      const label = await page.getByRole('region', { name: 'Rep counter' }).getByRole('status').getAttribute('aria-label');
      if (label) seen.add(label);
    }
    await visible(page.getByRole('status', { name: 'Reps 8 of 8' }));
    // The counter ticked through the set, not only at its end.
    expect(seen.size).toBeGreaterThan(3);
    await screenshot(page, 'workout-set-light-1280');
    await axeClean('workout in a set');

    // Space on the page ends the set; rest starts.
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('Space');
    await visible(page.getByRole('region', { name: 'Rest' }));
    await visible(page.getByText(/Next: Toe touch to calf raise · Set 2 of 2 · Left side|Next:/));
    bpm = 110;
    await visible(page.getByText(/Heart rate down \d+ bpm/));
    await screenshot(page, 'workout-rest-light-1280');

    // Pause freezes the rest; resume carries on.
    await page.getByRole('button', { name: 'Pause' }).click();
    await visible(page.getByText('Paused', { exact: true }));
    await page.getByRole('button', { name: 'Resume' }).click();
    await visible(page.getByText('Resting', { exact: true }));

    // One rep too many was counted: correct it.
    await page.getByRole('region', { name: 'Rep counter' }).getByRole('button', { name: 'One rep fewer' }).click();
    await visible(page.getByRole('status', { name: 'Reps 7 of 8' }));

    // Dark, big screen, during rest.
    await engine.router.call('settings.update', { theme: 'dark' });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'workout-rest-dark-1920');
    await axeClean('workout rest dark');
    await engine.router.call('settings.update', { theme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Skip the rest, add one more set like the last.
    await page.getByRole('button', { name: 'Skip rest' }).click();
    await visible(page.getByText('Ready', { exact: true }));
    await page.getByRole('button', { name: 'Repeat a set' }).click();
    await visible(page.getByText('Set 3 of 3 · Left side · Target: 8 reps each leg'));

    await page.getByRole('button', { name: 'Finish workout' }).click();
    await visible(page.getByRole('region', { name: 'Workout summary' }));
    await visible(page.getByRole('cell', { name: '7', exact: true }));
    await screenshot(page, 'workout-summary-light-1280');
    await axeClean('workout summary');

    await page.getByRole('button', { name: 'See it in History' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'History' }));
    const row = page.getByRole('row').filter({ hasText: "Runner's strength" });
    await visible(row);
    await expect.poll(async () => (await row.first().getByRole('cell').allTextContents()).join('|')).toMatch(/\|1\|7\|/);

    // The session's detail: charts, the set table, a correction, an export, delete and undo.
    await row.first().getByRole('button').click();
    await visible(page.getByRole('region', { name: 'Sets' }));
    await visible(page.getByRole('img', { name: 'Heart rate over the session' }));
    await visible(page.getByRole('img', { name: 'Reps counted over the session' }));
    await page.getByRole('button', { name: /^One rep more: Toe touch to calf raise, left, set 1/ }).click();
    await visible(page.getByRole('region', { name: 'Sets' }).getByText('(detected 8)'));
    await visible(page.getByRole('region', { name: 'Sets' }).getByRole('cell', { name: /^8/ }));
    // In a browser the export is a download (test/e2e/web-downloads.test.ts looks inside).
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'SetBeat JSON' }).click();
    expect((await downloading).suggestedFilename()).toMatch(/\.json$/);
    await visible(page.getByRole('status').filter({ hasText: /^Downloaded setbeat-.*\.json/ }));
    await screenshot(page, 'history-detail-light-1280');
    await axeClean('history detail');
    await page.getByRole('button', { name: 'Delete this session' }).click();
    await visible(page.getByText(/Deleted “/));
    await page.getByRole('button', { name: 'Undo' }).click();
    await visible(page.getByRole('row').filter({ hasText: "Runner's strength" }));
    expect(errors).toEqual([]);
    if (hrTimer) clearInterval(hrTimer);
    hrTimer = null;
  });

  it('copies the built-in routine, edits and reorders the copy, and starts it', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await engine.router.call('settings.update', { theme: 'light' });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Routines' }).click();
    await visible(page.getByRole('heading', { level: 2, name: "Runner's strength" }));
    await visible(page.getByText(/Steps: Stand on one foot/));
    await page.getByRole('button', { name: 'Make a copy' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Edit routine' }));
    await page.getByRole('textbox', { name: 'Routine name' }).fill('Short legs');
    await page.getByRole('button', { name: 'Move down: exercise 1, Toe touch to calf raise' }).click();
    await visible(page.getByRole('group', { name: '1. Lateral band walk' }));
    await page.getByRole('button', { name: 'Remove exercise 5, Kneeling lunge matrix' }).click();
    await page.getByRole('button', { name: 'Save routine' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Saved “Short legs”.' }));
    await screenshot(page, 'routines-editor-light-1280');
    await axeClean('routine editor');
    await page.getByRole('button', { name: 'Start this routine' }).click();
    await visible(page.getByRole('heading', { level: 2, name: 'Lateral band walk' }));
    const v = await engine.router.call('workout.get', {});
    expect(v.ok && (v.result as { routineName: string; plan: { exerciseId: string }[] }).plan.map((p) => p.exerciseId)).not.toContain('lunge-matrix');
    // Arrows choose the set to do next, from the keyboard alone.
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await visible(page.getByText('Set 1 of 2 · Left side · Target: 10 steps each way'));
    await page.keyboard.press('ArrowRight');
    await visible(page.getByText('Set 1 of 2 · Right side · Target: 10 steps each way'));
    await page.keyboard.press('ArrowLeft');
    await visible(page.getByText('Set 1 of 2 · Left side · Target: 10 steps each way'));
    await page.getByRole('button', { name: 'Finish workout' }).click();
    await page.getByRole('button', { name: 'New workout' }).click();
    await visible(page.getByRole('button', { name: "Start Runner's strength" }));
  });

  it('connects the demo sensors from the Devices screen, shows their heart rate live, and a dropout and return', async () => {
    let manager: DeviceManager | null = null;
    engine.onDevices((m) => {
      manager = m;
    });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices' }).click();
    await page.getByRole('button', { name: 'Use demo sensors' }).click();
    const table = page.getByRole('table', { name: 'Sensors' });
    await visible(table.getByRole('row').filter({ hasText: 'Demo HR strap' }).filter({ hasText: 'Connected' }), 20_000);
    await visible(table.getByRole('button', { name: 'Disconnect Demo ankle IMU' }));
    await screenshot(page, 'devices-demo-light-1280');
    await axeClean('devices with demo sensors');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Workout' }).click();
    // The simulated strap's heart rate, once the injected one above has gone quiet.
    const hrLabel = (): Promise<string | null> => page.getByRole('region', { name: 'Heart rate' }).getByRole('status').getAttribute('aria-label');
    await expect.poll(hrLabel, { timeout: 25_000 }).toMatch(/^Heart rate \d+ bpm/);
    // 110 bpm was the last injected value; the simulated strap gives its own.
    await expect.poll(hrLabel, { timeout: 25_000 }).not.toMatch(/^Heart rate 110 bpm/);
    await screenshot(page, 'workout-demo-light-1280');

    // The strap loses its link for 3 s: a banner says so, and says when it is back.
    expect(manager).not.toBeNull();
    await (manager as DeviceManager | null)?.injectFault({ kind: 'link-loss', deviceId: DEMO_IDS.strap, downMs: 3000 });
    await visible(page.getByRole('alert').filter({ hasText: 'Demo HR strap dropped out' }), 15_000);
    await screenshot(page, 'workout-dropout-light-1280');
    await visible(page.getByRole('status').filter({ hasText: 'Demo HR strap is back.' }), 30_000);
    await visible(page.getByRole('list', { name: 'Sensors' }).getByText('Demo HR strap'));
  }, 90_000);

  it('beeps near the end of a rest, and not when sounds are off', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Workout' }).click();
    await visible(page.getByRole('button', { name: "Start Runner's strength" }));
    // Count oscillators started by the page (evaluated over CDP; the page's CSP stays intact).
    await page.evaluate(`(() => {
      window.__beeps = 0;
      const orig = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function () { window.__beeps++; return orig.call(this); };
    })()`);
    const beeps = (): Promise<number> => page.evaluate('window.__beeps') as Promise<number>;
    const exercise = { exerciseId: 'calf-raise', sets: 3, sides: 'both', targetKind: 'reps', targetValue: 8, restS: 3, placement: null, instructions: '' } as const;
    await engine.router.call('workout.begin', { routine: { name: 'Beep test', notes: '', autoSets: false, exercises: [exercise] } });
    await page.getByRole('button', { name: /^Start set/ }).click();
    await page.getByRole('button', { name: /^End set/ }).click();
    await visible(page.getByRole('region', { name: 'Rest' }));
    await expect.poll(beeps, { timeout: 8000 }).toBeGreaterThanOrEqual(3);
    await visible(page.getByText('Ready', { exact: true }));

    await engine.router.call('settings.update', { sounds: false });
    const before = await beeps();
    await page.getByRole('button', { name: /^Start set/ }).click();
    await page.getByRole('button', { name: /^End set/ }).click();
    await visible(page.getByRole('region', { name: 'Rest' }));
    await visible(page.getByText('Ready', { exact: true }), 8000);
    expect(await beeps()).toBe(before);
    await engine.router.call('settings.update', { sounds: true });
    await page.getByRole('button', { name: 'Finish workout' }).click();
    await page.getByRole('button', { name: 'New workout' }).click();
  });

  it('keeps every screen readable and free of serious axe violations at both sizes, light and dark', async () => {
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      for (const theme of ['light', 'dark'] as const) {
        await engine.router.call('settings.update', { theme });
        for (const name of SCREENS) {
          await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();
          await visible(page.getByRole('heading', { level: 1, name }));
          await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
          await axeClean(`${name} ${theme} ${w}x${h}`);
          await screenshot(page, `screen-${name.toLowerCase()}-${theme}-${w}`);
        }
      }
    }
  }, 120_000);
});
