/**
 * The Bluetooth side as it runs inside the child process: noble (real or over the simulator
 * binding), scanning, connecting with timeouts, one driver per connected sensor, and sample
 * batching. It talks only through `send(ChildMessage)` and `handle(request)`, so tests can
 * run it in-process too.
 */
import type { SensorKind } from '../../shared/domain';
import { HEART_RATE, POLAR_PMD, SETBEAT_IMU } from '../../shared/gatt';
import type { SensorClockAnchor } from '../../core/sensors/sensor-clock';
import type { Clock, TimerHandle } from './clock';
import type { ChildMessage, RequestBody, FoundDevice } from './ipc';
import { NobleGattLink } from './noble-link';
import type { NobleCore, NoblePeripheral } from './noble-types';
import type { RecogniseSensor, RunningSensor, SampleSink, StartSensor } from './sensor-port';
import type { SimBinding } from './sim/binding';
import { readyStatus, startingStatus, statusFromNobleState, type AdapterStatus } from './status';
import { withTimeout } from './timeout';

/** What SetBeat scans for: heart rate, Polar PMD (H10s advertise 180d; Verity Sense may not), the generic IMU. */
const RSSI_EVERY_MS = 5000;

export const SCAN_SERVICES = [HEART_RATE.service, POLAR_PMD.service, SETBEAT_IMU.service];

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    message: string,
    readonly code: 'not-seen' | 'unusable' | 'timeout' | 'setup-failed' | 'not-simulated' | 'bad-request',
  ) {
    super(message);
  }
}

interface Connection {
  peripheral: NoblePeripheral;
  link: NobleGattLink;
  sensor: RunningSensor | null;
  kind: SensorKind;
  batch: { hr: number[]; rr: number[]; acc: number[] };
  /** Latest sensor clock of the acc stream, sent with the next batch. */
  accClock: SensorClockAnchor | undefined;
  seq: number;
  lastContact: boolean | null | undefined;
  closing: boolean;
}

export interface ServiceOptions {
  noble: NobleCore | null;
  /** Status when noble could not load (then `noble` is null). */
  loadStatus?: AdapterStatus;
  backend: AdapterStatus['backend'];
  clock: Clock;
  send: (msg: ChildMessage) => void;
  startSensor: StartSensor;
  recognise: RecogniseSensor;
  sim?: SimBinding;
  batchMs?: number;
  /** Clock of the batch timer: the wall clock in the child (pipe cost is per wall second, whatever the replay speed). */
  batchClock?: Clock;
  opTimeoutMs?: number;
  platform?: NodeJS.Platform;
}

export class BluetoothService {
  private status: AdapterStatus;
  private readonly connections = new Map<string, Connection>();
  private readonly connecting = new Set<string>();
  private readonly lastFound = new Map<string, { at: number; rssi: number }>();
  private scanWanted: string[] | null = null;
  private scanning = false;
  private batchTimer: TimerHandle | null = null;
  private rssiTimer: TimerHandle | null = null;
  private readonly batchMs: number;
  private readonly opTimeoutMs: number;

  constructor(private readonly o: ServiceOptions) {
    this.batchMs = o.batchMs ?? 100;
    this.opTimeoutMs = o.opTimeoutMs ?? 5000;
    this.status = o.noble ? startingStatus(o.backend) : (o.loadStatus ?? statusFromNobleState('unsupported'));
  }

  start(): void {
    const noble = this.o.noble;
    this.o.send({ t: 'status', status: this.status });
    if (!noble) return;
    noble.on('stateChange', (state: string) => {
      this.setStatus(state === 'poweredOn' ? readyStatus(this.o.backend) : statusFromNobleState(state, this.o.platform, this.o.backend));
      if (state === 'poweredOn' && this.scanWanted) void this.applyScan();
      if (state !== 'poweredOn') this.scanning = false;
    });
    noble.on('discover', (p: NoblePeripheral) => this.onDiscover(p));
    noble.on('warning', (message: string) => this.o.send({ t: 'log', level: 'warn', message: `noble: ${message}` }));
    this.scheduleBatch();
    this.scheduleRssi();
  }

  private setStatus(s: AdapterStatus): void {
    this.status = s;
    this.o.send({ t: 'status', status: s });
  }

  async stop(): Promise<void> {
    this.batchTimer?.cancel();
    this.batchTimer = null;
    this.rssiTimer?.cancel();
    this.rssiTimer = null;
    await Promise.allSettled([...this.connections.keys()].map((id) => this.disconnect(id)));
    if (this.scanning && this.o.noble) await this.o.noble.stopScanningAsync().catch(() => undefined);
  }

  async handle(body: RequestBody): Promise<unknown> {
    switch (body.op) {
      case 'status':
        return this.status;
      case 'scan':
        this.scanWanted = body.on ? (body.services ?? SCAN_SERVICES) : null;
        await this.applyScan();
        return { scanning: this.scanning };
      case 'connect':
        return this.connect(body.deviceId, body.timeoutMs, body.accClock);
      case 'disconnect':
        await this.disconnect(body.deviceId);
        return null;
      case 'fault':
        if (!this.o.sim) throw new ServiceError('faults can only be injected into the simulator', 'not-simulated');
        this.o.sim.inject(body.fault);
        return null;
      case 'athlete':
        if (!this.o.sim) throw new ServiceError('the demo athlete lives in the simulator only', 'not-simulated');
        return this.o.sim.cueAthlete(body.cue);
      case 'debug':
        // Handled by the child entry (it owns the process); reaching here means in-process use.
        throw new ServiceError('debug actions only exist in the child process', 'bad-request');
    }
  }

  private async applyScan(): Promise<void> {
    const noble = this.o.noble;
    if (!noble || !this.status.usable) return; // started once the adapter powers on
    if (this.scanWanted && !this.scanning) {
      this.lastFound.clear();
      // Duplicates on: RSSI updates and a remembered sensor coming back into range must be heard.
      await withTimeout(noble.startScanningAsync(this.scanWanted, true), this.opTimeoutMs, 'start scanning', this.o.clock);
      this.scanning = true;
    } else if (!this.scanWanted && this.scanning) {
      this.scanning = false;
      await withTimeout(noble.stopScanningAsync(), this.opTimeoutMs, 'stop scanning', this.o.clock).catch(() => undefined);
    }
  }

  private onDiscover(p: NoblePeripheral): void {
    const now = this.o.clock.now();
    const last = this.lastFound.get(p.id);
    // One report per device per second is enough for a live list (adverts come every ~100 ms).
    if (last && now - last.at < 1000) return;
    this.lastFound.set(p.id, { at: now, rssi: p.rssi });
    const name = p.advertisement?.localName ?? '';
    const serviceUuids = (p.advertisement?.serviceUuids ?? []).map((u) => u.toLowerCase());
    const device: FoundDevice = { id: p.id, name, rssi: p.rssi, kind: this.o.recognise(name, serviceUuids), serviceUuids };
    this.o.send({ t: 'found', device });
  }

  private async connect(deviceId: string, timeoutMs: number, accClock?: SensorClockAnchor): Promise<unknown> {
    const noble = this.o.noble;
    if (!noble || !this.status.usable) throw new ServiceError(`Bluetooth is not usable: ${this.status.message}`, 'unusable');
    const existing = this.connections.get(deviceId);
    if (existing && !existing.closing) return { id: deviceId, kind: existing.kind, already: true };
    if (this.connecting.has(deviceId)) throw new ServiceError(`already connecting to ${deviceId}`, 'bad-request');
    const p = noble._peripherals[deviceId];
    if (!p) throw new ServiceError(`${deviceId} has not been seen in a scan since Bluetooth started`, 'not-seen');
    this.connecting.add(deviceId);
    try {
      try {
        await withTimeout(p.connectAsync(), timeoutMs, `connect to ${p.advertisement?.localName ?? deviceId}`, this.o.clock, () => p.cancelConnect());
      } catch (err) {
        throw new ServiceError(err instanceof Error ? err.message : String(err), 'timeout');
      }
      const link = new NobleGattLink(p, { clock: this.o.clock, opTimeoutMs: this.opTimeoutMs });
      const conn: Connection = {
        peripheral: p,
        link,
        sensor: null,
        kind: 'hr-strap',
        batch: { hr: [], rr: [], acc: [] },
        accClock: undefined,
        seq: 0,
        lastContact: undefined,
        closing: false,
      };
      let info: { manufacturer?: string; model?: string; firmware?: string } = {};
      try {
        const services = await link.services();
        const kind = this.o.recognise(link.name, services);
        if (!kind) throw new Error(`${link.name} offers none of the services SetBeat reads (${services.join(', ')})`);
        conn.kind = kind;
        this.connections.set(deviceId, conn);
        link.onDisconnect((reason) => this.onLinkDown(deviceId, conn, reason));
        conn.sensor = await this.o.startSensor(kind, link, this.sinkFor(deviceId, conn, (i) => (info = { ...info, ...i })), { accClock });
      } catch (err) {
        this.connections.delete(deviceId);
        conn.closing = true;
        await link.disconnect().catch(() => undefined);
        throw new ServiceError(`could not set up ${link.name}: ${err instanceof Error ? err.message : String(err)}`, 'setup-failed');
      }
      this.o.send({ t: 'connected', info: { id: deviceId, name: link.name, kind: conn.kind, ...info } });
      return { id: deviceId, kind: conn.kind };
    } finally {
      this.connecting.delete(deviceId);
    }
  }

  private onLinkDown(deviceId: string, conn: Connection, reason: string): void {
    if (this.connections.get(deviceId) !== conn) return;
    this.flushOne(deviceId, conn);
    this.connections.delete(deviceId);
    this.o.send({ t: 'disconnected', deviceId, reason, atMs: this.o.clock.now() });
  }

  private async disconnect(deviceId: string): Promise<void> {
    const conn = this.connections.get(deviceId);
    if (!conn) return;
    conn.closing = true;
    try {
      await conn.sensor?.stop();
    } catch (err) {
      this.o.send({ t: 'log', level: 'warn', message: `stopping ${deviceId}: ${err instanceof Error ? err.message : String(err)}` });
    }
    await conn.link.disconnect().catch(() => undefined);
  }

  private sinkFor(deviceId: string, conn: Connection, onInfo: (i: { manufacturer?: string; model?: string; firmware?: string }) => void): SampleSink {
    let pendingErrors = 0;
    let lastErrorReport = -Infinity;
    return {
      hr: (tMs, bpm, contact) => {
        conn.batch.hr.push(tMs, bpm, contact === null ? -1 : contact ? 1 : 0);
        if (contact !== conn.lastContact) {
          conn.lastContact = contact;
          this.o.send({ t: 'contact', deviceId, contact, atMs: tMs });
        }
      },
      rr: (tMs, rrMs) => void conn.batch.rr.push(tMs, rrMs),
      acc: (tMs, x, y, z) => void conn.batch.acc.push(tMs, x, y, z),
      accClock: (anchor) => void (conn.accClock = anchor),
      battery: (percent) => this.o.send({ t: 'battery', deviceId, percent }),
      info: onInfo,
      parseError: (message) => {
        // Counted, and reported at most once a second (garbage can arrive at 200 Hz).
        pendingErrors++;
        const now = this.o.clock.now();
        if (now - lastErrorReport >= 1000) {
          lastErrorReport = now;
          this.o.send({ t: 'parse-error', deviceId, count: pendingErrors, message });
          pendingErrors = 0;
        }
      },
    };
  }

  private scheduleBatch(): void {
    this.batchTimer = (this.o.batchClock ?? this.o.clock).after(this.batchMs, () => {
      this.flushAll();
      this.scheduleBatch();
    });
  }

  /** Connected sensors stop advertising, so their signal strength is asked for every few seconds. */
  private scheduleRssi(): void {
    this.rssiTimer = this.o.clock.after(RSSI_EVERY_MS, () => {
      for (const [id, conn] of this.connections) {
        if (conn.closing) continue;
        withTimeout(conn.peripheral.updateRssiAsync(), 2000, 'read signal strength', this.o.clock).then(
          (rssi) => {
            if (this.connections.get(id) === conn && Number.isFinite(rssi)) this.o.send({ t: 'rssi', deviceId: id, rssi });
          },
          () => undefined, // a missed reading is not worth a message; the next one comes soon
        );
      }
      this.scheduleRssi();
    });
  }

  flushAll(): void {
    for (const [id, conn] of this.connections) this.flushOne(id, conn);
  }

  private flushOne(deviceId: string, conn: Connection): void {
    const b = conn.batch;
    if (!b.hr.length && !b.rr.length && !b.acc.length) return;
    conn.batch = { hr: [], rr: [], acc: [] };
    const accClock = b.acc.length ? conn.accClock : undefined;
    this.o.send({ t: 'batch', deviceId, seq: conn.seq++, hr: b.hr, rr: b.rr, acc: b.acc, ...(accClock ? { accClock } : {}) });
  }
}
