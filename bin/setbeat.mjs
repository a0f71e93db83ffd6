#!/usr/bin/env node
// `npx setbeat <command>` and `npm run -s cli -- <command>`: runs the built CLI (out-cli),
// building it first when it is missing or older than the sources it is built from, so a
// checkout works before `npm run build` and an edited source is never run stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'out-cli', 'setbeat.js');
const sources = ['src/engine', 'src/core', 'src/shared'].map((d) => path.join(root, d));

/** Newest modification time under the source folders (a packaged copy has none: 0). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  sources.forEach(walk);
  return newest;
}

let built = 0;
try {
  built = fs.statSync(entry).mtimeMs;
} catch {
  // not built yet
}
if (built === 0 || newestSource() > built) {
  const { buildCli } = await import(pathToFileURL(path.join(root, 'scripts', 'build-cli.mjs')).href);
  await buildCli({ quiet: true });
}
const { main } = await import(pathToFileURL(entry).href);
await main();
