/** Starting Bluetooth on this machine (no radio: Demo sensors) and remembering sensors in the real SQLite store. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBluetooth } from '../../../src/engine/bluetooth/start';
import { settledStatus } from '../../../src/engine/bluetooth/settled';
import { storeDeviceMemory } from '../../../src/engine/bluetooth/device-memory';
import { loadRealNoble } from '../../../src/engine/bluetooth/noble-loader';
import { DEMO_IDS } from '../../../src/engine/bluetooth/sim/factory';
import { openStore } from '../../../src/engine/store/index';
import type { DeviceManager } from '../../../src/engine/bluetooth/device-manager';

const nobleLoadsHere = loadRealNoble().ok;

function connectedOnce(m: DeviceManager, id: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${id} did not connect`)), timeoutMs);
    m.on('connected', (d) => {
      if (d.id !== id) return;
      clearTimeout(t);
      resolve();
    });
  });
}

describe('startBluetooth', () => {
  it.skipIf(nobleLoadsHere)('falls back to the Demo sensors here and keeps the reason', async () => {
    const { manager, radio, usingDemo } = await startBluetooth({ settleMs: 10_000 });
    try {
      expect(usingDemo).toBe(true);
      expect(radio).toMatchObject({ state: 'no-adapter', usable: false });
      expect(radio?.detail).toMatch(/EAFNOSUPPORT/);
      expect(await settledStatus(manager, 15_000)).toMatchObject({ state: 'demo', usable: true });
    } finally {
      await manager.close();
    }
  });

  it('remembers a connected sensor in the SQLite store and reconnects it in the next run by itself', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bt-store-'));
    const devices = [{ kind: 'hr-strap' as const, id: DEMO_IDS.strap, name: 'Demo HR strap' }];
    let store = openStore(dir);
    try {
      const first = await startBluetooth({ demo: true, memory: storeDeviceMemory(store), sim: { devices } });
      try {
        const seen = new Promise<void>((r) => first.manager.on('device-found', (d) => d.id === DEMO_IDS.strap && r()));
        await first.manager.startScan();
        await seen;
        await first.manager.connect(DEMO_IDS.strap);
      } finally {
        await first.manager.close();
      }
      expect(store.listDevices()).toMatchObject([{ id: DEMO_IDS.strap, name: 'Demo HR strap', kind: 'hr-strap', manufacturer: 'SetBeat Demo' }]);
      store.close();

      // A new run on the same file: nobody calls connect.
      store = openStore(dir);
      const second = await startBluetooth({ demo: true, memory: storeDeviceMemory(store), sim: { devices } });
      try {
        expect(second.manager.list()).toMatchObject([{ id: DEMO_IDS.strap, remembered: true }]);
        await connectedOnce(second.manager, DEMO_IDS.strap);
        await second.manager.forget(DEMO_IDS.strap);
        expect(store.listDevices()).toEqual([]);
      } finally {
        await second.manager.close();
      }
    } finally {
      store.close();
    }
  });
});
