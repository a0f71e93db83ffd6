/**
 * What a sensor driver needs from a connected BLE peripheral, independent of noble.
 * The engine's noble adapter implements it (over the real radio or the simulator);
 * drivers in src/core/sensors are written against it alone, so they test without noble.
 * UUIDs are lower-case, 16-bit ones in short form ("180d"), 128-bit without dashes.
 */
export interface GattLink {
  readonly id: string;
  readonly name: string;
  /** Service UUIDs the peripheral has (after discovery). */
  services(): Promise<string[]>;
  /** Characteristic UUIDs of a service. */
  characteristics(service: string): Promise<string[]>;
  read(service: string, characteristic: string): Promise<Uint8Array>;
  write(service: string, characteristic: string, data: Uint8Array, withResponse: boolean): Promise<void>;
  /** Subscribe to notifications/indications; returns the unsubscribe function. */
  subscribe(service: string, characteristic: string, onData: (data: Uint8Array, receivedAtMs: number) => void): Promise<() => Promise<void>>;
  disconnect(): Promise<void>;
  /** Called once when the link drops for any reason. */
  onDisconnect(listener: (reason: string) => void): void;
  /** The host clock notifications are stamped with (receivedAtMs), now. */
  now(): number;
  /** Runs `fn` once after `ms` of host time; returns its cancel (core keeps no timers of its own). */
  after(ms: number, fn: () => void): () => void;
}
