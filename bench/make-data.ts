/**
 * Writes the benches' input files, deterministically (a seeded synthetic squat session repeated),
 * so no big file is ever committed: `tsx bench/make-data.ts DIR HOURS` writes DIR/hours-H.acc.csv
 * (`t,ax,ay,az`, `%.3f,%.4f,%.4f,%.4f`, 200 Hz) and DIR/hours-H.hr.csv (`t,bpm`, 1 Hz).
 * An existing file of the right size is reused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { synthesize } from '../test/core/reps/synthetic';

const RATE_HZ = 200;

export interface BenchFiles {
  acc: string;
  hr: string;
  samples: number;
}

export function makeBenchData(dir: string, hours: number): BenchFiles {
  fs.mkdirSync(dir, { recursive: true });
  const tag = `hours-${hours}`;
  const acc = path.join(dir, `${tag}.acc.csv`);
  const hr = path.join(dir, `${tag}.hr.csv`);
  const samples = Math.round(hours * 3600 * RATE_HZ);
  const done = path.join(dir, `${tag}.done`);
  if (fs.existsSync(done) && fs.existsSync(acc) && fs.existsSync(hr)) return { acc, hr, samples };
  // Five minutes (40 squats, a minute's rest) repeated; t is the sample index / 200 so the file
  // is exactly `samples` lines long whatever the jitter of the synthetic clock.
  const base = synthesize({ movement: 'squat', placement: 'chest', reps: 40, rateHz: RATE_HZ, seed: 1, restS: 60 }).samples;
  const fd = fs.openSync(acc, 'w');
  try {
    fs.writeSync(fd, 't,ax,ay,az\n');
    const lines: string[] = [];
    for (let i = 0; i < samples; i++) {
      const s = base[i % base.length];
      lines.push(`${(i / RATE_HZ).toFixed(3)},${s.x.toFixed(4)},${s.y.toFixed(4)},${s.z.toFixed(4)}`);
      if (lines.length === 50_000) {
        fs.writeSync(fd, lines.join('\n') + '\n');
        lines.length = 0;
      }
    }
    if (lines.length) fs.writeSync(fd, lines.join('\n') + '\n');
  } finally {
    fs.closeSync(fd);
  }
  const hrLines = ['t,bpm'];
  for (let t = 0; t < hours * 3600; t++) hrLines.push(`${t},${Math.round(110 + 30 * Math.sin(t / 90))}`);
  fs.writeFileSync(hr, hrLines.join('\n') + '\n');
  fs.writeFileSync(done, '');
  return { acc, hr, samples };
}

const isEntry = process.argv[1] && /make-data\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) {
  const [dir = path.join(import.meta.dirname, 'data'), hours = '1'] = process.argv.slice(2);
  const f = makeBenchData(dir, Number(hours));
  console.log(`${f.acc} (${f.samples} samples), ${f.hr}`);
}
