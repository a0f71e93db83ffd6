/**
 * A board speaking SetBeat's generic IMU profile (src/core/ble/generic-imu.ts): one notify
 * characteristic, packets of int16 x/y/z with range, rate and a sequence number. Streams
 * while subscribed, `perPacket` samples at a time, plus Battery and Device Information.
 */
import { encodeBatteryLevel } from '../../../core/ble/battery';
import { encodeDeviceInformationString } from '../../../core/ble/device-information';
import { encodeGenericImuPacket } from '../../../core/ble/generic-imu';
import { BATTERY, DEVICE_INFORMATION, SETBEAT_IMU } from '../../../shared/gatt';
import type { SimContext } from './device';
import { paceAccPackets, SimDeviceBase, type PacedStream } from './device-base';
import type { AccSource } from './sources';

export interface SimImuOptions {
  rateHz?: number;
  rangeG?: number;
  perPacket?: number;
}

export class SimGenericImu extends SimDeviceBase {
  readonly serviceUuids = [SETBEAT_IMU.service];
  private stream: PacedStream | null = null;
  private sequence = 0;
  readonly rateHz: number;
  readonly rangeG: number;
  readonly perPacket: number;

  constructor(
    id: string,
    name: string,
    private readonly source: AccSource,
    opts: SimImuOptions = {},
    baseRssi = -66,
  ) {
    super(id, name, baseRssi);
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

  onSubscribe(service: string, characteristic: string, on: boolean): void {
    if (service !== SETBEAT_IMU.service || characteristic !== SETBEAT_IMU.samples) return;
    this.stop();
    if (on && this.ctx) this.startStream(this.ctx);
  }

  override onDisconnect(): void {
    this.stop();
    super.onDisconnect();
  }

  private stop(): void {
    this.stream?.stop();
    this.stream = null;
  }

  private startStream(ctx: SimContext): void {
    this.stream = paceAccPackets(ctx, this.source, this.rateHz, this.perPacket, (samplesG) => {
      ctx.notify(SETBEAT_IMU.service, SETBEAT_IMU.samples, encodeGenericImuPacket({ rangeG: this.rangeG, sampleRateHz: this.rateHz, sequence: this.sequence, samplesG }));
      this.sequence = (this.sequence + 1) & 0xffff;
    });
  }
}
