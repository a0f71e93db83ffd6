/** A plain Bluetooth heart-rate strap: Heart Rate, Battery and Device Information services only. */
import { HEART_RATE } from '../../../shared/gatt';
import type { SimContext, SimDevice, SimService } from './device';
import { HeartStream } from './heart-streams';
import type { HeartSource } from './sources';

export class SimHrStrap implements SimDevice {
  readonly serviceUuids = [HEART_RATE.service];
  readonly heart: HeartStream;
  private ctx: SimContext | null = null;
  private readonly table: SimService[];

  constructor(
    readonly id: string,
    readonly name: string,
    source: HeartSource,
    private readonly baseRssi = -62,
  ) {
    this.heart = new HeartStream({ source, contactSupported: true, batteryPercent: 74 });
    this.table = this.heart.services('SetBeat Demo', 'HR strap');
  }

  rssi(): number {
    return this.baseRssi;
  }

  services(): SimService[] {
    return this.table;
  }

  onConnect(ctx: SimContext): void {
    this.ctx = ctx;
  }

  onSubscribe(service: string, characteristic: string, on: boolean): void {
    if (service !== HEART_RATE.service || characteristic !== HEART_RATE.measurement || !this.ctx) return;
    if (on) this.heart.start(this.ctx);
    else this.heart.stop();
  }

  contactLoss(ms: number, nowS: number): void {
    this.heart.contactLostUntilS = nowS + ms / 1000;
  }

  onDisconnect(): void {
    this.heart.stop();
    this.ctx = null;
  }
}
