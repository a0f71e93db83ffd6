/**
 * Which file an export worker starts from when the caller names none: running from sources, the
 * build's bundle only while it is newer than every source (else a change would be exported by
 * stale code), otherwise the TypeScript source.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultExportWorkerEntry, exportWorkerEntryIn } from '../../../src/engine/export/export-off-thread';
import { freshBuild, projectRootOf } from '../../../src/engine/built-entry';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A project tree: src/engine/export/export-worker.ts, src/core/x.ts, and out/main's bundle. */
function tree(ages: { source: number; other: number; bundle: number | null }): { root: string; dir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-entry-'));
  made.push(root);
  const dir = path.join(root, 'src', 'engine', 'export');
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(root, 'src', 'core'), { recursive: true });
  const now = Date.now() / 1000;
  const write = (file: string, ageS: number): void => {
    fs.writeFileSync(file, '');
    fs.utimesSync(file, now - ageS, now - ageS);
  };
  write(path.join(dir, 'export-worker.ts'), ages.source);
  write(path.join(root, 'src', 'core', 'x.ts'), ages.other);
  if (ages.bundle !== null) {
    fs.mkdirSync(path.join(root, 'out', 'main'), { recursive: true });
    write(path.join(root, 'out', 'main', 'export-worker.mjs'), ages.bundle);
  }
  return { root, dir };
}

describe('the export worker entry', () => {
  it('is the build bundle when it was written after every source', () => {
    const { root, dir } = tree({ source: 100, other: 50, bundle: 10 });
    expect(exportWorkerEntryIn(dir)).toBe(path.join(root, 'out', 'main', 'export-worker.mjs'));
  });

  it('is the TypeScript source once any source changed after the build, or without a build', () => {
    const stale = tree({ source: 100, other: 5, bundle: 10 });
    expect(exportWorkerEntryIn(stale.dir)).toBe(path.join(stale.dir, 'export-worker.ts'));
    const unbuilt = tree({ source: 100, other: 50, bundle: null });
    expect(exportWorkerEntryIn(unbuilt.dir)).toBe(path.join(unbuilt.dir, 'export-worker.ts'));
  });

  it('is a compiled export-worker.js beside the export code whenever there is one', () => {
    const { dir } = tree({ source: 100, other: 5, bundle: 10 });
    fs.writeFileSync(path.join(dir, 'export-worker.js'), '');
    expect(exportWorkerEntryIn(dir)).toBe(path.join(dir, 'export-worker.js'));
  });

  it('names an existing file for this project', () => {
    expect(fs.existsSync(defaultExportWorkerEntry())).toBe(true);
  });
});

describe('a fresh build', () => {
  it('is found by the project folder above src/, whatever folders are called src above it', () => {
    expect(projectRootOf('/home/a/src/setbeat/src/engine/bluetooth')).toBe('/home/a/src/setbeat');
    expect(projectRootOf('/opt/SetBeat/resources/app.asar/out/main')).toBe(null);
  });

  it('is the built CLI child or worker only until a source changes', () => {
    const { root } = tree({ source: 100, other: 50, bundle: null });
    fs.mkdirSync(path.join(root, 'out-cli'));
    const child = path.join(root, 'out-cli', 'child-main.js');
    fs.writeFileSync(child, '');
    expect(freshBuild(root, path.join('out-cli', 'child-main.js'))).toBe(child);
    expect(freshBuild(root, path.join('out-cli', 'detect-worker.js'))).toBe(null);
    fs.writeFileSync(path.join(root, 'src', 'core', 'y.ts'), '');
    const past = Date.now() / 1000 - 30;
    fs.utimesSync(child, past, past);
    expect(freshBuild(root, path.join('out-cli', 'child-main.js'))).toBe(null);
  });
});
