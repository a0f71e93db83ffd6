/**
 * Loads the built Electron main bundle under plain Node with the stand-in `electron` module
 * (test/stubs) and returns what it recorded: windows, handlers, session and app hooks.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MAIN_BUNDLE = path.resolve('out/main/index.js');
export const HAS_MAIN_BUNDLE = fs.existsSync(MAIN_BUNDLE);

/** Runs the bundle on a fresh data folder; `log` is the log file it left there (null: none). */
export function runMainBundle<Report>(): { report: Report; stdout: string; log: string | null } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-main-bundle-'));
  try {
    const stdout = execFileSync(process.execPath, ['--import', path.resolve('test/stubs/register-electron-stub.mjs'), MAIN_BUNDLE], {
      env: { ...process.env, SETBEAT_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    const line = stdout.split('\n').find((l) => l.startsWith('SMOKE-REPORT '));
    if (!line) throw new Error(`the main bundle printed no report:\n${stdout}`);
    const logFile = path.join(dataDir, 'logs', 'setbeat.log');
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : null;
    return { report: JSON.parse(line.slice('SMOKE-REPORT '.length)) as Report, stdout, log };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
