/**
 * The supervisor runs its child through any launcher (Node's fork, Electron's utilityProcess),
 * and the child entry speaks over a parentPort as a utility process does.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BtProcess } from '../../../src/engine/bluetooth/bt-process';
import { forkLauncher, launcherFor, useElectronChildLauncher, type ChildLauncher, type LaunchSpec } from '../../../src/engine/bluetooth/child-handle';

const here = path.dirname(fileURLToPath(import.meta.url));
let proc: BtProcess | null = null;
afterEach(async () => {
  await proc?.stop();
  proc = null;
  useElectronChildLauncher(null);
});

describe('child launchers', () => {
  it('runs the real child entry over a parentPort and serves requests through a custom launcher', async () => {
    const launched: LaunchSpec[] = [];
    const viaPort: ChildLauncher = (spec) => {
      launched.push(spec);
      return forkLauncher(spec);
    };
    // The fixture is TypeScript, so the supervisor gives it tsx's loader whatever entry it would pick.
    const entry = path.join(here, 'fixtures', 'parent-port-child.ts');
    // A short heartbeat, so a few beats (and more than one timeout) pass in about a second.
    const p = (proc = new BtProcess({ config: { backend: 'simulator' }, entry, launcher: viaPort, heartbeatMs: 100, heartbeatTimeoutMs: 1000 }));
    const ready = new Promise<void>((r) => p.once('ready', () => r()));
    p.start();
    await ready;
    expect(launched).toHaveLength(1);
    expect(launched[0].entry).toBe(entry);
    expect(launched[0].env.SETBEAT_BT_CONFIG).toContain('simulator');
    const status = (await p.request({ op: 'status' }, 10_000)) as { backend?: string };
    expect(status.backend).toBe('simulator');
    // The heartbeat is answered over the port too: no restart over more than a timeout's worth of beats.
    const heard = p.messagesReceived;
    const since = Date.now();
    await vi.waitFor(() => {
      expect(p.messagesReceived - heard).toBeGreaterThanOrEqual(10);
      expect(Date.now() - since).toBeGreaterThan(1300);
    }, { timeout: 20_000, interval: 50 });
    expect(p.restartCount).toBe(0);
  }, 40_000);

  it('uses the Electron launcher only where the child would run as Electron-as-Node', () => {
    const electron: ChildLauncher = () => {
      throw new Error('not here');
    };
    expect(launcherFor({ ELECTRON_RUN_AS_NODE: '1' })).toBe(forkLauncher);
    useElectronChildLauncher(electron);
    expect(launcherFor({ ELECTRON_RUN_AS_NODE: '1' })).toBe(electron);
    expect(launcherFor({})).toBe(forkLauncher);
  });
});
