/**
 * The engine's face of Bluetooth: one object that owns the child process, the device list,
 * remembered sensors and reconnection. Plain typed events, no contract types, so the engine
 * maps them as it likes.
 *
 * Reconnection: a sensor the person connected (or remembered earlier) is "wanted". While a
 * wanted sensor is not connected, a background scan runs; when it is seen it is connected at
 * once, and after a link loss connection is also retried with exponential back-off. Nothing
 * stops a set meanwhile: the samples before and after are delivered on one time base, and
 * the hole between them is reported as a gap (last sample before, first sample after).
 */
import { EventEmitter } from 'node:events';
import type { AccSample, DeviceInfo, HeartRateSample, RrInterval, SensorKind } from '../../shared/domain';
import { BtProcess, RequestError, type BtProcessOptions } from './bt-process';
import { scaledClock, wallClock, type Clock, type TimerHandle } from './clock';
import type { DeviceMemory } from './device-memory';
import { InMemoryDeviceMemory } from './device-memory';
import { adapterStatusSchema, type Batch, type ChildMessage, type SimDeviceSpec } from './ipc';
import type { SensorClockAnchor } from '../../core/sensors/sensor-clock';
import type { SimFault } from './sim/binding';
import type { AthleteCue } from './sim/athlete';
import { crashedStatus, startingStatus, type AdapterStatus } from './status';

export type DeviceState = 'seen' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface DeviceView {
  id: string;
  name: string;
  kind: SensorKind | null;
  rssi: number | null;
  state: DeviceState;
  remembered: boolean;
  battery: number | null;
  /** Skin contact from the last heart-rate notification (null: the strap does not say). */
  contact: boolean | null;
  manufacturer?: string;
  model?: string;
  firmware?: string;
  /** Why the last connection ended or failed, in words. */
  lastError?: string;
}

/** Acceleration with an absolute time (epoch ms); the engine turns it into stream seconds. */
export interface AccReading {
  tMs: number;
  x: number;
  y: number;
  z: number;
}

export type StreamName = 'hr' | 'acc';

/** A hole in one stream of one sensor, closed when that stream delivers again. */
export interface Gap {
  id: string;
  stream: StreamName;
  /** Time of the stream's last sample before the loss. */
  startMs: number;
  /** Time of its first sample after it. */
  endMs: number;
}

export interface DeviceManagerEvents {
  status: [AdapterStatus];
  'device-found': [{ id: string; name: string; rssi: number; kind: SensorKind | null }];
  connected: [DeviceInfo & { reconnected: boolean }];
  disconnected: [{ id: string; reason: string; atMs: number; willReconnect: boolean }];
  reconnecting: [{ id: string; attempt: number; delayMs: number }];
  gap: [Gap];
  hr: [{ id: string; samples: HeartRateSample[] }];
  rr: [{ id: string; samples: RrInterval[] }];
  acc: [{ id: string; samples: AccReading[] }];
  battery: [{ id: string; percent: number }];
  /** Signal strength of a connected sensor (asked every 5 s; scans report it for the others). */
  rssi: [{ id: string; rssi: number }];
  contact: [{ id: string; contact: boolean | null; atMs: number }];
  'parse-error': [{ id: string; count: number; message: string }];
  /** The Bluetooth process died or hung; it restarts by itself. */
  'process-down': [{ reason: string; delayMs: number; restarts: number }];
  /** The Bluetooth process is up (restarts > 0: it recovered from a crash or hang). */
  'process-ready': [{ pid: number; restarts: number }];
  /** Words for the log: the manager's own, the child's, and the child's stdout/stderr ('bluetooth-process'). */
  log: [{ level: 'info' | 'warn' | 'error'; message: string; source?: 'bluetooth-process' }];
}

export interface DeviceManagerOptions {
  backend: 'noble' | 'simulator';
  sim?: { speed?: number; originMs?: number; devices?: SimDeviceSpec[]; athleteSeed?: number };
  memory?: DeviceMemory;
  connectTimeoutMs?: number;
  reconnect?: { initialMs?: number; maxMs?: number };
  /** Child-process knobs (entry, heartbeat, restart back-off), mostly for tests. */
  process?: Omit<BtProcessOptions, 'config'>;
  batchMs?: number;
  opTimeoutMs?: number;
}

interface Entry {
  view: DeviceView;
  /** Connect whenever possible (remembered or connected by the person this session). */
  wanted: boolean;
  attempt: number;
  retryTimer: TimerHandle | null;
  lastAttemptAt: number;
  inFlight: boolean;
  /** Last sample time per stream in the current run of data. */
  lastMs: Partial<Record<StreamName, number>>;
  /** Set at a loss per stream that had data; the stream's next sample closes it into a Gap. */
  gapStart: Partial<Record<StreamName, number>>;
  /**
   * The acc stream's sensor clock as last reported. It outlives the connection and the
   * Bluetooth process, and goes with the next connect, so times continue across both.
   */
  accClock?: SensorClockAnchor;
  everConnected: boolean;
}

export class DeviceManager extends EventEmitter<DeviceManagerEvents> {
  private readonly bt: BtProcess;
  private readonly memory: DeviceMemory;
  private readonly entries = new Map<string, Entry>();
  private adapter: AdapterStatus;
  private userScan = false;
  private childScan = false;
  readonly clock: Clock;
  private readonly connectTimeoutMs: number;
  private readonly reconnectInitialMs: number;
  private readonly reconnectMaxMs: number;
  private started = false;
  private closing = false;

  constructor(private readonly opts: DeviceManagerOptions) {
    super();
    const originMs = opts.sim?.originMs ?? Date.now();
    this.clock = opts.backend === 'simulator' ? scaledClock(opts.sim?.speed ?? 1, originMs) : wallClock;
    this.memory = opts.memory ?? new InMemoryDeviceMemory();
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.reconnectInitialMs = opts.reconnect?.initialMs ?? 1000;
    this.reconnectMaxMs = opts.reconnect?.maxMs ?? 30_000;
    this.adapter = startingStatus(opts.backend);
    this.bt = new BtProcess({
      ...opts.process,
      config: {
        backend: opts.backend,
        sim: opts.backend === 'simulator' ? { speed: opts.sim?.speed ?? 1, originMs, devices: opts.sim?.devices, athleteSeed: opts.sim?.athleteSeed } : undefined,
        batchMs: opts.batchMs,
        opTimeoutMs: opts.opTimeoutMs,
      },
    });
    this.bt.on('message', (m) => this.onChild(m));
    this.bt.on('ready', (r) => {
      this.emit('process-ready', r);
      void this.syncScan(true);
    });
    this.bt.on('output', (o) => {
      // Nobody logging (the CLI): the child's words go to our stderr, as before.
      if (this.listenerCount('log') === 0) process.stderr.write(`[bluetooth] ${o.line}\n`);
      else this.emit('log', { level: o.stream === 'stderr' ? 'warn' : 'info', message: o.line, source: 'bluetooth-process' });
    });
    this.bt.on('down', (d) => this.onChildDown(d));
    this.bt.on('invalid', (why) => this.emit('log', { level: 'warn', message: `dropped a malformed message from the Bluetooth process: ${why}` }));
    for (const d of this.memory.list()) this.entry(d.id, d.name, d.kind).wanted = true;
    for (const d of this.memory.list()) Object.assign(this.entry(d.id).view, { remembered: true, manufacturer: d.manufacturer, model: d.model, firmware: d.firmware });
  }

  /** Starts the Bluetooth process (remembered sensors connect when they are seen). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.bt.start();
  }

  async close(): Promise<void> {
    this.started = false;
    this.closing = true;
    for (const e of this.entries.values()) {
      e.retryTimer?.cancel();
      e.retryTimer = null;
    }
    await this.bt.stop();
  }

  status(): AdapterStatus {
    return this.adapter;
  }

  /** pid of the Bluetooth process (tests kill it to prove the restart). */
  get processId(): number | undefined {
    return this.bt.pid;
  }

  get processRestarts(): number {
    return this.bt.restartCount;
  }

  /** Counters of the pipe to the Bluetooth process (for the bench and diagnostics). */
  pipeStats(): { messagesReceived: number; invalidMessages: number; restarts: number; runtime: string } {
    return { messagesReceived: this.bt.messagesReceived, invalidMessages: this.bt.invalidMessages, restarts: this.bt.restartCount, runtime: this.bt.runtimeWhy };
  }

  /** Asks the Bluetooth process itself for the adapter status (a round trip through the pipe). */
  async queryStatus(): Promise<AdapterStatus> {
    const r = await this.bt.request({ op: 'status' });
    const parsed = adapterStatusSchema.safeParse(r);
    if (!parsed.success) throw new Error(`the Bluetooth process answered an invalid status: ${parsed.error.message}`);
    return parsed.data;
  }

  list(): DeviceView[] {
    return [...this.entries.values()].map((e) => ({ ...e.view }));
  }

  async startScan(): Promise<void> {
    this.userScan = true;
    await this.syncScan();
  }

  async stopScan(): Promise<void> {
    this.userScan = false;
    await this.syncScan();
  }

  /** Connects now; on success the sensor is remembered and kept connected from then on. */
  async connect(id: string): Promise<DeviceView> {
    const e = this.entries.get(id);
    if (!e) throw new Error(`unknown device ${id}: scan first`);
    if (e.view.state === 'connected') return { ...e.view };
    e.retryTimer?.cancel();
    e.retryTimer = null;
    await this.attempt(e, true);
    return { ...e.view };
  }

  /** Disconnects and stops reconnecting for this session (it stays remembered). */
  async disconnect(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    e.wanted = false;
    e.retryTimer?.cancel();
    e.retryTimer = null;
    e.gapStart = {};
    await this.bt.request({ op: 'disconnect', deviceId: id }).catch(() => undefined);
    await this.syncScan();
  }

  async forget(id: string): Promise<void> {
    await this.disconnect(id);
    this.memory.forget(id);
    const e = this.entries.get(id);
    if (e) e.view.remembered = false;
  }

  /** Simulator only: link loss, garbage, silence, slow answers, contact loss. */
  async injectFault(fault: SimFault): Promise<void> {
    await this.bt.request({ op: 'fault', fault });
  }

  /** Simulator only: tell the demo athlete what the workout asks of them now. */
  async cueAthlete(cue: AthleteCue): Promise<void> {
    if (this.status().backend !== 'simulator') return;
    await this.bt.request({ op: 'athlete', cue });
  }

  /** Simulator only: make the Bluetooth process hang or crash (tests of the supervisor). */
  async debugChild(action: 'hang' | 'crash'): Promise<void> {
    await this.bt.request({ op: 'debug', action });
  }

  // ---- internals ----

  private entry(id: string, name = id, kind: SensorKind | null = null): Entry {
    let e = this.entries.get(id);
    if (!e) {
      e = {
        view: { id, name, kind, rssi: null, state: 'disconnected', remembered: false, battery: null, contact: null },
        wanted: false,
        attempt: 0,
        retryTimer: null,
        lastAttemptAt: -Infinity,
        inFlight: false,
        lastMs: {},
        gapStart: {},
        everConnected: false,
      };
      this.entries.set(id, e);
    }
    return e;
  }

  private needsBackgroundScan(): boolean {
    for (const e of this.entries.values()) if (e.wanted && e.view.state !== 'connected') return true;
    return false;
  }

  private async syncScan(force = false): Promise<void> {
    const want = this.userScan || this.needsBackgroundScan();
    if (!force && want === this.childScan) return;
    this.childScan = want;
    try {
      await this.bt.request({ op: 'scan', on: want });
    } catch (err) {
      this.emit('log', { level: 'warn', message: `scan ${want ? 'start' : 'stop'}: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private async attempt(e: Entry, byPerson: boolean): Promise<void> {
    if (e.inFlight) {
      if (byPerson) throw new Error(`${e.view.name} is already connecting`);
      return;
    }
    e.inFlight = true;
    e.lastAttemptAt = this.clock.now();
    const prev = e.view.state;
    e.view.state = 'connecting';
    try {
      await this.bt.request({ op: 'connect', deviceId: e.view.id, timeoutMs: this.connectTimeoutMs, accClock: e.accClock }, this.connectTimeoutMs + 15_000);
      // 'connected' arrived before the answer (same channel, in order) and set the state.
      e.attempt = 0;
      e.wanted = true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      e.view.lastError = message;
      if (e.view.state === 'connecting') e.view.state = prev === 'reconnecting' || e.wanted ? 'reconnecting' : prev === 'seen' ? 'seen' : 'disconnected';
      if (byPerson && !e.wanted) {
        e.view.state = prev === 'connected' ? 'disconnected' : prev;
        throw new Error(`could not connect to ${e.view.name}: ${message}`, { cause: err });
      }
      if (err instanceof RequestError && err.code === 'child-down') {
        // No radio was tried: the restarted process's first sighting connects at once (it used
        // to fall within the back-off of this non-attempt, with no retry left to follow).
        e.lastAttemptAt = Number.NEGATIVE_INFINITY;
      } else {
        this.scheduleRetry(e);
      }
      if (byPerson) throw new Error(`could not connect to ${e.view.name}: ${message}`, { cause: err });
    } finally {
      e.inFlight = false;
      void this.syncScan();
    }
  }

  private scheduleRetry(e: Entry): void {
    if (!e.wanted || !this.started) return;
    e.retryTimer?.cancel();
    e.attempt++;
    const delayMs = Math.min(this.reconnectMaxMs, this.reconnectInitialMs * 2 ** (e.attempt - 1));
    e.view.state = 'reconnecting';
    this.emit('reconnecting', { id: e.view.id, attempt: e.attempt, delayMs });
    e.retryTimer = this.clock.after(delayMs, () => {
      e.retryTimer = null;
      if (e.wanted && e.view.state !== 'connected') void this.attempt(e, false);
    });
  }

  private onChild(m: ChildMessage): void {
    switch (m.t) {
      case 'status':
        this.adapter = m.status;
        this.emit('status', m.status);
        return;
      case 'found': {
        const d = m.device;
        const e = this.entry(d.id, d.name, d.kind);
        if (d.name) e.view.name = d.name;
        if (d.kind) e.view.kind = e.view.kind ?? d.kind;
        e.view.rssi = d.rssi;
        if (e.view.state === 'disconnected') e.view.state = 'seen';
        this.emit('device-found', { id: d.id, name: e.view.name, rssi: d.rssi, kind: e.view.kind });
        // A wanted sensor came into range: connect now rather than at the next back-off step.
        if (e.wanted && !e.inFlight && (e.view.state === 'reconnecting' || e.view.state === 'seen')) {
          if (this.clock.now() - e.lastAttemptAt >= this.reconnectInitialMs) {
            e.retryTimer?.cancel();
            e.retryTimer = null;
            void this.attempt(e, false).catch(() => undefined);
          }
        }
        return;
      }
      case 'connected': {
        const i = m.info;
        const e = this.entry(i.id, i.name, i.kind);
        const reconnected = e.everConnected;
        Object.assign(e.view, { name: i.name, kind: i.kind, state: 'connected' as const, manufacturer: i.manufacturer, model: i.model, firmware: i.firmware, lastError: undefined });
        e.everConnected = true;
        e.wanted = true;
        e.attempt = 0;
        e.retryTimer?.cancel();
        e.retryTimer = null;
        const info: DeviceInfo = { id: i.id, name: i.name, kind: i.kind, manufacturer: i.manufacturer, model: i.model, firmware: i.firmware };
        try {
          this.memory.remember(info);
          e.view.remembered = true;
        } catch (err) {
          this.emit('log', { level: 'warn', message: `could not remember ${i.name}: ${err instanceof Error ? err.message : String(err)}` });
        }
        this.emit('connected', { ...info, reconnected });
        void this.syncScan();
        return;
      }
      case 'disconnected': {
        const e = this.entry(m.deviceId);
        this.linkDown(e, m.reason, m.atMs);
        return;
      }
      case 'batch':
        this.onBatch(m);
        return;
      case 'battery': {
        this.entry(m.deviceId).view.battery = m.percent;
        this.emit('battery', { id: m.deviceId, percent: m.percent });
        return;
      }
      case 'rssi':
        this.entry(m.deviceId).view.rssi = m.rssi;
        this.emit('rssi', { id: m.deviceId, rssi: m.rssi });
        return;
      case 'contact':
        this.entry(m.deviceId).view.contact = m.contact;
        this.emit('contact', { id: m.deviceId, contact: m.contact, atMs: m.atMs });
        return;
      case 'parse-error':
        this.emit('parse-error', { id: m.deviceId, count: m.count, message: m.message });
        return;
      case 'log':
        this.emit('log', { level: m.level, message: m.message });
        return;
      case 'ready':
      case 'pong':
      case 'res':
        return;
    }
  }

  private linkDown(e: Entry, reason: string, atMs: number): void {
    if (e.view.state !== 'connected' && e.view.state !== 'connecting') return;
    if (this.closing) e.wanted = false;
    e.view.state = e.wanted ? 'reconnecting' : 'disconnected';
    e.view.lastError = reason;
    e.view.contact = null;
    if (e.wanted) {
      for (const k of Object.keys(e.lastMs) as StreamName[]) e.gapStart[k] ??= e.lastMs[k];
    }
    this.emit('disconnected', { id: e.view.id, reason, atMs, willReconnect: e.wanted });
    if (e.wanted) {
      this.scheduleRetry(e);
      void this.syncScan();
    }
  }

  private onChildDown(d: { reason: string; delayMs: number; restarts: number }): void {
    this.adapter = crashedStatus(this.opts.backend === 'simulator' ? 'simulator' : 'noble', d.reason, d.delayMs);
    this.childScan = false;
    this.emit('status', this.adapter);
    this.emit('process-down', d);
    const now = this.clock.now();
    for (const e of this.entries.values()) {
      e.inFlight = false;
      if (e.view.state === 'connected' || e.view.state === 'connecting') this.linkDown(e, `Bluetooth process ${d.reason}`, now);
    }
  }

  private onBatch(b: Batch): void {
    const e = this.entry(b.deviceId);
    const id = b.deviceId;
    if (b.hr.length) {
      const samples: HeartRateSample[] = [];
      for (let i = 0; i + 2 < b.hr.length; i += 3) samples.push({ tMs: b.hr[i], bpm: b.hr[i + 1], contact: b.hr[i + 2] < 0 ? null : b.hr[i + 2] === 1 });
      // Gap first, so a listener knows of the hole before the samples after it.
      this.closeGap(e, 'hr', samples[0].tMs);
      e.lastMs.hr = samples[samples.length - 1].tMs;
      this.emit('hr', { id, samples });
    }
    if (b.rr.length) {
      const samples: RrInterval[] = [];
      for (let i = 0; i + 1 < b.rr.length; i += 2) samples.push({ tMs: b.rr[i], rrMs: b.rr[i + 1] });
      this.emit('rr', { id, samples });
    }
    if (b.acc.length) {
      const samples: AccReading[] = [];
      for (let i = 0; i + 3 < b.acc.length; i += 4) samples.push({ tMs: b.acc[i], x: b.acc[i + 1], y: b.acc[i + 2], z: b.acc[i + 3] });
      this.closeGap(e, 'acc', samples[0].tMs);
      e.lastMs.acc = samples[samples.length - 1].tMs;
      if (b.accClock) e.accClock = b.accClock;
      this.emit('acc', { id, samples });
    }
  }

  private closeGap(e: Entry, stream: StreamName, firstMs: number): void {
    const startMs = e.gapStart[stream];
    if (startMs === undefined) return;
    delete e.gapStart[stream];
    this.emit('gap', { id: e.view.id, stream, startMs, endMs: firstMs });
  }
}

/** Stream seconds from an absolute reading, for the engine's detectors. */
export function toAccSample(r: AccReading, streamStartMs: number): AccSample {
  return { t: (r.tMs - streamStartMs) / 1000, x: r.x, y: r.y, z: r.z };
}
