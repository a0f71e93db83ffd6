/** A standard Bluetooth heart-rate strap (Heart Rate service 0x180D). */
import { HEART_RATE } from '../../shared/gatt';
import { BaseDriver } from './base-driver';

export class HeartRateStrapDriver extends BaseDriver {
  readonly kind = 'hr-strap' as const;

  async start(): Promise<void> {
    this.setStatus({ state: 'starting', message: 'Connecting to heart rate', streams: [] });
    try {
      await this.discover();
      if (!this.has(HEART_RATE.service)) {
        this.setStatus({ state: 'failed', message: 'This device has no heart rate service', streams: [] });
        return;
      }
      await this.readCommonInfo();
      if (!(await this.startHeartRate())) {
        this.setStatus({ state: 'failed', message: 'This device has no heart rate measurement to subscribe to', streams: [] });
        return;
      }
      this.setStatus({ state: 'streaming', message: 'Heart rate', streams: ['hr'] });
    } catch (err) {
      this.setStatus({ state: 'failed', message: `Could not start heart rate: ${errorText(err)}`, streams: [] });
    }
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
