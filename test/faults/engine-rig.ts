/**
 * One real engine for a fault test: a real SQLite file in a temp folder, the Bluetooth child
 * process with the demo sensors on an accelerated clock, the live workout driven through the
 * engine's own command router. It counts what reaches the engine while recording and reads
 * back what the file holds, so a test can say sent / received / stored.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import type { AccReading, DeviceManager, DeviceManagerEvents, Gap } from '../../src/engine/bluetooth/index';
import { DEMO_IDS } from '../../src/engine/bluetooth/index';
import { DEFAULT_DEMO_DEVICES } from '../../src/engine/bluetooth/sim/factory';
import { openStore, type StreamGap } from '../../src/engine/store/index';
import type { CommandName, EventName, EventPayload } from '../../src/shared/contract';
import type { HeartRateSample } from '../../src/shared/domain';
import type { WorkoutView } from '../../src/shared/commands/workout';

export { DEMO_IDS };
/** The demo H10 streams ACC at 200 Hz, the demo IMU at 100 Hz. */
export const RATE_HZ: Record<string, number> = { [DEMO_IDS.h10]: 200, [DEMO_IDS.imu]: 100 };

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function waitForDevice<K extends keyof DeviceManagerEvents>(
  m: DeviceManager,
  event: K,
  pred: (...args: DeviceManagerEvents[K]) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<DeviceManagerEvents[K]> {
  return new Promise((resolve, reject) => {
    const on = (...args: DeviceManagerEvents[K]): void => {
      if (!pred(...args)) return;
      clearTimeout(timer);
      m.off(event, on as never);
      resolve(args);
    };
    const timer = setTimeout(() => {
      m.off(event, on as never);
      reject(new Error(`no "${String(event)}" within ${timeoutMs} ms`));
    }, timeoutMs);
    m.on(event, on as never);
  });
}

export interface StoredCounts {
  acc: Record<string, number>;
  accTimes: Record<string, number[]>;
  hr: number;
  gaps: StreamGap[];
  status: string;
  sets: { startedAt: number; endedAt: number | null }[];
}

/** Reads a session back through a read-only store on the same file. */
export function readStored(dataDir: string, sessionId: number): StoredCounts {
  const store = openStore(dataDir, { readonly: true });
  try {
    const acc: Record<string, number> = {};
    const accTimes: Record<string, number[]> = {};
    for (const sensor of store.accSensors(sessionId)) {
      const times: number[] = [];
      for (const c of store.iterateAcc(sessionId, sensor)) for (let i = 0; i < c.count; i++) times.push(c.tMs[i]);
      acc[sensor] = times.length;
      accTimes[sensor] = times;
    }
    let hr = 0;
    for (const _ of store.iterateHeartRate(sessionId)) hr++;
    const detail = store.getSession(sessionId);
    return {
      acc,
      accTimes,
      hr,
      gaps: store.gaps(sessionId),
      status: detail?.status ?? 'missing',
      sets: (detail?.sets ?? []).map((s) => ({ startedAt: s.startedAt, endedAt: s.endedAt ?? null })),
    };
  } finally {
    store.close();
  }
}

/** One sensor's stored acceleration, as readings (to check it against the replay grid). */
export function readStoredAcc(dataDir: string, sessionId: number, sensorId: string): AccReading[] {
  const store = openStore(dataDir, { readonly: true });
  try {
    const out: AccReading[] = [];
    for (const c of store.iterateAcc(sessionId, sensorId)) for (let i = 0; i < c.count; i++) out.push({ tMs: c.tMs[i], x: c.x[i], y: c.y[i], z: c.z[i] });
    return out;
  } finally {
    store.close();
  }
}

export interface RigOptions {
  speed: number;
  /** Override the Bluetooth child's knobs (heartbeat...) — passed through the engine as they are. */
  dataDir?: string;
  /** The export worker's entry, as the Electron app names it (default: the engine's own). */
  exportWorker?: string;
}

export class EngineRig {
  readonly engine: Engine;
  readonly dataDir: string;
  readonly originMs = Date.now();
  manager!: DeviceManager;
  /** What reached the engine while a session was recording. */
  readonly acc = new Map<string, AccReading[]>();
  readonly hr = new Map<string, HeartRateSample[]>();
  readonly gaps: Gap[] = [];
  readonly notices: EventPayload<'notice'>[] = [];
  readonly parseErrors: { id: string; count: number }[] = [];
  lastFrame: WorkoutView | null = null;
  recording = false;
  private ownsDir: boolean;

  constructor(readonly opts: RigOptions) {
    this.ownsDir = !opts.dataDir;
    this.dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-fault-'));
    this.engine = createEngine({ dataDir: this.dataDir, transport: 'web', exportWorker: opts.exportWorker });
    this.engine.events.subscribe(<K extends EventName>(event: K, payload: EventPayload<K>) => {
      if (event === 'notice') this.notices.push(payload as EventPayload<'notice'>);
      if (event === 'workout.frame') this.lastFrame = payload as WorkoutView;
    });
  }

  /** Starts the demo sensors on a clock whose replay origin the test knows. */
  async startDemo(): Promise<DeviceManager> {
    // The engine's sim options reach the DeviceManager as they are; originMs pins the replay grid.
    // The demo sensors on the fixed-cycle signal, so every stored sample can be checked against it.
    const sim = {
      speed: this.opts.speed,
      originMs: this.originMs,
      devices: DEFAULT_DEMO_DEVICES.map((d) => ({ ...d, signal: 'loop' as const })),
    };
    await this.engine.startBluetooth('demo', sim);
    await this.engine.bluetoothReady();
    let got: DeviceManager | null = null;
    this.engine.onDevices((m) => (got = m));
    if (!got) throw new Error('the engine has no device manager after starting the demo sensors');
    const m: DeviceManager = got;
    this.manager = m;
    m.on('acc', ({ id, samples }) => {
      if (!this.recording) return;
      const list = this.acc.get(id) ?? [];
      for (const s of samples) list.push(s);
      this.acc.set(id, list);
    });
    m.on('hr', ({ id, samples }) => {
      if (!this.recording) return;
      const list = this.hr.get(id) ?? [];
      list.push(...samples);
      this.hr.set(id, list);
    });
    m.on('gap', (g) => this.gaps.push(g));
    m.on('parse-error', ({ id, count }) => this.parseErrors.push({ id, count }));
    if (!m.status().usable) await waitForDevice(m, 'status', (s) => s.usable, 20_000);
    return m;
  }

  async call<T = unknown>(command: CommandName, params: unknown = {}): Promise<T> {
    const r = await this.engine.router.call(command, params);
    if (!r.ok) throw new Error(`${command}: ${r.error.code}: ${r.error.message}`);
    return r.result as T;
  }

  /** Scans and connects the given demo sensors through the engine's commands. */
  async connect(ids: string[]): Promise<void> {
    const seen = Promise.all(ids.map((id) => waitForDevice(this.manager, 'device-found', (d) => d.id === id)));
    await this.call('devices.scan', { on: true });
    await seen;
    for (const id of ids) await this.call('devices.connect', { id });
    await this.call('devices.scan', { on: false });
  }

  /** Begins a workout and starts its first set; counting starts with the session. */
  async beginSet(): Promise<number> {
    // router.call runs the handler synchronously up to its first await, so no sample slips
    // between the flag and the writer.
    this.recording = true;
    const view = await this.call<WorkoutView>('workout.begin', {});
    await this.call('workout.startSet', {});
    if (view.sessionId === null) throw new Error(`the workout is not being saved: ${JSON.stringify(view.banner)}`);
    return view.sessionId;
  }

  async finish(): Promise<WorkoutView> {
    const view = await this.call<WorkoutView>('workout.finish', {});
    this.recording = false;
    return view;
  }

  received(id: string): AccReading[] {
    return this.acc.get(id) ?? [];
  }

  /**
   * Waits until each sensor's recorded stream has grown by `n` samples: "let it record a
   * while" measured in data that arrived, not in wall time a busy machine may not deliver.
   */
  async moreSamples(ids: readonly string[], n: number, timeoutMs = 30_000): Promise<void> {
    const from = ids.map((id) => this.received(id).length);
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id, i) => this.received(id).length - from[i] < n)) {
      if (Date.now() > deadline) {
        const short = ids.map((id, i) => `${id} +${this.received(id).length - from[i]}`).join(', ');
        throw new Error(`fewer than ${n} new samples per sensor within ${timeoutMs} ms (${short})`);
      }
      await sleep(20);
    }
  }

  /** Heart-rate samples received with a rate (bpm 0, "no contact", is shown but never stored). */
  hrReceived(): number {
    let n = 0;
    for (const list of this.hr.values()) for (const s of list) if (s.bpm > 0) n++;
    return n;
  }

  /** Engine clock now (the simulator's accelerated clock). */
  now(): number {
    return this.manager.clock.now();
  }

  /** Closes the engine (the store and the Bluetooth child); the folder stays for reading back. */
  async stop(): Promise<void> {
    await this.engine.close();
  }

  async close(): Promise<void> {
    await this.engine.close();
    if (this.ownsDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
