/**
 * Remembered sensors (reconnected automatically when seen). The SQLite store implements it
 * (storeDeviceMemory); the in-memory one serves tests and the CLI's one-off runs.
 */
import type { DeviceInfo } from '../../shared/domain';

export interface DeviceMemory {
  list(): DeviceInfo[];
  remember(d: DeviceInfo): void;
  forget(id: string): void;
}

export class InMemoryDeviceMemory implements DeviceMemory {
  private readonly devices = new Map<string, DeviceInfo>();
  constructor(initial: DeviceInfo[] = []) {
    for (const d of initial) this.devices.set(d.id, { ...d });
  }
  list(): DeviceInfo[] {
    return [...this.devices.values()].map((d) => ({ ...d }));
  }
  remember(d: DeviceInfo): void {
    this.devices.set(d.id, { ...this.devices.get(d.id), ...d });
  }
  forget(id: string): void {
    this.devices.delete(id);
  }
}

/** The store's devices table as a DeviceMemory (structural, so this file needs no store import). */
export function storeDeviceMemory(store: {
  listDevices(): DeviceInfo[];
  rememberDevice(d: DeviceInfo): void;
  forgetDevice(id: string): boolean;
}): DeviceMemory {
  return {
    list: () => store.listDevices(),
    remember: (d) => store.rememberDevice(d),
    forget: (id) => void store.forgetDevice(id),
  };
}
