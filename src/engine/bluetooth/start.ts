/**
 * How the engine starts Bluetooth: the radio first; where it is unusable (no adapter, no
 * permission, radio off), the Demo sensors, so the app works on any machine. The radio's
 * status is kept so the UI can say why it shows simulated sensors and how to fix it.
 */
import { DeviceManager, type DeviceManagerOptions } from './device-manager';
import { settledStatus } from './settled';
import type { AdapterStatus } from './status';

export interface StartBluetoothOptions extends Omit<DeviceManagerOptions, 'backend'> {
  /** Simulated sensors only (web --demo, tests). */
  demo?: boolean;
  /** Fall back to the Demo sensors when the radio is unusable (default true). */
  fallbackToDemo?: boolean;
  /** How long to wait for the radio to report its state. */
  settleMs?: number;
}

export interface StartedBluetooth {
  manager: DeviceManager;
  /** The real adapter's status when it was tried (null with demo: true). */
  radio: AdapterStatus | null;
  usingDemo: boolean;
}

export async function startBluetooth(opts: StartBluetoothOptions = {}): Promise<StartedBluetooth> {
  const { demo, fallbackToDemo = true, settleMs, ...rest } = opts;
  if (!demo) {
    const real = new DeviceManager({ ...rest, backend: 'noble' });
    real.start();
    const radio = await settledStatus(real, settleMs);
    if (radio.usable || !fallbackToDemo) return { manager: real, radio, usingDemo: false };
    await real.close();
    const manager = new DeviceManager({ ...rest, backend: 'simulator' });
    manager.start();
    return { manager, radio, usingDemo: true };
  }
  const manager = new DeviceManager({ ...rest, backend: 'simulator' });
  manager.start();
  return { manager, radio: null, usingDemo: true };
}
