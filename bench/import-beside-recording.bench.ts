/**
 * Issue 17 item 1, the import side: a `setbeat import` of a large recording, CSV and then JSON
 * (its own process, as the app has no import of its own) into the data folder of a session
 * that is recording.
 * The recording here is this process: a 50 Hz timer adds 200 Hz acceleration and flushes the
 * writer once a second, as the engine does. Prints the timer's worst lateness and the slowest
 * flush (better-sqlite3 waits synchronously when the import holds the write lock), with no
 * import running and with one.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src/engine/store/index';

const MINUTES = 120;
const HZ = 200;

function writeRecording(file: string): number {
  const out = fs.openSync(file, 'w');
  let lines = 0;
  try {
    fs.writeSync(out, 't,ax,ay,az\n');
    const block: string[] = [];
    for (let i = 0; i < MINUTES * 60 * HZ; i++) {
      const t = i / HZ;
      block.push(`${t.toFixed(3)},${(Math.sin(t * 2) * 0.4).toFixed(4)},0.0100,${(1 + Math.cos(t * 2) * 0.3).toFixed(4)}`);
      if (block.length === 10_000) {
        fs.writeSync(out, block.join('\n') + '\n');
        lines += block.length;
        block.length = 0;
      }
    }
    fs.writeSync(out, block.join('\n') + '\n');
    lines += block.length;
  } finally {
    fs.closeSync(out);
  }
  return lines;
}

/** Records for as long as `during` runs (or `ms`); returns the worst lateness and slowest flush. */
async function record(dataDir: string, during: () => Promise<unknown>): Promise<{ worstLateMs: number; slowestFlushMs: number; flushes: number; failedFlushes: number; ms: number }> {
  const store = openStore(dataDir);
  const t0 = Date.now();
  const w = store.beginSession({ name: 'live', startedAt: t0 }, { autoFlush: false });
  let last = performance.now();
  let worstLateMs = 0;
  let slowestFlushMs = 0;
  let flushes = 0;
  let failedFlushes = 0;
  let sample = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    worstLateMs = Math.max(worstLateMs, now - last - 20);
    last = now;
    w.addAcc('imu', Array.from({ length: 4 }, () => ({ tMs: t0 + sample++ * 5, x: 0, y: 0, z: 1 })));
  }, 20);
  const flush = setInterval(() => {
    const s = performance.now();
    if (!w.flush()) failedFlushes++;
    slowestFlushMs = Math.max(slowestFlushMs, performance.now() - s);
    flushes++;
  }, 1000);
  const start = performance.now();
  try {
    await during();
  } finally {
    clearInterval(tick);
    clearInterval(flush);
    w.finish(Date.now());
    store.close();
  }
  return { worstLateMs, slowestFlushMs, flushes, failedFlushes, ms: performance.now() - start };
}

/** Runs the CLI; resolves with its stdout. */
function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('bin/setbeat.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args[0]} exited ${code}: ${err.trim().split('\n').slice(-2).join(' ')}`))));
  });
}

export default async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bench-import-live-'));
  try {
    const file = path.join(dir, 'big.acc.csv');
    const lines = writeRecording(file);
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(dataDir);
    openStore(dataDir).close();
    const quiet = await record(dataDir, () => new Promise((r) => setTimeout(r, 5000)));
    let imported = 0;
    const csv = await record(dataDir, async () => {
      imported = (JSON.parse(await runCli(['import', file, '--exercise', 'squat', '--data-dir', dataDir, '--json'])) as { id: number }).id;
    });
    // The imported session, exported as JSON (raw samples included) and imported back.
    const json = path.join(dir, 'big.json');
    await runCli(['export', String(imported), '--format', 'json', '--out', json, '--data-dir', dataDir]);
    const back = await record(dataDir, () => runCli(['import', json, '--data-dir', dataDir, '--json']));
    const line = (what: string, r: typeof quiet): string =>
      `${what}: ${(r.ms / 1000).toFixed(1)} s, worst timer lateness ${r.worstLateMs.toFixed(0)} ms, slowest flush ${r.slowestFlushMs.toFixed(0)} ms (${r.flushes} flushes, ${r.failedFlushes} failed)`;
    console.log(line('recording alone          ', quiet));
    console.log(line(`recording + CSV import  `, csv));
    console.log(line(`recording + JSON import `, back));
    console.log(`(the recording: ${(lines / 1e6).toFixed(2)} M samples at ${HZ} Hz; JSON ${(fs.statSync(json).size / 1e6).toFixed(0)} MB)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
