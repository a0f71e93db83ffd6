/**
 * Fault: two SetBeat instances at once on the same data folder.
 * - Electron (the built main bundle under the stand-in electron of test/stubs): the second
 *   launch is refused the single-instance lock and quits before it opens anything; the first,
 *   told of the second launch, brings its window to the front.
 * - Web mode (the real `src/engine/web/start.ts` processes): the second is refused with a
 *   message naming the first and its address, before it opens the database. A SIGKILLed first
 *   leaves no stale lock: the next start works at once.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/create';
import { acquireInstanceLock, InstanceLockedError } from '../../src/engine/instance-lock';
import { recordFault } from './report';

const MAIN_BUNDLE = path.resolve('out/main/index.js');
const STUB = path.resolve('test/stubs/register-electron-stub.mjs');

const dirs: string[] = [];
const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-two-'));
  dirs.push(d);
  return d;
}

interface StubReport {
  windows: unknown[];
  singleInstance: boolean;
  lockGranted?: boolean;
  quit?: boolean;
  secondInstanceFocused?: boolean;
}

function runMain(dataDir: string, lockHeld: boolean): StubReport {
  const out = execFileSync(process.execPath, ['--import', STUB, MAIN_BUNDLE], {
    env: { ...process.env, SETBEAT_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '', SETBEAT_STUB_LOCK_HELD: lockHeld ? '1' : '' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const line = out.split('\n').find((l) => l.startsWith('SMOKE-REPORT '));
  if (!line) throw new Error(`no report from the main bundle:\n${out}`);
  return JSON.parse(line.slice('SMOKE-REPORT '.length)) as StubReport;
}

/** Starts web mode; resolves with its first line of output or its exit. */
function startWeb(dataDir: string): Promise<{ proc: ChildProcess; url: string | null; exitCode: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/engine/web/start.ts'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SETBEAT_RENDERER_DIR: tempDir() },
  });
  procs.push(proc);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`web mode neither started nor exited: ${stdout} ${stderr}`)), 30_000);
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /SetBeat is running at (\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], exitCode: null, stderr });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ proc, url: null, exitCode: code, stderr });
    });
  });
}

describe('fault: two instances at once', () => {
  it.skipIf(!fs.existsSync(MAIN_BUNDLE))('Electron: the second launch quits before opening anything; the first comes to the front', () => {
    const dataDir = tempDir();
    const first = runMain(dataDir, false);
    expect(first.lockGranted).toBe(true);
    expect(first.windows).toHaveLength(1);
    expect(first.secondInstanceFocused).toBe(true);

    const secondDir = tempDir();
    const second = runMain(secondDir, true);
    expect(second.lockGranted).toBe(false);
    expect(second.quit).toBe(true);
    expect(second.windows).toHaveLength(0);
    // It opened no database: nothing was created in its data folder.
    expect(fs.readdirSync(secondDir)).toEqual([]);
    recordFault({
      id: 'two-instances-electron',
      fault: 'A second Electron instance is launched',
      expected: 'the second is refused the single-instance lock and quits without opening the database; the first brings its window to the front',
      happened: `second: lock ${second.lockGranted ? 'granted' : 'refused'}, quit ${String(second.quit)}, ${second.windows.length} windows, data folder untouched; first: window focused on second-instance ${String(first.secondInstanceFocused)}`,
      samples: {},
      passed: true,
    });
  }, 60_000);

  it('web mode: a second server on the same folder is refused, naming the first; no stale lock after a SIGKILL', async () => {
    const dataDir = tempDir();
    const first = await startWeb(dataDir);
    expect(first.url, first.stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const second = await startWeb(dataDir);
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toMatch(/already recording into/);
    expect(second.stderr).toContain(`process ${first.proc.pid}`);
    expect(second.stderr).toContain(first.url!.split('?')[0]);
    // In this process too (the engine's own lock, as the app beside a web server would take it).
    let inProcess = '';
    try {
      acquireInstanceLock(dataDir, { transport: 'electron' }).release();
    } catch (err) {
      if (err instanceof InstanceLockedError) inProcess = err.message;
    }
    expect(inProcess).toMatch(/SetBeat in web mode/);
    // The app's engine on the same folder: it opens no database and says why.
    const app = createEngine({ dataDir, transport: 'electron' });
    const info = app.info();
    await app.close();
    expect(info.databaseState).toBe('unavailable');
    expect(info.databaseProblem).toMatch(/SetBeat in web mode \(process \d+.*is already recording into/);

    first.proc.kill('SIGKILL');
    await new Promise<void>((r) => (first.proc.exitCode !== null || first.proc.signalCode !== null ? r() : first.proc.once('exit', () => r())));
    const third = await startWeb(dataDir);
    expect(third.url, third.stderr).toMatch(/^http:\/\//);
    third.proc.kill('SIGTERM');
    recordFault({
      id: 'two-instances-web',
      fault: 'A second web-mode server, or the app, on the data folder a web server records into',
      expected: 'refused before opening the database, with a message naming the running one and its address; a killed first instance leaves no stale lock',
      happened: `second exited ${second.exitCode}: "${second.stderr.trim().replace(dataDir, '<data>').slice(0, 200)}"; the app's engine on that folder opened no database: "${(info.databaseProblem ?? '').replace(dataDir, '<data>').slice(0, 120)}"; after SIGKILL of the first a new one started at once`,
      samples: {},
      passed: true,
    });
  }, 90_000);
});
