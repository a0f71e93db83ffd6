/**
 * What the built main process does to keep the page in its box, observed through the stand-in
 * electron module (test/stubs): sandbox for every renderer, device picks (Web Bluetooth, HID,
 * serial, USB) refused rather than left to Electron's "first device" default, and pop-ups and
 * <webview> refused on any web contents, not only the main window's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN_BUNDLE = path.resolve('out/main/index.js');

interface Pick {
  prevented: boolean;
  picked: string | null | undefined;
}
interface Report {
  sandboxAll: boolean;
  devicePermissionHandler: unknown;
  sessionEvents: string[];
  appEvents: string[];
  devicePicks: Record<'bluetooth' | 'hid' | 'serial' | 'usb', Pick | null>;
  strayContents: { windowOpen: unknown; events: string[] };
  windowOpenHandler: unknown;
}

describe.skipIf(!fs.existsSync(MAIN_BUNDLE))('main process hardening (built bundle)', () => {
  it('sandboxes all renderers, refuses every device pick and locks down stray web contents', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-hardening-'));
    try {
      const out = execFileSync(process.execPath, ['--import', path.resolve('test/stubs/register-electron-stub.mjs'), MAIN_BUNDLE], {
        env: { ...process.env, SETBEAT_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      const line = out.split('\n').find((l) => l.startsWith('SMOKE-REPORT '));
      expect(line, out).toBeDefined();
      const report = JSON.parse((line ?? '').slice('SMOKE-REPORT '.length)) as Report;
      expect(report.sandboxAll).toBe(true);
      expect(report.devicePermissionHandler).toBe(false);
      for (const kind of ['bluetooth', 'hid', 'serial', 'usb'] as const) {
        const pick = report.devicePicks[kind];
        expect(pick, `${kind} pick handled`).not.toBeNull();
        expect(pick?.prevented, `${kind}: Electron's default pick prevented`).toBe(true);
        expect([null, ''], `${kind}: nothing chosen`).toContain(pick?.picked);
      }
      expect(report.appEvents).toContain('web-contents-created');
      expect(report.strayContents.windowOpen).toEqual({ action: 'deny' });
      expect(report.strayContents.events).toContain('will-attach-webview');
      expect(report.windowOpenHandler).toEqual({ action: 'deny' });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
