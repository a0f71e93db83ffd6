/**
 * Polar H10 / Verity Sense / OH1: heart rate from the standard service plus the accelerometer
 * from Polar Measurement Data. Order per Polar's PMD spec: enable CP indications and data
 * notifications first, then GET settings, START with settings the sensor listed, and STOP before
 * disconnecting (an H10 left streaming stays on until its battery is removed or flat).
 */
import { POLAR_PMD } from '../../shared/gatt';
import {
  encodePmdGetSettings,
  encodePmdStart,
  encodePmdStop,
  parsePmdControlPointIndication,
  parsePmdFeatures,
  pmdResponseSettings,
  type PmdResponse,
} from '../ble/pmd/control-point';
import { PMD_MEASUREMENT } from '../ble/pmd/constants';
import { decodePmdAccFrame, parsePmdDataFrame } from '../ble/pmd/data-frame';
import type { PmdSettings, PmdStartSettings } from '../ble/pmd/settings';
import { PmdSampleClock } from '../ble/pmd/timestamps';
import { BaseDriver } from './base-driver';
import { errorText } from './hr-strap';
import { SensorHostClock } from './sensor-clock';
import type { DriverOptions, TimedAcc } from './types';
import type { GattLink } from './link';

const ALREADY_IN_STATE = 6;

interface Pending {
  op: number;
  parts: Uint8Array[];
  resolve: (r: PmdResponse) => void;
  reject: (e: Error) => void;
  cancelTimeout: () => void;
}

export class PmdCommandError extends Error {
  constructor(readonly response: PmdResponse) {
    super(response.message);
    this.name = 'PmdCommandError';
  }
}

export class PolarPmdDriver extends BaseDriver {
  readonly kind = 'polar-pmd' as const;
  private pending: Pending | null = null;
  private accRunning = false;
  private accRate = 0;
  private factor = 1;
  private readonly clock = new PmdSampleClock();
  /** Sensor clock -> host clock; continues the mapping of an earlier connection when given one. */
  private readonly hostClock: SensorHostClock;
  /** What the sensor offered, for the Devices screen. */
  accOffered: PmdSettings | null = null;

  constructor(link: GattLink, options: DriverOptions = {}) {
    super(link, options);
    this.hostClock = new SensorHostClock(options.accClock);
  }

  async start(): Promise<void> {
    this.setStatus({ state: 'starting', message: 'Connecting to Polar sensor', streams: [] });
    let hr: boolean;
    try {
      await this.discover();
      await this.readCommonInfo();
      hr = await this.startHeartRate();
    } catch (err) {
      this.setStatus({ state: 'failed', message: `Could not start heart rate: ${errorText(err)}`, streams: [] });
      return;
    }
    const streams: ('hr' | 'acc')[] = hr ? ['hr'] : [];
    try {
      const accMessage = await this.startAcc();
      streams.push('acc');
      this.setStatus({ state: 'streaming', message: [hr ? 'Heart rate' : '', accMessage].filter(Boolean).join(' + '), streams });
    } catch (err) {
      const warning = `Accelerometer unavailable: ${errorText(err)}`;
      if (hr) this.setStatus({ state: 'streaming', message: 'Heart rate only', streams, warning });
      else this.setStatus({ state: 'failed', message: warning, streams: [] });
    }
  }

  private async startAcc(): Promise<string> {
    const chars = await this.characteristicsOf(POLAR_PMD.service);
    if (!chars.has(POLAR_PMD.controlPoint) || !chars.has(POLAR_PMD.data)) throw new Error('this sensor has no Polar Measurement Data service');
    // Both subscriptions before any command (the SDK refuses otherwise; the sensor ignores us).
    await this.subscribe(POLAR_PMD.service, POLAR_PMD.controlPoint, (d) => this.onControlPoint(d));
    await this.subscribe(POLAR_PMD.service, POLAR_PMD.data, (d, at) => this.onData(d, at));
    const featureBytes = await this.tryRead(POLAR_PMD.service, POLAR_PMD.controlPoint);
    if (featureBytes) {
      const f = this.accept('pmd-control-point', parsePmdFeatures(featureBytes), this.link.now());
      if (f && !f.has('acc')) throw new Error('this sensor does not offer an accelerometer stream');
    }
    const got = await this.command(encodePmdGetSettings(PMD_MEASUREMENT.acc));
    const offered = this.accept('pmd-control-point', pmdResponseSettings(got), this.link.now());
    if (!offered) throw new Error('the sensor sent unreadable accelerometer settings');
    this.accOffered = offered;
    const chosen = this.chooseSettings(offered);
    let started: PmdResponse;
    try {
      started = await this.command(encodePmdStart(PMD_MEASUREMENT.acc, chosen));
    } catch (err) {
      // Left running by an earlier session that never sent STOP: stop it and start again.
      if (!(err instanceof PmdCommandError) || err.response.status !== ALREADY_IN_STATE) throw err;
      await this.command(encodePmdStop(PMD_MEASUREMENT.acc));
      started = await this.command(encodePmdStart(PMD_MEASUREMENT.acc, chosen));
    }
    const applied = this.accept('pmd-control-point', pmdResponseSettings(started), this.link.now());
    this.factor = applied?.factor ?? 1;
    this.accRate = chosen.sampleRate ?? 50;
    // The sensor's clock runs on across a stream restart: only the frame spacing starts afresh.
    this.clock.reset();
    this.accRunning = true;
    return `Accelerometer ${this.accRate} Hz${chosen.range ? `, ±${chosen.range} g` : ''}`;
  }

  /** Only settings the sensor listed, nearest to what we want (H10: 200 Hz, 16 bit, 8 g). */
  private chooseSettings(offered: PmdSettings): PmdStartSettings {
    const nearest = (values: number[], want: number) => values.reduce((a, b) => (Math.abs(b - want) < Math.abs(a - want) ? b : a));
    const s: PmdStartSettings = {};
    if (offered.sampleRate.length) s.sampleRate = nearest(offered.sampleRate, this.options.accSampleRateHz ?? 200);
    if (offered.resolution.length) s.resolution = Math.max(...offered.resolution);
    if (offered.range.length) s.range = nearest(offered.range, this.options.accRangeG ?? 8);
    if (offered.channels.length) s.channels = offered.channels.includes(3) ? 3 : Math.max(...offered.channels);
    return s;
  }

  /** Write a command and wait for the indication that answers it. */
  private command(bytes: Uint8Array): Promise<PmdResponse> {
    if (this.pending) return Promise.reject(new Error('a control-point command is already waiting for its answer'));
    const op = bytes[0];
    const timeoutMs = this.options.controlPointTimeoutMs ?? 5000;
    return new Promise<PmdResponse>((resolve, reject) => {
      const cancelTimeout = this.link.after(timeoutMs, () => {
        this.pending = null;
        reject(new Error(`the sensor did not answer the control point within ${timeoutMs} ms`));
      });
      this.pending = { op, parts: [], resolve, reject, cancelTimeout };
      this.link.write(POLAR_PMD.service, POLAR_PMD.controlPoint, bytes, true).catch((err: unknown) => {
        cancelTimeout();
        this.pending = null;
        reject(new Error(`control-point write failed: ${errorText(err)}`));
      });
    });
  }

  private onControlPoint(data: Uint8Array): void {
    const r = this.accept('pmd-control-point', parsePmdControlPointIndication(data), this.link.now());
    if (!r) return;
    if (r.kind === 'stopped-by-device') {
      if (r.measurementTypes.includes(PMD_MEASUREMENT.acc) && this.accRunning) {
        this.accRunning = false;
        const streams = this.status.streams.filter((s) => s !== 'acc');
        this.setStatus({ state: streams.length ? 'streaming' : 'stopped', message: 'The sensor stopped the accelerometer stream', streams, warning: 'Accelerometer stopped by the sensor' });
      }
      return;
    }
    const p = this.pending;
    // An answer to something else (a late reply to a timed-out command) is dropped.
    if (!p || r.op !== p.op) return;
    p.parts.push(r.parameters);
    if (r.more) return;
    p.cancelTimeout();
    this.pending = null;
    if (!r.success) {
      p.reject(new PmdCommandError(r));
      return;
    }
    const total = p.parts.reduce((n, b) => n + b.length, 0);
    const parameters = new Uint8Array(total);
    let o = 0;
    for (const b of p.parts) {
      parameters.set(b, o);
      o += b.length;
    }
    p.resolve({ ...r, parameters });
  }

  private onData(data: Uint8Array, atMs: number): void {
    const frame = this.accept('pmd-data', parsePmdDataFrame(data), atMs);
    if (!frame || frame.measurementType !== PMD_MEASUREMENT.acc) {
      // Other measurement types (ECG) are not requested; count them as unexpected rather than misread them.
      if (frame) this.accept('pmd-data', { ok: false, error: { code: 'unknown-type', message: `Unexpected PMD measurement type ${frame.measurementType}` } }, atMs);
      return;
    }
    const decoded = this.accept('pmd-data', decodePmdAccFrame(frame, { factor: this.factor }), atMs);
    if (!decoded) return;
    const sensorMs = this.clock.sampleTimes(frame, decoded.count, this.accRate || 50);
    // Arrival time is sensor time plus a delay that jitters and, after a stall, runs to seconds;
    // the host clock keeps the sensor's spacing and only ever learns from the least-delayed frames.
    const before = this.hostClock.resyncs;
    const hostMs = this.hostClock.map(sensorMs, atMs);
    if (this.hostClock.resyncs !== before) this.bump('resyncs');
    const samples: TimedAcc[] = new Array(decoded.count);
    const mg = decoded.mg;
    for (let i = 0; i < decoded.count; i++) {
      samples[i] = { tMs: hostMs[i], x: mg[3 * i] / 1000, y: mg[3 * i + 1] / 1000, z: mg[3 * i + 2] / 1000 };
    }
    this.bump('accSamples', decoded.count);
    const clock = this.hostClock.anchor ?? undefined;
    this.events.emit('acc', { deviceId: this.id, receivedAtMs: atMs, sampleRateHz: this.accRate, samples, clock });
  }

  protected override async stopStreams(): Promise<void> {
    if (!this.accRunning) return;
    this.accRunning = false;
    try {
      await this.command(encodePmdStop(PMD_MEASUREMENT.acc));
    } catch (err) {
      // Already stopped is fine; anything else is reported but must not block the disconnect.
      if (!(err instanceof PmdCommandError && err.response.status === ALREADY_IN_STATE)) {
        this.setStatus({ ...this.status, warning: `Could not stop the accelerometer stream: ${errorText(err)}` });
      }
    }
  }

  protected override onLinkLost(reason: string): void {
    this.accRunning = false;
    if (this.pending) {
      this.pending.cancelTimeout();
      this.pending.reject(new Error(`link lost: ${reason}`));
      this.pending = null;
    }
    super.onLinkLost(reason);
  }
}

