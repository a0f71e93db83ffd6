/** SetBeat's generic IMU profile (docs/generic-imu-profile.md). */
import { SETBEAT_IMU } from '../../shared/gatt';
import { genericImuPacketsLost, parseGenericImuPacket } from '../ble/generic-imu';
import { BaseDriver } from './base-driver';
import { errorText } from './hr-strap';
import type { TimedAcc } from './types';

/** Re-anchor when the rate-based clock and arrival time disagree by more than this. */
const MAX_SKEW_MS = 1000;

export class GenericImuDriver extends BaseDriver {
  readonly kind = 'generic-imu' as const;
  private lastSeq: number | null = null;
  private lastCount = 0;
  /** Host time of the last sample emitted; null before the first packet. */
  private lastSampleMs: number | null = null;

  async start(): Promise<void> {
    this.setStatus({ state: 'starting', message: 'Connecting to IMU', streams: [] });
    try {
      await this.discover();
      const chars = await this.characteristicsOf(SETBEAT_IMU.service);
      if (!chars.has(SETBEAT_IMU.samples)) {
        this.setStatus({ state: 'failed', message: 'This device does not offer the SetBeat IMU service', streams: [] });
        return;
      }
      await this.readCommonInfo();
      this.lastSeq = null;
      this.lastSampleMs = null;
      await this.subscribe(SETBEAT_IMU.service, SETBEAT_IMU.samples, (d, at) => this.onPacket(d, at));
      this.setStatus({ state: 'streaming', message: 'Accelerometer', streams: ['acc'] });
    } catch (err) {
      this.setStatus({ state: 'failed', message: `Could not start the IMU: ${errorText(err)}`, streams: [] });
    }
  }

  private onPacket(data: Uint8Array, atMs: number): void {
    const p = this.accept('imu', parseGenericImuPacket(data), atMs);
    if (!p) return;
    const step = 1000 / p.sampleRateHz;
    let lostSamples = 0;
    if (this.lastSeq !== null) {
      const lost = genericImuPacketsLost(this.lastSeq, p.sequence);
      // A huge "gap" is a restarted sensor rather than 60000 lost packets; re-anchor instead.
      if (lost > 0 && lost < 0x8000) {
        lostSamples = lost * this.lastCount;
        this.bump('lostPackets', lost);
        this.events.emit('loss', { atMs, packets: lost, samples: lostSamples });
      } else if (lost >= 0x8000) {
        this.lastSampleMs = null;
      }
    }
    this.lastSeq = p.sequence;
    this.lastCount = p.count;
    let first = this.lastSampleMs === null ? atMs - step * (p.count - 1) : this.lastSampleMs + step * (lostSamples + 1);
    const last = first + step * (p.count - 1);
    if (Math.abs(last - atMs) > MAX_SKEW_MS) {
      first = atMs - step * (p.count - 1);
      this.bump('resyncs');
    }
    const samples: TimedAcc[] = new Array(p.count);
    for (let i = 0; i < p.count; i++) samples[i] = { tMs: first + step * i, x: p.g[3 * i], y: p.g[3 * i + 1], z: p.g[3 * i + 2] };
    this.lastSampleMs = samples[p.count - 1].tMs;
    this.bump('accSamples', p.count);
    this.events.emit('acc', { deviceId: this.id, receivedAtMs: atMs, sampleRateHz: p.sampleRateHz, samples });
  }

  protected override onLinkLost(reason: string): void {
    this.lastSeq = null;
    this.lastSampleMs = null;
    super.onLinkLost(reason);
  }
}
