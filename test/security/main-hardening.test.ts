/**
 * What the built main process does to keep the page in its box, observed through the stand-in
 * electron module (test/stubs): sandbox for every renderer, device picks (Web Bluetooth, HID,
 * serial, USB) refused rather than left to Electron's "first device" default, and pop-ups and
 * <webview> refused on any web contents, not only the main window's.
 */
import { describe, expect, it } from 'vitest';
import { HAS_MAIN_BUNDLE, runMainBundle } from '../helpers/main-bundle';

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

describe.skipIf(!HAS_MAIN_BUNDLE)('main process hardening (built bundle)', () => {
  it('sandboxes all renderers, refuses every device pick and locks down stray web contents', () => {
    const { report } = runMainBundle<Report>();
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
  });
});
