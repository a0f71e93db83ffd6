#!/usr/bin/env node
// Builds the command line into out-cli (`npm run build` runs it; bin/setbeat.mjs runs it when
// the build is missing or older than the sources). Not in out/: the CLI is no part of the app,
// its installers or its security scan. One ES module per command (code splitting),
// so `setbeat --help` loads a few kilobytes and each command only what it uses; packages stay
// in node_modules (better-sqlite3 and noble are native, and loading them lazily is the point).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = path.join(root, 'out-cli');

export async function buildCli({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  fs.rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      setbeat: 'src/engine/cli/main.ts',
      // bt-process.ts forks child-main.js from the folder its own code sits in (out-cli).
      'child-main': 'src/engine/bluetooth/child-main.ts',
      // detection/pipe.ts starts detect-worker.js from the folder its own code sits in (out-cli).
      'detect-worker': 'src/engine/detection/worker.ts',
    },
    outdir: CLI_OUT_DIR,
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  await buildCli();
  console.log(`CLI built into ${path.relative(root, CLI_OUT_DIR)} in ${Math.round(performance.now() - t0)} ms`);
}
