/**
 * What every driver shares: the listener API, counters, reading battery / Device Information /
 * body sensor location, and the standard heart-rate stream (used by the strap and Polar drivers).
 */
import type { SensorKind } from '../../shared/domain';
import { BATTERY, DEVICE_INFORMATION, DEVICE_INFORMATION_STRINGS, HEART_RATE, normaliseUuid } from '../../shared/gatt';
import { parseBatteryLevel } from '../ble/battery';
import { parseDeviceInformationString } from '../ble/device-information';
import { parseBodySensorLocation, parseHeartRateMeasurement } from '../ble/heart-rate';
import type { ParseResult } from '../ble/result';
import { Emitter } from './emitter';
import type { GattLink } from './link';
import type {
  DriverCounters,
  DriverOptions,
  DriverStatus,
  ParseErrorSource,
  SensorDriver,
  SensorEvents,
  SensorInfo,
} from './types';

type Unsubscribe = () => Promise<void>;


/** Above any human heart rate; a measurement beyond it is taken for a corrupt notification. */
export const MAX_PLAUSIBLE_BPM = 300;
/**
 * Heart-rate notifications this close together are one delivery: straps notify about once a
 * second (at most once a beat), so a copy this soon after is the same notification again.
 */
const SAME_DELIVERY_MS = 250;

/** A heart-rate notification taken lately, to recognise copies of it. */
interface RecentHr {
  bytes: Uint8Array;
  atMs: number;
  /** RR intervals given out for it. */
  rrCount: number;
}

/** True when `a` is `b` or the start of it. */
function isPrefixOf(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export abstract class BaseDriver implements SensorDriver {
  abstract readonly kind: SensorKind;
  readonly info: SensorInfo = {};
  protected readonly events = new Emitter<SensorEvents>();
  protected readonly subscriptions: Unsubscribe[] = [];
  private readonly count: DriverCounters = {
    notifications: 0,
    parseErrors: 0,
    parseErrorsByCode: {},
    hrSamples: 0,
    rrIntervals: 0,
    accSamples: 0,
    lostPackets: 0,
    resyncs: 0,
    listenerErrors: 0,
  };
  private current: DriverStatus = { state: 'idle', message: 'Not started', streams: [] };
  private lastContact: boolean | null | undefined = undefined;
  private recentHr: RecentHr[] = [];
  /** Services of the peripheral, normalised; filled by discover(). */
  protected serviceSet = new Set<string>();

  constructor(
    protected readonly link: GattLink,
    protected readonly options: DriverOptions = {},
  ) {
    link.onDisconnect((reason) => this.onLinkLost(reason));
  }

  get id(): string {
    return this.link.id;
  }
  get name(): string {
    return this.link.name;
  }
  get status(): DriverStatus {
    return this.current;
  }
  get counters(): Readonly<DriverCounters> {
    return { ...this.count, parseErrorsByCode: { ...this.count.parseErrorsByCode }, listenerErrors: this.events.listenerErrors };
  }

  on<K extends keyof SensorEvents>(event: K, listener: (value: SensorEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  abstract start(): Promise<void>;

  async stop(): Promise<void> {
    if (this.current.state === 'stopped' || this.current.state === 'idle') return;
    this.setStatus({ state: 'stopping', message: 'Stopping', streams: this.current.streams });
    await this.stopStreams();
    await this.unsubscribeAll();
    this.setStatus({ state: 'stopped', message: 'Stopped', streams: [] });
  }

  async disconnect(): Promise<void> {
    try {
      await this.stop();
    } finally {
      await this.link.disconnect();
    }
  }

  /** Sensor-side stream stops (the PMD stop command); nothing by default. */
  protected async stopStreams(): Promise<void> {}

  protected onLinkLost(reason: string): void {
    // Subscriptions die with the link; stop callbacks are not called on a dead link.
    this.subscriptions.length = 0;
    this.setStatus({ state: 'stopped', message: `Link lost: ${reason}`, streams: [] });
  }

  protected setStatus(s: DriverStatus): void {
    this.current = s;
    this.events.emit('status', s);
  }

  protected bump(key: 'notifications' | 'hrSamples' | 'rrIntervals' | 'accSamples' | 'lostPackets' | 'resyncs', by = 1): void {
    this.count[key] += by;
  }

  /** Counts a rejected buffer and tells listeners; returns the value or null. */
  protected accept<T>(source: ParseErrorSource, r: ParseResult<T>, atMs: number): T | null {
    if (r.ok) return r.value;
    this.count.parseErrors++;
    this.count.parseErrorsByCode[r.error.code] = (this.count.parseErrorsByCode[r.error.code] ?? 0) + 1;
    this.events.emit('parse-error', { source, code: r.error.code, message: r.error.message, atMs, total: this.count.parseErrors });
    return null;
  }

  protected async discover(): Promise<void> {
    this.serviceSet = new Set((await this.link.services()).map(normaliseUuid));
  }

  protected has(service: string): boolean {
    return this.serviceSet.has(service);
  }

  protected async characteristicsOf(service: string): Promise<Set<string>> {
    if (!this.has(service)) return new Set();
    return new Set((await this.link.characteristics(service)).map(normaliseUuid));
  }

  protected async subscribe(service: string, characteristic: string, onData: (data: Uint8Array, atMs: number) => void): Promise<void> {
    const off = await this.link.subscribe(service, characteristic, (data, atMs) => {
      this.count.notifications++;
      onData(data, atMs);
    });
    this.subscriptions.push(off);
  }

  protected async unsubscribeAll(): Promise<void> {
    const subs = this.subscriptions.splice(0);
    for (const off of subs.reverse()) {
      try {
        await off();
      } catch {
        // The link may already be gone; nothing to undo then.
      }
    }
  }

  /** Battery (read, then notifications when offered), Device Information strings; all optional. */
  protected async readCommonInfo(): Promise<void> {
    const now = () => this.link.now();
    const battChars = await this.characteristicsOf(BATTERY.service);
    if (battChars.has(BATTERY.level)) {
      const level = await this.tryRead(BATTERY.service, BATTERY.level);
      const v = level && this.accept('battery', parseBatteryLevel(level), now());
      if (v != null) {
        this.info.battery = v;
        this.events.emit('battery', v);
      }
      try {
        await this.subscribe(BATTERY.service, BATTERY.level, (data, atMs) => {
          const b = this.accept('battery', parseBatteryLevel(data), atMs);
          if (b != null && b !== this.info.battery) {
            this.info.battery = b;
            this.events.emit('battery', b);
          }
        });
      } catch {
        // Battery level without notify: the value read above stands.
      }
    }
    const disChars = await this.characteristicsOf(DEVICE_INFORMATION.service);
    for (const [field, uuid] of Object.entries(DEVICE_INFORMATION_STRINGS) as [keyof typeof DEVICE_INFORMATION_STRINGS, string][]) {
      if (!disChars.has(uuid)) continue;
      const raw = await this.tryRead(DEVICE_INFORMATION.service, uuid);
      const s = raw && this.accept('device-information', parseDeviceInformationString(raw), now());
      if (s) this.info[field] = s;
    }
  }

  protected async tryRead(service: string, characteristic: string): Promise<Uint8Array | null> {
    try {
      return await this.link.read(service, characteristic);
    } catch {
      return null;
    }
  }

  /** Standard Heart Rate service: location read, measurement notifications -> hr, rr, contact. */
  protected async startHeartRate(): Promise<boolean> {
    const chars = await this.characteristicsOf(HEART_RATE.service);
    if (!chars.has(HEART_RATE.measurement)) return false;
    if (chars.has(HEART_RATE.bodySensorLocation)) {
      const raw = await this.tryRead(HEART_RATE.service, HEART_RATE.bodySensorLocation);
      const loc = raw && this.accept('body-sensor-location', parseBodySensorLocation(raw), this.link.now());
      if (loc) this.info.bodySensorLocation = loc;
    }
    await this.subscribe(HEART_RATE.service, HEART_RATE.measurement, (data, atMs) => this.onHeartRate(data, atMs));
    return true;
  }

  private onHeartRate(data: Uint8Array, atMs: number): void {
    const m = this.accept('heart-rate', parseHeartRateMeasurement(data), atMs);
    if (!m) return;
    if (m.bpm > MAX_PLAUSIBLE_BPM) {
      // Well-formed by the spec (a 16-bit rate) yet no heart beats that fast: junk on the air,
      // counted like any bad packet rather than shown, stored or used for zones.
      this.accept('heart-rate', { ok: false, error: { code: 'out-of-range', message: `a heart rate of ${m.bpm} bpm is not plausible` } }, atMs);
      return;
    }
    // A copy of a notification just taken (repeated, or cut short yet still well-formed) is the
    // same measurement: counted like junk, its rate and RR intervals not taken twice.
    this.recentHr = this.recentHr.filter((r) => Math.abs(atMs - r.atMs) <= SAME_DELIVERY_MS);
    if (this.recentHr.some((r) => isPrefixOf(data, r.bytes))) {
      this.accept('heart-rate', { ok: false, error: { code: 'duplicate', message: 'a copy of the heart-rate notification just received' } }, atMs);
      return;
    }
    // The cut copy came first: this is the whole notification, and only its missing RR are new.
    const earlier = this.recentHr.find((r) => isPrefixOf(r.bytes, data));
    if (earlier) {
      this.accept('heart-rate', { ok: false, error: { code: 'duplicate', message: 'the whole of a heart-rate notification first received cut short' } }, atMs);
      this.emitRr(m.rrMs, atMs, earlier.rrCount);
      earlier.bytes = data.slice();
      earlier.rrCount = m.rrMs.length;
      return;
    }
    this.recentHr.push({ bytes: data.slice(), atMs, rrCount: m.rrMs.length });
    if (m.contact !== this.lastContact) {
      this.lastContact = m.contact;
      this.events.emit('contact', m.contact);
    }
    this.bump('hrSamples');
    this.events.emit('hr', { tMs: atMs, bpm: m.bpm, contact: m.contact });
    this.emitRr(m.rrMs, atMs, 0);
  }

  /** RR intervals of one notification from index `from` on, each at the end of its beat. */
  private emitRr(rrMs: readonly number[], atMs: number, from: number): void {
    // The last beat ended about when the notification was sent; earlier ones step back by RR.
    let t = atMs;
    const times: number[] = new Array(rrMs.length);
    for (let i = rrMs.length - 1; i >= 0; i--) {
      times[i] = t;
      t -= rrMs[i];
    }
    for (let i = from; i < rrMs.length; i++) {
      this.bump('rrIntervals');
      this.events.emit('rr', { tMs: times[i], rrMs: rrMs[i] });
    }
  }
}
