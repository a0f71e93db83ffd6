/**
 * Issue 17 item 1: how late a 50 Hz timer on the engine's event loop gets while the largest
 * export runs (two hours of 200 Hz acceleration as JSON), in the engine's thread, on the
 * export worker run from sources (web mode) and on the worker the Electron build emits
 * (out/main/export-worker.mjs, after `npm run build`). Prints the idle machine's own lateness
 * for comparison.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportSession } from '../src/engine/export/exporter';
import { runExportJob } from '../src/engine/export/export-off-thread';
import { sourceFromStore } from '../src/engine/export/store-port';
import { openStore } from '../src/engine/store/index';

const T0 = Date.UTC(2026, 10, 20, 17, 30);

async function lateness(work: () => Promise<unknown>): Promise<{ worst: number; ms: number }> {
  const start = performance.now();
  let last = start;
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 20);
    last = now;
  }, 20);
  await work();
  const end = performance.now();
  clearInterval(timer);
  // A loop blocked to the end never ran the timer: its lateness is the whole wait.
  worst = Math.max(worst, end - last - 20);
  return { worst, ms: end - start };
}

export default async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bench-export-thread-'));
  try {
    const store = openStore(dir);
    const w = store.beginSession({ name: 'bench', startedAt: T0 }, { autoFlush: false });
    for (let i = 0; i < 2 * 3600 * 200; i += 1000) {
      w.addAcc('imu', Array.from({ length: 1000 }, (_, k) => ({ tMs: T0 + (i + k) * 5, x: Math.sin((i + k) / 40), y: 0, z: 1 })));
      if (i % 200_000 === 0) w.flush();
    }
    for (let s = 0; s < 7200; s++) w.addHr({ tMs: T0 + s * 1000, bpm: 100, contact: true });
    w.finish(T0 + 7_200_000);
    const id = w.sessionId;
    const idle = await lateness(() => new Promise((r) => setTimeout(r, 3000)));
    const source = sourceFromStore(store, id);
    if (!source) throw new Error('no session');
    const inThread = await lateness(() => exportSession(source, 'json', path.join(dir, 'a.json')));
    const worker = await lateness(() => runExportJob(store.path, { kind: 'one', sessionId: id, format: 'json', out: path.join(dir, 'b.json') }));
    const built = path.resolve('out/main/export-worker.mjs');
    const app = fs.existsSync(built)
      ? await lateness(() => runExportJob(store.path, { kind: 'one', sessionId: id, format: 'json', out: path.join(dir, 'c.json') }, { entry: built }))
      : null;
    store.close();
    console.log(`idle machine:           worst timer lateness ${idle.worst.toFixed(0)} ms`);
    console.log(`json in the engine:     ${inThread.ms.toFixed(0)} ms, worst timer lateness ${inThread.worst.toFixed(0)} ms`);
    console.log(`json on the worker:     ${worker.ms.toFixed(0)} ms, worst timer lateness ${worker.worst.toFixed(0)} ms`);
    if (app) console.log(`json on the app worker: ${app.ms.toFixed(0)} ms, worst timer lateness ${app.worst.toFixed(0)} ms (out/main/export-worker.mjs)`);
    else console.log('json on the app worker: skipped, out/main/export-worker.mjs is not built (npm run build)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
