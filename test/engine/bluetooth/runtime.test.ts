/** Which executable hosts the Bluetooth child process. */
import { describe, expect, it } from 'vitest';
import { chooseBluetoothRuntime, type RuntimeContext } from '../../../src/engine/bluetooth/runtime';

const base: RuntimeContext = {
  env: {},
  platform: 'linux',
  uid: 1000,
  execPath: '/opt/SetBeat/setbeat',
  electron: '45.5.0',
  which: (n) => (n === 'node' ? '/usr/bin/node' : null),
};

describe('Bluetooth runtime choice', () => {
  it('honours SETBEAT_BT_NODE first', () => {
    const r = chooseBluetoothRuntime({ ...base, env: { SETBEAT_BT_NODE: '/home/me/node-with-cap' } }, false);
    expect(r.execPath).toBe('/home/me/node-with-cap');
  });
  it("prefers SetBeat's own Node copy on Linux when it exists, over the system node", () => {
    const r = chooseBluetoothRuntime({ ...base, dedicatedNode: '/home/me/.local/lib/setbeat/node' }, false);
    expect(r).toMatchObject({ execPath: '/home/me/.local/lib/setbeat/node', env: {} });
    expect(chooseBluetoothRuntime({ ...base, dedicatedNode: '/home/me/.local/lib/setbeat/node', env: { SETBEAT_BT_NODE: '/x/node' } }, false).execPath).toBe('/x/node');
    expect(chooseBluetoothRuntime({ ...base, dedicatedNode: '/home/me/.local/lib/setbeat/node', uid: 0 }, false).execPath).toBe('/opt/SetBeat/setbeat');
  });
  it('uses the system node on Linux when not root (it, not Electron, carries CAP_NET_RAW)', () => {
    const r = chooseBluetoothRuntime(base, false);
    expect(r).toMatchObject({ execPath: '/usr/bin/node', env: {} });
    expect(r.why).toMatch(/CAP_NET_RAW/);
  });
  it('runs Electron as Node when there is no system node, or as root, or off Linux', () => {
    expect(chooseBluetoothRuntime({ ...base, which: () => null }, false)).toMatchObject({ execPath: '/opt/SetBeat/setbeat', env: { ELECTRON_RUN_AS_NODE: '1' } });
    expect(chooseBluetoothRuntime({ ...base, uid: 0 }, false).execPath).toBe('/opt/SetBeat/setbeat');
    expect(chooseBluetoothRuntime({ ...base, platform: 'darwin', uid: 501 }, false).env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(chooseBluetoothRuntime({ ...base, platform: 'win32', uid: undefined, electron: undefined }, false)).toMatchObject({ execPath: '/opt/SetBeat/setbeat', env: {} });
  });
  it('adds the tsx loader only for a TypeScript entry', () => {
    expect(chooseBluetoothRuntime(base, true, 'file:///x/tsx/loader.mjs').execArgv).toEqual(['--import', 'file:///x/tsx/loader.mjs']);
    expect(chooseBluetoothRuntime(base, false, 'file:///x/tsx/loader.mjs').execArgv).toEqual([]);
  });
});
