/**
 * Smoke test of the built Electron main bundle, loaded under plain Node with a stand-in
 * `electron` module: it must create one locked-down window and register a handler for every
 * command of the contract.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/shared/contract';
import { SAVE_EXPORT_CHANNEL, SHOW_IN_FOLDER_CHANNEL, commandChannel } from '../../src/shared/bridge';
import { HAS_MAIN_BUNDLE, runMainBundle } from '../helpers/main-bundle';

interface Report {
  windows: { webPreferences: Record<string, unknown> }[];
  handlers: string[];
  singleInstance: boolean;
  permissionHandler: boolean;
  webContentsEvents: string[];
  windowOpenHandler: { action: string };
  loaded: string[];
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  appProtocol: Record<string, { status: number; type: string | null }> | null;
  exportAnswer: { ok: boolean; error?: { message: string } } | null;
  workers: string[];
}

describe.skipIf(!HAS_MAIN_BUNDLE)('built main bundle', () => {
  it('creates a secure window and registers every contract command and the save dialog', () => {
    const { report, log } = runMainBundle<Report>();
    expect(report.windows).toHaveLength(1);
    const prefs = report.windows[0].webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(fs.existsSync(String(prefs.preload))).toBe(true);
    // ...and the window's own save dialog and "Show in folder" (issue 16 item 2).
    expect([...report.handlers].sort()).toEqual([...COMMAND_NAMES.map(commandChannel), SAVE_EXPORT_CHANNEL, SHOW_IN_FOLDER_CHANNEL].sort());
    expect(report.singleInstance).toBe(true);
    expect(report.permissionHandler).toBe(true);
    expect(report.webContentsEvents).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
    expect(report.windowOpenHandler).toEqual({ action: 'deny' });
    // The renderer comes from app://, a privileged standard scheme, never file:// (issue 17 item 13).
    expect(report.loaded[0]).toBe('app://setbeat/index.html');
    expect(report.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(report.appProtocol?.['app://setbeat/index.html']).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
    for (const url of ['app://setbeat/../../../../etc/passwd', 'app://setbeat/%2e%2e/main/index.js', 'app://other/index.html']) {
      expect(report.appProtocol?.[url]?.status, url).toBe(404);
    }
    // Exports run on a worker thread from the entry the build emits beside the bundle (issue
    // 17 item 1), never on the main process's thread: the worker opened the empty store and
    // found no session 1 (a worker that could not start would say so instead).
    expect(report.workers).toEqual([path.resolve('out/main/export-worker.mjs')]);
    expect(report.exportAnswer).toMatchObject({ ok: false, error: { message: expect.stringMatching(/There is no session 1\.$/) } });
    // The engine forks the Bluetooth process from the entry beside the main bundle.
    const childEntry = path.resolve('out/main/child-main.js');
    expect(fs.existsSync(childEntry)).toBe(true);
    // Parses as a module (a clash with the bundle's own `require` once broke it).
    execFileSync(process.execPath, ['--check', childEntry]);
    // The bundled engine logs (pino, a synchronous file destination: no worker thread to
    // lose in the bundle) into the data folder's logs/setbeat.log.
    const events = (log ?? '').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event?: string; transport?: string }));
    expect(events.find((e) => e.event === 'engine-start')).toMatchObject({ transport: 'electron' });
    expect(events.map((e) => e.event)).toContain('store-open');
  });
});
