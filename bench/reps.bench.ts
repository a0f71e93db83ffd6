/**
 * Rep detector throughput and per-sample latency, CSV read rate. Prints figures; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStreamingRepDetector, createMotionSegmenter } from '../src/core/reps/index';
import { readAccCsv } from '../src/engine/io/acc-csv';
import type { AccSample } from '../src/shared/domain';
import { synthesize } from '../test/core/reps/synthetic';

function hourAt200Hz(): AccSample[] {
  // One synthetic 5-minute stretch (squats between rests) repeated to an hour at 200 Hz.
  const base = synthesize({ movement: 'squat', placement: 'chest', reps: 40, rateHz: 200, seed: 1, restS: 60 }).samples;
  const span = base[base.length - 1].t + 1 / 200;
  const out: AccSample[] = [];
  for (let k = 0; out.length < 3600 * 200; k++) for (const s of base) out.push({ t: s.t + k * span, x: s.x, y: s.y, z: s.z });
  out.length = 3600 * 200;
  return out;
}

export default async function run(): Promise<void> {
  const samples = hourAt200Hz();
  console.log(`(load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; figures after a 5-minute warm-up run)`);
  for (const exercise of ['squat', 'calf-raise', 'box-step-off', 'lunge-matrix', 'bench'] as const) {
    const warm = createStreamingRepDetector(exercise);
    for (let i = 0; i < 60_000; i++) warm.push(samples[i]);
    const d = createStreamingRepDetector(exercise);
    const t0 = process.hrtime.bigint();
    let events = 0;
    for (const s of samples) events += d.push(s).length;
    events += d.flush().length;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      `detector ${exercise.padEnd(12)} 1 h of 200 Hz 3-axis (${samples.length} samples) in ${s.toFixed(3)} s: ` +
        `${(samples.length / s / 1e6).toFixed(2)} M samples/s, ${((s / samples.length) * 1e9).toFixed(0)} ns/sample mean, ${d.count} reps, ${events} events`,
    );
  }
  // Per-sample latency distribution (push() wall time), on a slice.
  const d = createStreamingRepDetector('squat');
  const times: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const a = process.hrtime.bigint();
    d.push(samples[i]);
    times.push(Number(process.hrtime.bigint() - a));
  }
  times.sort((a, b) => a - b);
  const q = (p: number): number => times[Math.floor(p * (times.length - 1))];
  console.log(`detector push() latency: p50 ${q(0.5)} ns, p99 ${q(0.99)} ns, max ${(q(1) / 1000).toFixed(1)} us`);

  const seg = createMotionSegmenter();
  const t1 = process.hrtime.bigint();
  for (const s of samples) seg.push(s);
  const ss = Number(process.hrtime.bigint() - t1) / 1e9;
  console.log(`motion segmenter: ${(samples.length / ss / 1e6).toFixed(2)} M samples/s`);

  // CSV read rate: 10 minutes at 200 Hz written to a temporary file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bench-'));
  const file = path.join(dir, 'ten-min.acc.csv');
  const n = 10 * 60 * 200;
  fs.writeFileSync(file, 't,ax,ay,az\n' + samples.slice(0, n).map((s) => `${s.t.toFixed(4)},${s.x.toFixed(4)},${s.y.toFixed(4)},${s.z.toFixed(4)}`).join('\n') + '\n');
  const size = fs.statSync(file).size;
  const t2 = process.hrtime.bigint();
  let read = 0;
  for await (const _ of readAccCsv(file)) read++;
  const rs = Number(process.hrtime.bigint() - t2) / 1e9;
  console.log(`CSV read: ${read} rows (${(size / 1e6).toFixed(1)} MB) in ${rs.toFixed(3)} s: ${(read / rs / 1e6).toFixed(2)} M rows/s, ${(size / rs / 1e6).toFixed(0)} MB/s`);
  const t3 = process.hrtime.bigint();
  let rows = 0;
  for await (const batch of readAccCsv(file).batches()) rows += batch.length;
  const bs = Number(process.hrtime.bigint() - t3) / 1e9;
  console.log(`CSV read in batches: ${rows} rows in ${bs.toFixed(3)} s: ${(rows / bs / 1e6).toFixed(2)} M rows/s`);
  const t4 = process.hrtime.bigint();
  let packed = 0;
  for await (const batch of readAccCsv(file).packed()) packed += batch.count;
  const ps = Number(process.hrtime.bigint() - t4) / 1e9;
  console.log(`CSV read packed (no object per sample): ${packed} rows in ${ps.toFixed(3)} s: ${(packed / ps / 1e6).toFixed(2)} M rows/s`);
  fs.rmSync(dir, { recursive: true, force: true });
}
