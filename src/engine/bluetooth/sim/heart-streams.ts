/**
 * The heart-rate part every simulated strap shares: a notification about once a second with
 * the rate and the RR intervals of the beats since the last one, contact bits as configured,
 * and a battery. Used by the plain strap and the H10.
 */
import { encodeHeartRateMeasurement } from '../../../core/ble/heart-rate';
import { encodeBatteryLevel } from '../../../core/ble/battery';
import { encodeDeviceInformationString } from '../../../core/ble/device-information';
import { BATTERY, DEVICE_INFORMATION, HEART_RATE } from '../../../shared/gatt';
import type { TimerHandle } from '../clock';
import type { SimContext, SimService } from './device';
import type { HeartSource } from './sources';

export interface HeartOptions {
  source: HeartSource;
  /** Does the strap report skin contact (plain straps do; bleakheart says the H10 does not). */
  contactSupported: boolean;
  batteryPercent: number;
}

export class HeartStream {
  private timer: TimerHandle | null = null;
  private lastS = 0;
  /** Set by a fault: the strap is on but the electrodes are dry or off the skin. */
  contactLostUntilS = -Infinity;

  constructor(private readonly opts: HeartOptions) {}

  services(manufacturer: string, model: string): SimService[] {
    return [
      {
        uuid: HEART_RATE.service,
        characteristics: [
          { uuid: HEART_RATE.measurement, properties: ['notify'] },
          { uuid: HEART_RATE.bodySensorLocation, properties: ['read'], read: () => Uint8Array.of(1) },
        ],
      },
      {
        uuid: BATTERY.service,
        characteristics: [{ uuid: BATTERY.level, properties: ['read', 'notify'], read: () => encodeBatteryLevel(this.opts.batteryPercent) }],
      },
      {
        uuid: DEVICE_INFORMATION.service,
        characteristics: [
          { uuid: DEVICE_INFORMATION.manufacturerName, properties: ['read'], read: () => encodeDeviceInformationString(manufacturer) },
          { uuid: DEVICE_INFORMATION.modelNumber, properties: ['read'], read: () => encodeDeviceInformationString(model) },
          { uuid: DEVICE_INFORMATION.firmwareRevision, properties: ['read'], read: () => encodeDeviceInformationString('sim-1.0') },
        ],
      },
    ];
  }

  start(ctx: SimContext): void {
    this.stop();
    this.lastS = ctx.replayTimeS();
    const tick = (): void => {
      const now = ctx.replayTimeS();
      const beats = this.opts.source.beatsBetween(this.lastS, now);
      this.lastS = now;
      const bpm = this.opts.source.bpmAt(now);
      const contact = this.opts.contactSupported ? now >= this.contactLostUntilS : null;
      // A strap sends at most 9 RR values in one 20-byte notification; keep the newest.
      const rrMs = beats.slice(-9).map((b) => b.rrMs);
      const data = encodeHeartRateMeasurement({ bpm: Math.max(0, Math.min(255, bpm)), contact, rrMs: contact === false ? [] : rrMs });
      ctx.notify(HEART_RATE.service, HEART_RATE.measurement, data);
      this.timer = ctx.clock.after(1000, tick);
    };
    this.timer = ctx.clock.after(1000, tick);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
