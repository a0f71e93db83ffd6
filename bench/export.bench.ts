/**
 * Export time and peak memory for a 2-hour session in each format. The session (1 Hz heart
 * rate, RR, 200 Hz raw acceleration, 40 sets) is recorded through the store's writer into a
 * temporary SQLite file, then exported from the store as the CLI does. Exporters are
 * synchronous, so memory is sampled from inside the streams they read (every 500 items) and
 * the sink they write to; PDF's Chromium runs in its own process and is not counted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { exportSession, EXPORT_FORMATS } from '../src/engine/export/exporter';
import { importSessionJsonFile } from '../src/engine/export/import-json';
import { sourceFromStore } from '../src/engine/export/store-port';
import type { SessionSource } from '../src/core/export/source';
import { openStore, type Store } from '../src/engine/store/index';
import { makeFixture } from '../test/core/export/fixture';

const MB = 1024 * 1024;

class MemoryPeak {
  rss = 0;
  heap = 0;
  private n = 0;
  sample(every = 1): void {
    if (++this.n % every !== 0) return;
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heap) this.heap = m.heapUsed;
  }
}

function* watched<T>(items: Iterable<T>, peak: MemoryPeak, every: number): Generator<T> {
  for (const item of items) {
    peak.sample(every);
    yield item;
  }
}

function watchedSource(source: SessionSource, peak: MemoryPeak): SessionSource {
  const acc = source.acc?.bind(source);
  return {
    detail: source.detail,
    ...(source.hrZones ? { hrZones: source.hrZones } : {}),
    heartRate: () => watched(source.heartRate(), peak, 500),
    rr: () => watched(source.rr(), peak, 500),
    ...(acc ? { acc: () => watched(acc(), peak, 5) } : {}),
  };
}

function record(store: Store): number {
  // 8 rounds x 5 exercises, 45 s sets, 135 s rests: 2 hours.
  const fx = makeFixture({ rounds: 8, setS: 45, restS: 135, accHz: 200 });
  const d = fx.detail;
  const w = store.beginSession({ name: d.name, routineName: d.routineName, startedAt: d.startedAt }, { autoFlush: false });
  for (const set of d.sets) {
    const id = w.startSet({ exerciseId: set.exerciseId, side: set.side, order: set.order, startedAt: set.startedAt, target: set.target, loadKg: set.loadKg });
    for (const rep of set.reps) w.addRep(id, rep);
    if (set.endedAt !== null) w.endSet(id, set.endedAt);
  }
  w.flush();
  for (const s of fx.source.heartRate()) w.addHr(s);
  for (const r of fx.source.rr()) w.addRr(r);
  w.flush();
  let n = 0;
  for (const c of fx.source.acc?.() ?? []) {
    w.addAcc(c.sensorId, Array.from({ length: c.count }, (_, i) => ({ tMs: c.tMs[i], x: c.x[i], y: c.y[i], z: c.z[i] })));
    if (++n % 60 === 0) w.flush();
  }
  w.finish(d.endedAt ?? d.startedAt);
  return w.sessionId;
}

export default async function bench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-export-bench-'));
  const store = openStore(path.join(dir, 'data'));
  try {
    const t0 = performance.now();
    const id = record(store);
    const summary = store.getSessionSummary(id);
    const hr = [...store.iterateHeartRate(id)].length;
    const rr = [...store.iterateRr(id)].length;
    let acc = 0;
    for (const c of store.iterateAcc(id)) acc += c.count;
    console.log(
      `session: ${((summary?.durationS ?? 0) / 3600).toFixed(2)} h, ${summary?.setCount} sets, ${hr} HR, ${rr} RR, ${acc} acc samples (200 Hz); recorded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    console.log('format  time (ms)   file size     peak heapUsed   peak RSS   (baseline heap / RSS before)');
    for (const format of EXPORT_FORMATS) {
      const base = sourceFromStore(store, id);
      if (!base) throw new Error('session missing');
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage();
      const peak = new MemoryPeak();
      peak.sample();
      const start = performance.now();
      const { files } = await exportSession(watchedSource(base, peak), format, path.join(dir, 'out', format) + path.sep);
      peak.sample();
      const ms = performance.now() - start;
      const bytes = files.reduce((n, f) => n + f.bytes, 0);
      console.log(
        `${format.padEnd(6)}  ${ms.toFixed(0).padStart(9)}   ${(bytes / MB).toFixed(2).padStart(7)} MB   ${(peak.heap / MB).toFixed(1).padStart(8)} MB   ${(peak.rss / MB).toFixed(0).padStart(5)} MB   (${(before.heapUsed / MB).toFixed(1)} / ${(before.rss / MB).toFixed(0)} MB)`,
      );
    }
    // Import back, streaming (two passes over the file, the second into the store's writer).
    // The import is synchronous, so process RSS is sampled from a worker thread.
    const jsonFile = fs.readdirSync(path.join(dir, 'out', 'json')).map((f) => path.join(dir, 'out', 'json', f))[0];
    const target = openStore(path.join(dir, 'data2'));
    const sampler = new Worker(
      `const { parentPort } = require('node:worker_threads'); let max = 0;
       const t = setInterval(() => { max = Math.max(max, process.memoryUsage.rss()); }, 2);
       parentPort.on('message', () => { clearInterval(t); parentPort.postMessage(max); });`,
      { eval: true },
    );
    try {
      await new Promise((r) => setTimeout(r, 50));
      const start = performance.now();
      const result = importSessionJsonFile(target, jsonFile);
      const ms = performance.now() - start;
      const heapAfter = process.memoryUsage().heapUsed;
      const rssPeak = await new Promise<number>((resolve) => {
        sampler.once('message', (v: number) => resolve(v));
        sampler.postMessage('stop');
      });
      console.log(
        `import json (streamed): ${ms.toFixed(0)} ms for ${result.heartRate} HR, ${result.rr} RR, ${result.accSamples} acc samples; peak RSS ${(rssPeak / MB).toFixed(0)} MB, heapUsed after ${(heapAfter / MB).toFixed(0)} MB`,
      );
    } finally {
      await sampler.terminate();
      target.close();
    }
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
