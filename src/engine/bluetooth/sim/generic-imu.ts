/**
 * A board speaking SetBeat's generic IMU profile (src/core/ble/generic-imu.ts): one notify
 * characteristic, packets of int16 x/y/z with range, rate and a sequence number. Streams
 * while subscribed, `perPacket` samples at a time, plus Battery and Device Information.
 */
import { encodeBatteryLevel } from '../../../core/ble/battery';
import { encodeDeviceInformationString } from '../../../core/ble/device-information';
import { encodeGenericImuPacket } from '../../../core/ble/generic-imu';
import { BATTERY, DEVICE_INFORMATION, SETBEAT_IMU } from '../../../shared/gatt';
import type { TimerHandle } from '../clock';
import type { SimContext, SimDevice, SimService } from './device';
import type { AccSource } from './sources';

export interface SimImuOptions {
  rateHz?: number;
  rangeG?: number;
  perPacket?: number;
}

export class SimGenericImu implements SimDevice {
  readonly serviceUuids = [SETBEAT_IMU.service];
  private ctx: SimContext | null = null;
  private timer: TimerHandle | null = null;
  private sequence = 0;
  private nextK = 0;
  readonly rateHz: number;
  readonly rangeG: number;
  readonly perPacket: number;
  private readonly table: SimService[];

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly source: AccSource,
    opts: SimImuOptions = {},
    private readonly baseRssi = -66,
  ) {
    this.rateHz = opts.rateHz ?? 100;
    this.rangeG = opts.rangeG ?? 8;
    this.perPacket = opts.perPacket ?? 10;
    this.table = [
      { uuid: SETBEAT_IMU.service, characteristics: [{ uuid: SETBEAT_IMU.samples, properties: ['notify'] }] },
      { uuid: BATTERY.service, characteristics: [{ uuid: BATTERY.level, properties: ['read'], read: () => encodeBatteryLevel(91) }] },
      {
        uuid: DEVICE_INFORMATION.service,
        characteristics: [
          { uuid: DEVICE_INFORMATION.manufacturerName, properties: ['read'], read: () => encodeDeviceInformationString('SetBeat Demo') },
          { uuid: DEVICE_INFORMATION.modelNumber, properties: ['read'], read: () => encodeDeviceInformationString('Generic IMU') },
        ],
      },
    ];
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
    if (service !== SETBEAT_IMU.service || characteristic !== SETBEAT_IMU.samples) return;
    this.stop();
    if (on && this.ctx) this.startStream(this.ctx);
  }

  onDisconnect(): void {
    this.stop();
    this.ctx = null;
  }

  private stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private startStream(ctx: SimContext): void {
    const rate = this.rateHz;
    this.nextK = Math.floor(ctx.replayTimeS() * rate) + 1;
    const tick = (): void => {
      const nowK = Math.floor(ctx.replayTimeS() * rate + 1e-9);
      while (nowK - this.nextK + 1 >= this.perPacket) {
        const samplesG: [number, number, number][] = [];
        for (let i = 0; i < this.perPacket; i++) {
          const v = this.source.at((this.nextK + i) / rate);
          samplesG.push([v.x, v.y, v.z]);
        }
        ctx.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, encodeGenericImuPacket({ rangeG: this.rangeG, sampleRateHz: rate, sequence: this.sequence, samplesG }));
        this.sequence = (this.sequence + 1) & 0xffff;
        this.nextK += this.perPacket;
      }
      const dueS = (this.nextK + this.perPacket - 1) / rate;
      this.timer = ctx.clock.after(Math.max(1, (dueS - ctx.replayTimeS()) * 1000), tick);
    };
    tick();
  }
}
