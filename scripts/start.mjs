#!/usr/bin/env node
// `npm start`: checks that the Electron binary is there before electron-vite opens the window,
// so a missing one is said in words with the command that fixes it (electron-vite alone says
// only "Electron uninstall"). Web mode and the CLI need no Electron at all.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What is wrong with the Electron install, or null when the window can open. */
export function electronProblem(dir = root) {
  const pkg = path.join(dir, 'node_modules', 'electron', 'package.json');
  if (!fs.existsSync(pkg)) {
    return 'Electron is not installed (it comes with the development dependencies). Run `npm install` (without --omit=dev), then `npm start` again.';
  }
  const pathFile = path.join(dir, 'node_modules', 'electron', 'path.txt');
  const exe = fs.existsSync(pathFile) ? path.join(dir, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim()) : null;
  if (exe && fs.existsSync(exe)) return null;
  const version = JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
  return [
    `The Electron ${version} program is not downloaded yet (npm install skips it when ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set, or the download failed).`,
    'Fix: node node_modules/electron/install.js && npm run rebuild:electron',
    'Then run `npm start` again. Without a desktop window, `npm run web` runs SetBeat in your browser.',
  ].join('\n');
}

function main() {
  const problem = electronProblem();
  if (problem) {
    process.stderr.write(`setbeat: cannot open the desktop app.\n${problem}\n`);
    return 1;
  }
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [bin, 'preview', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  return r.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
