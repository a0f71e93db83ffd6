/**
 * `npm start` without the Electron program says what is missing and the command that fixes it
 * (electron-vite alone said only "Electron uninstall"); with it, it goes on to the window.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without types
import { electronProblem } from '../../scripts/start.mjs';

const problemOf = electronProblem as (dir: string) => string | null;

function fakeInstall(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-start-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('npm start', () => {
  it('names what is missing and the command that fixes it', () => {
    const none = fakeInstall({});
    expect(problemOf(none)).toMatch(/Electron is not installed.*Run `npm install`/);
    const noBinary = fakeInstall({ 'node_modules/electron/package.json': '{"version":"45.5.0"}' });
    const message = problemOf(noBinary) ?? '';
    expect(message).toMatch(/The Electron 45\.5\.0 program is not downloaded yet/);
    expect(message).toContain('Fix: node node_modules/electron/install.js && npm run rebuild:electron');
    const ready = fakeInstall({
      'node_modules/electron/package.json': '{"version":"45.5.0"}',
      'node_modules/electron/path.txt': 'electron',
      'node_modules/electron/dist/electron': '',
    });
    expect(problemOf(ready)).toBeNull();
    for (const d of [none, noBinary, ready]) fs.rmSync(d, { recursive: true, force: true });
  });

  const hasBinary = problemOf(path.resolve('.')) === null;
  it.skipIf(hasBinary)('exits 1 with that message in this install (no Electron program here)', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('setbeat: cannot open the desktop app.');
    expect(r.stderr).toContain('node node_modules/electron/install.js');
    expect(r.stderr).not.toMatch(/Electron uninstall/);
  });
});
