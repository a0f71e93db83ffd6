/**
 * The live path, measured end to end in web mode: engine (real SQLite store) -> workout
 * service -> frames over the WebSocket -> React in Debian's Chromium.
 *
 * 1. Latency: for 20 s, acceleration at 200 Hz (20-sample batches every 100 ms, as the
 *    Bluetooth side batches them) and heart rate at 4 Hz, each HR value distinct; the page
 *    notes (Date.now) when the "Heart rate N bpm" label shows each value. Figures: median
 *    and p99 of ingest -> DOM.
 * 2. Memory and paint: 2 simulated hours (accelerated: 100 simulated seconds per wall second) with
 *    sets every few minutes; the renderer's JS heap (after a forced GC) at 0, 1 and 2 hours,
 *    and animation-frame intervals over 3 s near the end (full chart, frames arriving).
 *
 * Needs the built renderer (npx electron-vite build) and /usr/bin/chromium; says so if not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../src/engine/engine';
import { openStore } from '../src/engine/store';
import { startWebServer } from '../src/engine/web/server';
import { HAS_CHROMIUM, launchOwnChromium } from '../test/helpers/browser';
import { syntheticCalfRaises } from '../test/engine/workout/synthetic';

const RENDERER_DIR = path.resolve('out/renderer');

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export default async function liveBench(): Promise<void> {
  if (!HAS_CHROMIUM || !fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    console.log('live: skipped (needs /usr/bin/chromium and a built renderer: npx electron-vite build)');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bench-live-'));
  const engine = new Engine({ dataDir, transport: 'web', openStore: (d) => openStore(d) });
  const server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
  const browser = await launchOwnChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.getByRole('button', { name: "Start Runner's strength" }).click();
    await page.getByRole('button', { name: /^Start set/ }).waitFor();
    const svc = engine.workout;
    svc.startSet();

    // The page records when each heart-rate value first appears in the DOM.
    await page.evaluate(() => {
      const w = window as unknown as { __seen: Record<string, number> };
      w.__seen = {};
      const mo = new MutationObserver(() => {
        const el = document.querySelector('.hr-value');
        const m = el?.getAttribute('aria-label')?.match(/^Heart rate (\d+) bpm/);
        if (m && !(m[1] in w.__seen)) w.__seen[m[1]] = Date.now();
      });
      mo.observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
    });

    // ---- 1. latency at 200 Hz + HR ----
    const sent = new Map<number, number>();
    const start = Date.now();
    let bpm = 100;
    let accT = start;
    let tick = 0;
    while (Date.now() - start < 20_000) {
      const now = Date.now();
      const batch = [];
      while (accT < now) {
        batch.push({ tMs: accT, x: 0.02, y: 0.01, z: 1 + 0.03 * Math.sin(accT / 400) });
        accT += 5;
      }
      svc.ingest({ type: 'acc', sensorId: 'imu', samples: batch });
      if (tick % 2 === 0 && bpm < 180) {
        bpm++;
        sent.set(bpm, Date.now());
        svc.ingest({ type: 'hr', sensorId: 'hr', samples: [{ tMs: Date.now(), bpm, contact: true }] });
      }
      tick++;
      await sleep(100);
    }
    await sleep(500);
    const seen = await page.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
    const lat = [...sent.entries()].filter(([b]) => String(b) in seen).map(([b, t]) => seen[String(b)] - t).sort((a, b) => a - b);
    console.log(`live latency sample->DOM (HR label, 200 Hz acc alongside): n=${lat.length}/${sent.size}, median ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms, max ${lat[lat.length - 1]} ms`);
    svc.endSet();

    // ---- 1b. rep detected -> rep counter in the DOM: 8 calf raises at 200 Hz, real time ----
    svc.skipRest();
    svc.startSet();
    await page.evaluate(`(() => {
      window.__reps = {};
      const mo = new MutationObserver(() => {
        const el = document.querySelector('.rep-value');
        const m = el && el.getAttribute('aria-label') && el.getAttribute('aria-label').match(/^Reps (\\d+)/);
        if (m && !(m[1] in window.__reps)) window.__reps[m[1]] = Date.now();
      });
      mo.observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
    })()`);
    const raises = syntheticCalfRaises({ reps: 8, rateHz: 200 });
    const repAt = new Map<number, number>();
    const r0 = Date.now();
    let ri = 0;
    while (ri < raises.length) {
      const now = Date.now();
      const batch = [];
      for (; ri < raises.length && r0 + raises[ri].t * 1000 <= now; ri++) batch.push({ tMs: r0 + raises[ri].t * 1000, x: raises[ri].x, y: raises[ri].y, z: raises[ri].z });
      if (batch.length) svc.ingest({ type: 'acc', sensorId: 'imu', samples: batch });
      const count = svc.view().set?.reps ?? 0;
      if (count > 0 && !repAt.has(count)) repAt.set(count, Date.now());
      await sleep(100);
    }
    await sleep(500);
    const domReps = (await page.evaluate('window.__reps')) as Record<string, number>;
    const repLat = [...repAt.entries()].filter(([k]) => String(k) in domReps).map(([k, t]) => domReps[String(k)] - t).sort((a, b) => a - b);
    console.log(`live rep detected->rep counter in DOM: ${repLat.length} reps (counted ${svc.view().set?.reps ?? 0} of 8), median ${pct(repLat, 50)} ms, max ${repLat[repLat.length - 1]} ms`);
    svc.endSet();

    // ---- 2. renderer heap over 2 simulated hours ----
    const cdp = await page.context().newCDPSession(page);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      return u.usedSize / 1e6;
    };
    const h0 = await heap();
    const simStart = Date.now() + 60_000;
    const SIM_S = 7200;
    const PER_WALL_S = 100;
    const heaps: string[] = [`0 h ${h0.toFixed(1)} MB`];
    const wall0 = Date.now();
    for (let s = 0; s < SIM_S; s++) {
      const t = simStart + s * 1000;
      // A 60 s set every 3 minutes.
      if (s % 180 === 0) {
        if (svc.view().current === null) svc.repeat();
        svc.startSet();
      }
      if (s % 180 === 60) svc.endSet();
      const acc = [];
      for (let k = 0; k < 200; k++) acc.push({ tMs: t + k * 5, x: 0.02, y: 0.01, z: 1 + 0.05 * Math.sin((t + k * 5) / 400) });
      svc.ingest({ type: 'acc', sensorId: 'imu', samples: acc });
      svc.ingest({ type: 'hr', sensorId: 'hr', samples: [{ tMs: t, bpm: 110 + Math.round(30 * Math.sin(s / 300)), contact: true }] });
      svc.ingest({ type: 'rr', sensorId: 'hr', samples: [{ tMs: t, rrMs: 520 + (s % 7) }] });
      if (s % 10 === 9) {
        // Keep pace: 100 simulated seconds per wall second.
        const due = wall0 + ((s + 1) / PER_WALL_S) * 1000;
        await sleep(Math.max(0, due - Date.now()));
      }
      if (s === 3599) heaps.push(`1 h ${(await heap()).toFixed(1)} MB`);
      if (s === SIM_S - 400) {
        // The last 4 wall seconds: how long frames take to paint with a full chart and live data.
        // A string, not a function: tsx would wrap a named inner function in a helper the page lacks.
        await page.evaluate(`(() => {
          window.__frames = [];
          let last = performance.now();
          const end = last + 3000;
          const step = (t) => { window.__frames.push(t - last); last = t; if (t < end) requestAnimationFrame(step); };
          requestAnimationFrame(step);
        })()`);
      }
    }
    if (svc.view().phase === 'set') svc.endSet();
    await sleep(500);
    heaps.push(`2 h ${(await heap()).toFixed(1)} MB`);
    const points = await page.evaluate(() => document.querySelectorAll('.hr-chart canvas').length);
    const frameMs = (await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames.slice(1))).sort((a, b) => a - b);
    const chartWidth = await page.evaluate(() => (document.querySelector('.hr-chart-canvas canvas') as HTMLCanvasElement | null)?.width ?? 0);
    console.log(
      `live paint with a 2-hour chart and frames arriving: ${frameMs.length} animation frames in 3 s, median ${pct(frameMs, 50).toFixed(1)} ms, p99 ${pct(frameMs, 99).toFixed(1)} ms (16.7 ms = 60 fps; headless Chromium, no GPU); chart canvas ${chartWidth} px wide`,
    );
    console.log(`live renderer heap after GC over 2 simulated hours (200 Hz acc + HR, a set every 3 min): ${heaps.join(', ')}; chart canvases ${points}; wall ${((Date.now() - wall0) / 1000).toFixed(0)} s`);
  } finally {
    engine.workout.dispose();
    await browser.close();
    await server.close();
    engine.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
