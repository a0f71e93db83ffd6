/**
 * SetBeat's generic IMU profile (docs/generic-imu-profile.md). The packets carry no clock: the
 * sensor's clock is the sample index (lost packets, known from `sequence`, advance it by the
 * previous packet's count) over `sample_rate_hz`, mapped to the host by the least-delayed
 * packets (SensorHostClock), so a stall or a late burst keeps the samples' own times.
 */
import { SETBEAT_IMU } from '../../shared/gatt';
import { genericImuPacketsLost, parseGenericImuPacket } from '../ble/generic-imu';
import { BaseDriver } from './base-driver';
import { errorText } from './hr-strap';
import type { GattLink } from './link';
import { isSensorClockAnchor, SensorHostClock } from './sensor-clock';
import type { DriverOptions, TimedAcc } from './types';

/**
 * After a reconnect, how long before we subscribed the sequence may put the first packet's last
 * sample (a packet or two a board may have queued). Earlier means the board stopped counting
 * while nobody listened (or restarted): its sequence says nothing about the hole.
 */
const BEFORE_SUBSCRIBE_MS = 500;
/**
 * How far ahead of its arrival the sequence may put a packet: packets never arrive before they
 * are sent, so beyond jitter and drift this is a sequence that jumped (a rebooted board).
 */
const MAX_EARLY_MS = 1000;
/** Rate error of a board's clock allowed over a hole, on top of the two bounds above. */
const RATE_TOLERANCE = 1e-3;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class GenericImuDriver extends BaseDriver {
  readonly kind = 'generic-imu' as const;
  /** Sample index (ms) -> host clock; continues an earlier connection's mapping when given one. */
  private readonly hostClock: SensorHostClock;
  /** Sequence and sample count of the last packet mapped (in this or an earlier connection). */
  private last: { sequence: number; count: number } | null;
  /**
   * The bytes of the last packet mapped in this driver (not across a reconnect: the anchor
   * carries only sequence and count), to tell a copy of it from a new packet.
   */
  private lastBytes: Uint8Array | null = null;
  /** `last` came in this connection: the board cannot have paused or restarted since. */
  private live = false;
  /** Host time just before this connection asked for notifications: nothing came from earlier. */
  private subscribedAtMs = -Infinity;

  constructor(link: GattLink, options: DriverOptions = {}) {
    super(link, options);
    const anchor = isSensorClockAnchor(options.accClock) ? options.accClock : null;
    this.hostClock = new SensorHostClock(anchor);
    this.last = anchor?.packet ?? null;
  }

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
      this.live = false;
      this.subscribedAtMs = this.link.now();
      await this.subscribe(SETBEAT_IMU.service, SETBEAT_IMU.samples, (d, at) => this.onPacket(d, at));
      this.setStatus({ state: 'streaming', message: 'Accelerometer', streams: ['acc'] });
    } catch (err) {
      this.setStatus({ state: 'failed', message: `Could not start the IMU: ${errorText(err)}`, streams: [] });
    }
  }

  private onPacket(data: Uint8Array, atMs: number): void {
    const p = this.accept('imu', parseGenericImuPacket(data), atMs);
    if (!p) return;
    // The last packet again, byte for byte (a retransmission surfacing twice, a firmware that
    // re-sends): the same samples, counted like junk, not stored twice nor taken for a jump of
    // 65535 packets. The same sequence with other bytes is a new packet (a board that rebooted,
    // its count restarted): no copy, placed below as a sequence that does not fit (a resync).
    if (this.lastBytes && p.sequence === this.last?.sequence && sameBytes(data, this.lastBytes)) {
      this.accept('imu', { ok: false, error: { code: 'duplicate', message: `a copy of the IMU packet just received (sequence ${p.sequence})` } }, atMs);
      return;
    }
    const step = 1000 / p.sampleRateHz;
    const span = step * (p.count - 1);
    const clock = this.hostClock.anchor;
    // Sensor time (ms of sample index) of this packet's first sample.
    let first = 0;
    if (clock) {
      let continues = false;
      if (this.last) {
        const lost = genericImuPacketsLost(this.last.sequence, p.sequence);
        const next = clock.sensorMs + step * (lost * this.last.count + 1);
        // Where the least delay seen would put the packet, against where it arrived.
        const lateMs = atMs - (next + span + clock.offsetMs);
        const slack = RATE_TOLERANCE * (next + span - clock.sensorMs);
        // Within a connection a late packet is a stall whatever its size; across a hole, a
        // board that went on counting puts the packet after we subscribed, one that paused
        // puts it just after the last sample, before the hole.
        const afterSubscribe = next + span + clock.offsetMs >= this.subscribedAtMs - BEFORE_SUBSCRIBE_MS - slack;
        continues = lateMs >= -(MAX_EARLY_MS + slack) && (this.live || afterSubscribe);
        if (continues) {
          first = next;
          if (lost > 0 && this.live) {
            this.bump('lostPackets', lost);
            this.events.emit('loss', { atMs, packets: lost, samples: lost * this.last.count });
          }
        }
      }
      if (!continues) {
        // The sample index restarted or jumped: a fresh mapping, the packet's last sample at
        // its arrival (the least delay seen is kept as the link's), after the last sample given out.
        first = Math.max(atMs - clock.offsetMs - span, clock.sensorMs + step);
        this.bump('resyncs');
      }
    }
    const sensorMs = new Float64Array(p.count);
    for (let i = 0; i < p.count; i++) sensorMs[i] = first + step * i;
    const hostMs = this.hostClock.map(sensorMs, atMs);
    const samples: TimedAcc[] = new Array(p.count);
    for (let i = 0; i < p.count; i++) samples[i] = { tMs: hostMs[i], x: p.g[3 * i], y: p.g[3 * i + 1], z: p.g[3 * i + 2] };
    this.last = { sequence: p.sequence, count: p.count };
    this.lastBytes = data.slice();
    this.live = true;
    this.bump('accSamples', p.count);
    const mapped = this.hostClock.anchor;
    const clockOut = mapped ? { ...mapped, packet: { ...this.last } } : undefined;
    this.events.emit('acc', { deviceId: this.id, receivedAtMs: atMs, sampleRateHz: p.sampleRateHz, samples, clock: clockOut });
  }

  protected override onLinkLost(reason: string): void {
    this.live = false;
    super.onLinkLost(reason);
  }
}
