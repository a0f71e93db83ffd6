/**
 * The slice of @abandonware/noble's core that SetBeat uses, typed here because the package's
 * own typings cover only the default singleton (not `with-bindings`). Real noble and the
 * simulator binding both sit behind this shape.
 */
import type { EventEmitter } from 'node:events';

export interface NobleAdvertisement {
  localName?: string;
  serviceUuids?: string[];
  txPowerLevel?: number;
  manufacturerData?: Buffer;
  serviceData?: { uuid: string; data: Buffer }[];
}

export interface NobleCharacteristic extends EventEmitter {
  readonly uuid: string;
  readonly properties: string[];
  readAsync(): Promise<Buffer>;
  writeAsync(data: Buffer, withoutResponse: boolean): Promise<void>;
  subscribeAsync(): Promise<void>;
  unsubscribeAsync(): Promise<void>;
}

export interface NobleService extends EventEmitter {
  readonly uuid: string;
  characteristics: NobleCharacteristic[] | null;
  discoverCharacteristicsAsync(uuids?: string[]): Promise<NobleCharacteristic[]>;
}

export interface NoblePeripheral extends EventEmitter {
  readonly id: string;
  readonly address: string;
  advertisement: NobleAdvertisement;
  rssi: number;
  mtu: number | null;
  state: 'disconnected' | 'connecting' | 'connected' | 'disconnecting' | 'error';
  services: NobleService[] | null;
  connectAsync(options?: object): Promise<void>;
  cancelConnect(options?: object): void;
  disconnectAsync(): Promise<void>;
  discoverServicesAsync(uuids?: string[]): Promise<NobleService[]>;
  updateRssiAsync(): Promise<number>;
}

export interface NobleCore extends EventEmitter {
  readonly state: string;
  startScanningAsync(serviceUuids?: string[], allowDuplicates?: boolean): Promise<void>;
  stopScanningAsync(): Promise<void>;
  /** Every peripheral seen since the process started, by id (noble's own cache). */
  readonly _peripherals: Record<string, NoblePeripheral>;
}
