/** A plain Bluetooth heart-rate strap: Heart Rate, Battery and Device Information services only. */
import { HEART_RATE } from '../../../shared/gatt';
import { SimHeartDevice } from './device-base';
import type { HeartSource } from './sources';

export class SimHrStrap extends SimHeartDevice {
  readonly serviceUuids = [HEART_RATE.service];

  constructor(id: string, name: string, source: HeartSource, baseRssi = -62) {
    super(id, name, baseRssi, { source, contactSupported: true, batteryPercent: 74 });
    this.table = this.heart.services('SetBeat Demo', 'HR strap');
  }
}
