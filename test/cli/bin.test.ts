/**
 * The shipped CLI: bin/setbeat.mjs runs the esbuild output in out-cli (building it when missing
 * or stale), prints what runCli prints, loads a command's module only when that command runs,
 * and ends quietly (exit 0) when its reader goes away.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { COMMANDS } from '../../src/engine/cli/commands/index';

const BIN = path.resolve('bin/setbeat.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bin-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('setbeat bin', () => {
  it('prints the same help as runCli, through the built bundle', async () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe((await runCli(['--help'])).stdout);
    expect(fs.existsSync(path.resolve('out-cli/setbeat.js'))).toBe(true);
  });

  it('lists each command with the summary its own module declares', async () => {
    for (const entry of COMMANDS) {
      const cmd = await entry.load();
      expect(cmd.name).toBe(entry.name);
      expect(cmd.summary).toBe(entry.summary);
    }
  });

  it('loads no package for --help: only Node built-ins and its own small chunks', () => {
    spawnSync(process.execPath, [BIN, '--help']);
    // The static import graph of the entry is what --help loads; commands are dynamic imports.
    const dir = path.resolve('out-cli');
    const seen = new Set<string>();
    const packages: string[] = [];
    let bytes = 0;
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      bytes += text.length;
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)) {
        if (m[1].startsWith('./')) visit(m[1].slice(2));
        else if (!m[1].startsWith('node:')) packages.push(m[1]);
      }
    };
    visit('setbeat.js');
    expect(packages).toEqual([]);
    expect(bytes).toBeLessThan(30_000);
  });

  it('ends with exit 0 and no stack trace when stdout is closed (sessions | head)', async () => {
    const child = spawn(process.execPath, [BIN, 'sessions', '--data-dir', tmp], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away before the command writes: its write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
