/**
 * The Bluetooth side of the engine. Start with `startBluetooth()` (or `new DeviceManager`),
 * listen to its events, call scan/connect/disconnect/forget. Everything noble-related runs
 * in a child process; nothing here loads native code at import time.
 */
export { DeviceManager, toAccSample } from './device-manager';
export type { AccReading, DeviceManagerEvents, DeviceManagerOptions, DeviceState, DeviceView, Gap, StreamName } from './device-manager';
export { InMemoryDeviceMemory, storeDeviceMemory, type DeviceMemory } from './device-memory';
export { startBluetooth, type StartBluetoothOptions, type StartedBluetooth } from './start';
export { linuxSetcapCommand, type AdapterState, type AdapterStatus } from './status';
export type { SimFault } from './sim/binding';
export type { SimDeviceSpec } from './ipc';
export { DEMO_IDS, DEFAULT_DEMO_DEVICES } from './sim/factory';
