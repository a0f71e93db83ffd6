#!/usr/bin/env node
// `npm test`'s first step: type check, lint and build side by side instead of one after the
// other (each is mostly one busy core; together they take about as long as the slowest one on
// a 2-core machine). Each one's output is printed whole when it ends, so nothing interleaves.
// Exits non-zero if any failed, so the tests do not run on a broken tree.
import { spawn } from 'node:child_process';

const STEPS = [
  ['type check', ['run', '-s', 'typecheck']],
  ['lint', ['run', '-s', 'lint']],
  ['build', ['run', '-s', 'build']],
];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run([name, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks = [];
    const child = spawn(npm, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (err) => chunks.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code, signal) => {
      const out = Buffer.concat(chunks).toString('utf8');
      const ok = code === 0;
      if (out.trim()) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
      const why = ok ? 'ok' : signal ? `killed by ${signal}` : `failed (exit ${code})`;
      console.log(`${name}: ${why} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(ok);
    });
  });
}

const results = await Promise.all(STEPS.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
