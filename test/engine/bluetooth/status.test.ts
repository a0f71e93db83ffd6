/** Adapter status: what each way of failing becomes, and the real failure on this machine. */
import { describe, expect, it } from 'vitest';
import { loadRealNoble } from '../../../src/engine/bluetooth/noble-loader';
import { linuxSetcapCommand, statusFromLoadError, statusFromNobleState } from '../../../src/engine/bluetooth/status';

function probeNoble(): 'absent' | 'loads' {
  const r = loadRealNoble();
  return r.ok ? 'loads' : 'absent';
}
const nobleLoadsHere = probeNoble() === 'loads';

describe('adapter status', () => {
  it.skipIf(nobleLoadsHere)('turns the real EAFNOSUPPORT of a machine without Bluetooth into a clear status', () => {
    const r = loadRealNoble('linux');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toMatchObject({ state: 'no-adapter', usable: false, backend: 'noble' });
    expect(r.status.detail).toMatch(/^EAFNOSUPPORT/);
    expect(r.status.message).toMatch(/No Bluetooth adapter/);
    expect(r.status.fix).toMatch(/Demo sensors/);
  });

  it('gives the setcap line on Linux and the permission setting on macOS when unauthorized', () => {
    const linux = statusFromNobleState('unauthorized', 'linux');
    expect(linux).toMatchObject({ state: 'unauthorized', usable: false });
    expect(linux.fix).toContain(linuxSetcapCommand());
    // The capability goes to SetBeat's own copy of Node, never to the Node every script runs on.
    expect(linuxSetcapCommand()).toBe(
      'mkdir -p ~/.local/lib/setbeat && cp "$(readlink -f "$(command -v node)")" ~/.local/lib/setbeat/node && sudo setcap cap_net_raw+eip ~/.local/lib/setbeat/node',
    );
    const mac = statusFromNobleState('unauthorized', 'darwin');
    expect(mac.fix).toMatch(/System Settings.*Bluetooth/);
    // EPERM from the raw socket is the same problem.
    const eperm = statusFromLoadError(Object.assign(new Error('Operation not permitted'), { code: 'EPERM' }), 'linux');
    expect(eperm.state).toBe('unauthorized');
  });

  it('maps unsupported, powered off, busy and transient states', () => {
    expect(statusFromNobleState('unsupported', 'win32')).toMatchObject({ state: 'unsupported', fix: expect.stringMatching(/compatible Bluetooth LE adapter/) });
    expect(statusFromNobleState('poweredOff', 'linux')).toMatchObject({ state: 'powered-off', fix: expect.stringMatching(/bluetoothctl power on/) });
    expect(statusFromNobleState('poweredOn')).toMatchObject({ state: 'ready', usable: true, fix: '' });
    expect(statusFromNobleState('resetting')).toMatchObject({ state: 'starting', usable: false });
    const busy = statusFromLoadError(Object.assign(new Error('bind'), { code: 'EALREADY' }), 'linux');
    expect(busy.fix).toMatch(/bluetoothd|bluetooth\.service/);
    const missing = statusFromLoadError(Object.assign(new Error("Cannot find module 'x'"), { code: 'MODULE_NOT_FOUND' }), 'linux');
    expect(missing.state).toBe('not-installed');
  });
});
