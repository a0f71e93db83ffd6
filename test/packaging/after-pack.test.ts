/**
 * build/after-pack.mjs on a packaged-app layout: the Electron build of better-sqlite3 replaces
 * the Node build in app.asar.unpacked (Linux/Windows and macOS layouts), and a missing, stale or
 * wrong-architecture build stops packaging with the command that fixes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getConfig } from 'app-builder-lib/out/util/config/config';

const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-afterpack-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Hook = (context: unknown) => Promise<void>;

async function hook(): Promise<Hook> {
  const config = await getConfig(path.resolve('.'), 'electron-builder.yml', null);
  expect(typeof config.afterPack).toBe('string');
  const mod = (await import(path.resolve(config.afterPack as string))) as { default: Hook };
  return mod.default;
}

function layout(name: string, opts: { platform: 'linux' | 'darwin'; native?: string; stamp?: string }) {
  const project = path.join(tmp, name, 'project');
  const appOutDir = path.join(tmp, name, 'out');
  if (opts.native !== undefined) {
    fs.mkdirSync(path.join(project, '.native/electron'), { recursive: true });
    fs.writeFileSync(path.join(project, '.native/electron/better_sqlite3.node'), opts.native);
    fs.writeFileSync(path.join(project, '.native/electron/electron-version.txt'), `${opts.stamp ?? '45.5.0'}\n`);
  }
  const resources = opts.platform === 'darwin' ? path.join(appOutDir, 'SetBeat.app/Contents/Resources') : path.join(appOutDir, 'resources');
  const target = path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, 'node-abi-build');
  const context = (arch = process.arch) => ({
    appOutDir,
    electronPlatformName: opts.platform,
    arch: ARCH_NAMES.indexOf(arch),
    packager: { projectDir: project, appInfo: { productFilename: 'SetBeat' }, info: { framework: { version: '45.5.0' } }, config: {} },
  });
  return { target, context };
}

describe('afterPack hook', () => {
  it('puts the Electron build of better-sqlite3 into the Linux/Windows layout', async () => {
    const { target, context } = layout('linux', { platform: 'linux', native: 'electron-abi-build' });
    await (await hook())(context());
    expect(fs.readFileSync(target, 'utf8')).toBe('electron-abi-build');
  });

  it('and into SetBeat.app on macOS', async () => {
    const { target, context } = layout('mac', { platform: 'darwin', native: 'electron-abi-build-mac' });
    await (await hook())(context());
    expect(fs.readFileSync(target, 'utf8')).toBe('electron-abi-build-mac');
  });

  it('refuses a missing build, one for another Electron, or another architecture, and touches nothing', async () => {
    const run = await hook();
    const missing = layout('missing', { platform: 'linux' });
    await expect(run(missing.context())).rejects.toThrow(/npm run rebuild:electron/);
    const stale = layout('stale', { platform: 'linux', native: 'old', stamp: '44.0.0' });
    await expect(run(stale.context())).rejects.toThrow(/Electron 44\.0\.0.*Electron 45\.5\.0/);
    const other = layout('arch', { platform: 'linux', native: 'x' });
    await expect(run(other.context(process.arch === 'arm64' ? 'x64' : 'arm64'))).rejects.toThrow(/package on a/);
    for (const l of [missing, stale, other]) expect(fs.readFileSync(l.target, 'utf8')).toBe('node-abi-build');
  });
});
