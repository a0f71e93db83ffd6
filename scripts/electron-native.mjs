#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .native/electron/, beside the Node build that
// tests, web mode and the CLI use. The app loads it through better-sqlite3's `nativeBinding`
// option, so one install serves both runtimes. Never fails `npm install`: it explains instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.native', 'electron');
const say = (line) => console.log(`[setbeat] ${line}`);

/**
 * Electron 45 no longer downloads its program at install time (it would on first use, in the
 * middle of `npm start`): fetch it here, so `npm install` leaves a desktop app that opens.
 */
function ensureElectronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(dir, 'install.js'))) return;
  const pathFile = path.join(dir, 'path.txt');
  if (fs.existsSync(pathFile) && fs.existsSync(path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()))) return;
  say('Downloading the Electron program for the desktop app…');
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'inherit', cwd: dir });
  if (r.status !== 0) say('The Electron download failed; `npm start` will say so. Retry with: node node_modules/electron/install.js');
}

function main() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1' && !process.argv.includes('--force')) {
    say('ELECTRON_SKIP_BINARY_DOWNLOAD=1: skipping the Electron build of better-sqlite3 (web mode, the CLI and tests use the Node build).');
    return 0;
  }
  const electronPkg = path.join(root, 'node_modules', 'electron', 'package.json');
  const sqliteDir = path.join(root, 'node_modules', 'better-sqlite3');
  if (!fs.existsSync(electronPkg) || !fs.existsSync(sqliteDir)) {
    say('Electron or better-sqlite3 is not installed; nothing to build for the desktop app.');
    return 0;
  }
  ensureElectronBinary();
  const electronVersion = JSON.parse(fs.readFileSync(electronPkg, 'utf8')).version;
  const target = path.join(outDir, 'better_sqlite3.node');
  const stamp = path.join(outDir, 'electron-version.txt');
  if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === electronVersion) {
    say(`better-sqlite3 for Electron ${electronVersion} is already built.`);
    return 0;
  }
  // Work on a copy so the Node build in node_modules stays as it is.
  const work = path.join(root, '.native', 'work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
  fs.rmSync(path.join(work, 'build'), { recursive: true, force: true });
  const prebuild = path.join(root, 'node_modules', 'prebuild-install', 'bin.js');
  say(`Fetching better-sqlite3 for Electron ${electronVersion} (${process.platform}-${process.arch})…`);
  const result = spawnSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], {
    cwd: work,
    stdio: 'inherit',
  });
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  if (result.status !== 0) say(`prebuild-install exited with ${result.status}.`);
  if (!fs.existsSync(built)) {
    say('Could not build better-sqlite3 for Electron. The desktop app will say so at start; web mode (`npm run web`) and the CLI still work.');
    say('Retry later with: npm run rebuild:electron');
    return 0;
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(built, target);
  fs.writeFileSync(stamp, electronVersion + '\n');
  fs.rmSync(work, { recursive: true, force: true });
  say(`Built ${path.relative(root, target)} for Electron ${electronVersion}.`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  say(`Skipped the Electron build of better-sqlite3: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 0;
}
