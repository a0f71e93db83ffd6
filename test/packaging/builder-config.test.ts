/**
 * electron-builder.yml, checked without building (no Electron download here): loaded and
 * validated by electron-builder's own code against its JSON schema (app-builder-lib/scheme.json),
 * every file it names exists, the fuses and the macOS Bluetooth description are set, the
 * bundles are packed, and every native module (with what it loads at run time) is unpacked.
 */
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { chooseBluetoothRuntime } from '../../src/engine/bluetooth/runtime';
import { moduleLoads, packageOf } from '../helpers/module-imports';

const ROOT = path.resolve('.');
const CONFIG_FILE = 'electron-builder.yml';

async function loadConfig(): Promise<Configuration> {
  return getConfig(ROOT, CONFIG_FILE, null);
}

/** Glob patterns of a file set, as written or as getConfig normalises them ([{ filter: [...] }]). */
function patterns(value: unknown): string[] {
  const list: unknown[] = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((v) => {
    if (typeof v === 'string') return [v];
    const filter = (v as { filter?: string | string[] }).filter;
    return filter === undefined ? [] : Array.isArray(filter) ? filter : [filter];
  });
}

/** electron-builder's file-set rule: a path is in when the last pattern that matches it includes it. */
function selected(rel: string, globs: string[]): boolean {
  let inside = false;
  for (const g of globs) {
    const negated = g.startsWith('!');
    if (minimatch(rel, negated ? g.slice(1) : g, { dot: true })) inside = !negated;
  }
  return inside;
}

function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${file} is a PNG`).toBe(true);
  expect(b.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Keys set to <true/> in an XML property list (the entitlement files are flat dicts). */
function plistTrueKeys(file: string): string[] {
  const xml = fs.readFileSync(file, 'utf8');
  expect(xml).toMatch(/<plist version="1\.0">\s*<dict>[\s\S]*<\/dict>\s*<\/plist>\s*$/);
  const keys = [...xml.matchAll(/<key>([^<]+)<\/key>\s*<(true|false)\/>/g)];
  const all = [...xml.matchAll(/<key>/g)].length;
  expect(keys.length, `every key in ${file} has a boolean value`).toBe(all);
  return keys.filter((m) => m[2] === 'true').map((m) => m[1]);
}

/**
 * Packages a module really loads at run time: bare require() calls in its shipped .js files
 * (tests and examples left out), followed from package to package. Declared dependencies
 * would drag in build tools (node-gyp) that never load.
 */
function runtimeClosure(...starts: string[]): Map<string, string> {
  const req = createRequire(path.join(ROOT, 'package.json'));
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const found = new Map<string, string>();
  const queue: { name: string; from: string }[] = starts.map((name) => ({ name, from: ROOT }));
  while (queue.length) {
    const { name, from } = queue.shift() as { name: string; from: string };
    let pkgJson: string;
    try {
      pkgJson = createRequire(path.join(from, 'noop.js')).resolve(`${name}/package.json`);
    } catch {
      try {
        pkgJson = req.resolve(`${name}/package.json`);
      } catch {
        continue; // optional and not installed here (e.g. a platform binding)
      }
    }
    const dir = path.dirname(pkgJson);
    if (found.has(dir)) continue;
    found.set(dir, name);
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        // Command-line entries (node-gyp-build's bin.js, bin/) only run at install time.
        if (['node_modules', 'test', 'tests', 'examples', 'example', 'build', 'docs', 'bin'].includes(e.name)) continue;
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(c?js)$/.test(e.name) && !['bin.js', 'cli.js'].includes(e.name)) files.push(p);
      }
    };
    walk(dir);
    for (const f of files) for (const pkg of bareImports(fs.readFileSync(f, 'utf8'), builtins)) queue.push({ name: pkg, from: dir });
  }
  return found;
}

/** Package names a CommonJS or ES module file loads: require('x'), import ... from 'x', import('x'). */
function bareImports(source: string, builtins: Set<string>): string[] {
  const specs = [
    ...source.matchAll(/require\s*\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g),
    ...source.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"./][^'"]*)['"]/gm),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g),
  ].map((m) => m[1]);
  const pkgs = specs.map((spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]));
  return pkgs.filter((pkg, i) => !builtins.has(specs[i]) && !builtins.has(pkg));
}

function nodeFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.node')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder schema, by electron-builder own validator', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The validator is real: a misspelt key or a wrong type is refused.
    await expect(validateConfiguration({ ...config, mac: { ...config.mac, hardenedRuntim: true } as Configuration['mac'] }, new DebugLogger(false))).rejects.toThrow(/configuration\.mac/);
    await expect(validateConfiguration({ ...config, asar: 'yes' as unknown as boolean }, new DebugLogger(false))).rejects.toThrow(/asar/);
  });

  it('names only files that exist: icon (512x512 PNG), entitlements, install script', async () => {
    const config = await loadConfig();
    const named = [config.mac?.icon, config.linux?.icon, config.win?.icon, config.mac?.entitlements, config.mac?.entitlementsInherit, config.deb?.afterInstall, config.afterPack];
    for (const file of named) {
      expect(typeof file, 'every one is set').toBe('string');
      expect(fs.existsSync(path.join(ROOT, file as string)), `${file} exists`).toBe(true);
    }
    expect(pngSize(path.join(ROOT, 'resources/icon.png'))).toEqual({ width: 512, height: 512 });
    const script = fs.readFileSync(path.join(ROOT, config.deb?.afterInstall as string), 'utf8');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain('setcap cap_net_raw+eip');
    expect(fs.statSync(path.join(ROOT, config.deb?.afterInstall as string)).mode & 0o111).not.toBe(0);
  });

  it('builds AppImage and deb, dmg, nsis; never deletes user data on uninstall; never publishes', async () => {
    const config = await loadConfig();
    const names = (t: unknown): string[] => (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : (x as { target: string }).target));
    expect(names(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(names(config.mac?.target)).toEqual(['dmg']);
    expect(names(config.win?.target)).toEqual(['nsis']);
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
    expect(config.publish).toBeNull();
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
  });

  it('macOS: hardened runtime, JIT and Bluetooth entitlements only, Bluetooth usage description', async () => {
    const config = await loadConfig();
    expect(config.mac?.hardenedRuntime).toBe(true);
    const info = config.mac?.extendInfo as Record<string, string>;
    expect(info.NSBluetoothAlwaysUsageDescription.length).toBeGreaterThan(30);
    expect(info.NSBluetoothAlwaysUsageDescription).toMatch(/Bluetooth/);
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(plistTrueKeys(path.join(ROOT, file as string)).sort()).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.device.bluetooth']);
    }
  });

  it('sets the Electron fuses for the packaged app', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('packs the built app and nothing of the sources', async () => {
    const config = await loadConfig();
    const files = patterns(config.files);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    for (const rel of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'package.json', 'resources/icon.png', '.native/electron/better_sqlite3.node']) {
      expect(selected(rel, files), rel).toBe(true);
    }
    for (const rel of ['src/main/index.ts', 'test/cli/doctor.test.ts', 'out/main/index.js.map', 'bench/run.ts', 'node_modules/.bin/tsx']) {
      expect(selected(rel, files), rel).toBe(false);
    }
    for (const [name, flag] of [['dist', ''], ['dist:linux', '--linux'], ['dist:mac', '--mac'], ['dist:win', '--win']] as const) {
      expect(pkg.scripts[name], name).toContain(`electron-builder --config ${CONFIG_FILE}`);
      expect(pkg.scripts[name]).toContain(flag);
      expect(pkg.scripts[name]).toMatch(/^npm run -s build && /);
    }
  });

  it('unpacks every native module, and all that noble loads (the helper may run on a Node that cannot read asar)', async () => {
    const config = await loadConfig();
    const unpack = patterns(config.asarUnpack);
    const rel = (p: string): string => path.relative(ROOT, p).split(path.sep).join('/');
    const packages = runtimeClosure('@abandonware/noble');
    expect([...packages.values()]).toEqual(expect.arrayContaining(['@abandonware/noble', '@abandonware/bluetooth-hci-socket', 'debug', 'ms', 'node-gyp-build', 'usb']));
    for (const dir of packages.keys()) {
      const inside = `${rel(dir)}/package.json`;
      expect(selected(inside, unpack), `${inside} is unpacked`).toBe(true);
    }
    for (const file of nodeFiles(path.join(ROOT, 'node_modules'))) {
      expect(selected(rel(file), unpack), `${rel(file)} is unpacked`).toBe(true);
    }
    expect(selected('.native/electron/better_sqlite3.node', unpack)).toBe(true);
    // The Bluetooth child entry may be run by a system Node, which cannot read app.asar.
    expect(selected('out/main/child-main.js', unpack)).toBe(true);
    expect(selected('out/main/index.js', unpack)).toBe(false);
    // Node-ABI builds stay as they are (the Linux helper runs on the system Node).
    expect(config.npmRebuild).toBe(false);
  });

  it.skipIf(!fs.existsSync(path.join(ROOT, 'out/main/child-main.js')))('unpacks the built Bluetooth child entry, its chunks and every package they import', async () => {
    const config = await loadConfig();
    const unpack = patterns(config.asarUnpack);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const outMain = path.join(ROOT, 'out/main');
    const chunkDir = path.join(outMain, 'chunks');
    const files = [path.join(outMain, 'child-main.js'), ...(fs.existsSync(chunkDir) ? fs.readdirSync(chunkDir).map((f) => path.join(chunkDir, f)) : [])];
    const imported = new Set<string>();
    for (const f of files) {
      expect(selected(path.relative(ROOT, f).split(path.sep).join('/'), unpack), `${f} is unpacked`).toBe(true);
      for (const pkg of bareImports(fs.readFileSync(f, 'utf8'), builtins)) imported.add(pkg);
    }
    // noble is required by name at run time (createRequire), never imported statically.
    const packages = runtimeClosure(...imported, '@abandonware/noble');
    expect([...packages.values()]).toEqual(expect.arrayContaining(['@abandonware/noble', ...imported]));
    for (const dir of packages.keys()) {
      const inside = `${path.relative(ROOT, dir).split(path.sep).join('/')}/package.json`;
      expect(selected(inside, unpack), `${inside} is unpacked`).toBe(true);
    }
  });

  it.skipIf(!fs.existsSync(path.join(ROOT, 'out/main/export-worker.mjs')))('unpacks the built export worker entry and every package it loads', async () => {
    const config = await loadConfig();
    const unpack = patterns(config.asarUnpack);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    // A worker thread starts from a real file: the entry is outside app.asar, and so is all it loads.
    expect(selected('out/main/export-worker.mjs', unpack)).toBe(true);
    const specifiers = moduleLoads(fs.readFileSync(path.join(ROOT, 'out/main/export-worker.mjs'), 'utf8')).specifiers;
    const imported = [...new Set(specifiers.map((s) => packageOf(s, builtins)).filter((p): p is string => p !== null))];
    expect(imported).toContain('better-sqlite3');
    const packages = runtimeClosure(...imported);
    expect([...packages.values()]).toEqual(expect.arrayContaining([...imported, 'bindings']));
    for (const dir of packages.keys()) {
      const inside = `${path.relative(ROOT, dir).split(path.sep).join('/')}/package.json`;
      expect(selected(inside, unpack), `${inside} is unpacked`).toBe(true);
    }
  });

  it('runAsNode off fits the Linux Bluetooth helper: it runs on the system Node, not Electron as Node', () => {
    const runtime = chooseBluetoothRuntime(
      { env: {}, platform: 'linux', uid: 1000, execPath: '/opt/SetBeat/setbeat', electron: '45.5.0', which: (n) => (n === 'node' ? '/usr/bin/node' : null) },
      false,
    );
    expect(runtime.execPath).toBe('/usr/bin/node');
    expect(runtime.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
  });
});
