/**
 * The command line end to end (issue 14), each figure beside its reference measured in the
 * same run: start-up to `--help` against `node -e 0`; `reps` on an hour of 200 Hz against
 * the numpy + scipy script (bench/reference_reps.py); `import` of two hours against a naive
 * one-row-a-sample SQLite insert (bench/reference_import.py). Time is wall clock, peak memory
 * is the child's maximum RSS from /usr/bin/time. The input files are generated (make-data.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBenchData } from './make-data';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const BIN = path.join(root, 'bin', 'setbeat.mjs');
const TIME = '/usr/bin/time';

interface Run {
  wallS: number;
  /** User + system CPU seconds: steadier than wall time on a shared machine. */
  cpuS: number | null;
  peakMb: number | null;
  stdout: string;
}

/** One run of a command: wall time, and peak RSS when /usr/bin/time is there. */
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const hasTime = fs.existsSync(TIME);
  const t0 = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync(TIME, ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const [kb, user, sys] = hasTime ? (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number) : [NaN, NaN, NaN];
  return { wallS, cpuS: Number.isFinite(user + sys) ? user + sys : null, peakMb: Number.isFinite(kb) ? kb / 1024 : null, stdout: r.stdout };
}

/** The median of n runs by wall time (the machine is shared: one run says little). */
function median(n: number, cmd: string, args: string[], before?: () => void): Run {
  const runs: Run[] = [];
  for (let i = 0; i < n; i++) {
    before?.();
    runs.push(measure(cmd, args));
  }
  runs.sort((a, b) => a.wallS - b.wallS);
  return runs[Math.floor(runs.length / 2)];
}

function fmt(r: Run): string {
  const cpu = r.cpuS === null ? '' : ` (${r.cpuS.toFixed(2)} s CPU)`;
  return `${r.wallS.toFixed(3)} s${cpu}, ${r.peakMb === null ? '? MB' : `${r.peakMb.toFixed(0)} MB`} peak`;
}

/** "N.NNx" by wall time, and by CPU time when both are known. */
function ratio(a: Run, b: Run): string {
  const cpu = a.cpuS && b.cpuS ? ` (CPU ${(a.cpuS / b.cpuS).toFixed(2)}x)` : '';
  return `${(a.wallS / b.wallS).toFixed(2)}x${cpu}`;
}

function hasPythonWith(mods: string): boolean {
  return spawnSync('python3', ['-c', `import ${mods}`]).status === 0;
}

export default async function run(): Promise<void> {
  const dataDir = path.join(os.tmpdir(), 'setbeat-bench-data');
  const one = makeBenchData(dataDir, 1);
  const two = makeBenchData(dataDir, 2);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bench-cli-'));
  console.log(`(load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; medians of runs in turn with their reference)`);
  try {
    measure(process.execPath, [BIN, '--help']); // builds out/cli when missing or stale

    const help = median(7, process.execPath, [BIN, '--help']);
    const bare = median(7, process.execPath, ['-e', '0']);
    console.log(`--help: ${fmt(help)}   | node -e 0: ${fmt(bare)}   (bar: 0.25 s)`);

    const reps = median(3, process.execPath, [BIN, 'reps', one.acc, '--exercise', 'squat', '--json']);
    const count = (JSON.parse(reps.stdout) as { count: number }).count;
    const reps2 = measure(process.execPath, [BIN, 'reps', two.acc, '--exercise', 'squat', '--json']);
    if (hasPythonWith('numpy, scipy')) {
      const ref = median(3, 'python3', [path.join(here, 'reference_reps.py'), one.acc]);
      console.log(
        `reps 1 h 200 Hz (${one.samples} lines, ${count} reps): ${fmt(reps)}   | numpy+scipy: ${fmt(ref)}   ` +
          `-> ${ratio(ref, reps)} faster (bar: 3x, <100 MB)`,
      );
    } else {
      console.log(`reps 1 h 200 Hz: ${fmt(reps)}   | numpy+scipy: skipped (pip install numpy scipy)`);
    }
    console.log(`reps 2 h 200 Hz: ${fmt(reps2)}   (memory does not grow with length)`);
    // The same hour with detection kept on the main thread: what the worker thread buys.
    const oneThread = { ...process.env, SETBEAT_DETECT_WORKER: '0' };
    const reps1t = measure(process.execPath, [BIN, 'reps', one.acc, '--exercise', 'squat', '--json'], oneThread);
    console.log(`reps 1 h 200 Hz in one thread (SETBEAT_DETECT_WORKER=0, one run): ${fmt(reps1t)}`);

    const dbDir = path.join(work, 'db');
    const fresh = (): void => fs.rmSync(dbDir, { recursive: true, force: true });
    const imp = median(3, process.execPath, [BIN, 'import', two.acc, '--exercise', 'squat', '--hr', two.hr, '--data-dir', dbDir, '--json'], fresh);
    const dbBytes = fs.readdirSync(dbDir).filter((f) => f.startsWith('setbeat.db')).reduce((n, f) => n + fs.statSync(path.join(dbDir, f)).size, 0);
    if (hasPythonWith('sqlite3')) {
      const refDb = path.join(work, 'naive.sqlite');
      const ref = median(3, 'python3', [path.join(here, 'reference_import.py'), two.acc, refDb]);
      console.log(
        `import 2 h 200 Hz + HR: ${fmt(imp)}, database ${(dbBytes / 1e6).toFixed(1)} MB   | naive sqlite3 insert: ${fmt(ref)}, ` +
          `${(fs.statSync(refDb).size / 1e6).toFixed(1)} MB   -> ${ratio(imp, ref)} its time (bar: 0.75x, 150 MB, 30 MB)`,
      );
    } else {
      console.log(`import 2 h 200 Hz + HR: ${fmt(imp)}, database ${(dbBytes / 1e6).toFixed(1)} MB   | naive insert: skipped (no python3)`);
    }
    fresh();
    const imp1t = measure(process.execPath, [BIN, 'import', two.acc, '--exercise', 'squat', '--hr', two.hr, '--data-dir', dbDir, '--json'], { ...process.env, SETBEAT_DETECT_WORKER: '0' });
    console.log(`import 2 h 200 Hz + HR in one thread (SETBEAT_DETECT_WORKER=0, one run): ${fmt(imp1t)}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
