/**
 * A simulated peripheral: its advertisement, its GATT table and how it answers. The binding
 * (binding.ts) speaks noble's binding contract and routes each operation to one of these.
 */
import type { Clock } from '../clock';

export interface SimCharacteristic {
  uuid: string;
  properties: ('read' | 'write' | 'writeWithoutResponse' | 'notify' | 'indicate')[];
  /** Answer to a read. */
  read?(): Uint8Array;
  /** Handles a write; may answer later through `ctx.notify` (a control-point indication). */
  write?(data: Uint8Array): void;
}

export interface SimService {
  uuid: string;
  characteristics: SimCharacteristic[];
}

/** What the binding gives a device while it is connected. */
export interface SimContext {
  readonly clock: Clock;
  /** Sends a notification/indication if the central subscribed to it (else it is dropped, as on air). */
  notify(service: string, characteristic: string, data: Uint8Array): void;
  /** True while the central has notifications on for that characteristic. */
  subscribed(service: string, characteristic: string): boolean;
  /** Epoch ms (clock time) at which replay time is 0. */
  readonly originMs: number;
  /** Seconds of replay time at this instant (what the recording plays now). */
  replayTimeS(): number;
}

export interface SimDevice {
  readonly id: string;
  readonly name: string;
  readonly serviceUuids: string[];
  /** Advertised signal strength, dBm. */
  rssi(): number;
  services(): SimService[];
  /** Called once connected; the device starts what runs regardless of subscriptions. */
  onConnect(ctx: SimContext): void;
  /** Notifications for a characteristic were switched on or off. */
  onSubscribe(service: string, characteristic: string, on: boolean): void;
  /** Fault: electrodes off the skin for ms from replay time nowS (straps without contact sensing ignore it). */
  contactLoss?(ms: number, nowS: number): void;
  /** Link gone (central disconnected or the link was lost): stop every stream. */
  onDisconnect(): void;
}
