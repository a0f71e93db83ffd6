/**
 * The engine: one object that owns the data folder, the store, the sensors and the live
 * session. It has no electron import, so the Electron main process, the web server, the CLI
 * and the tests all run the same one.
 */
import path from 'node:path';
import { DEFAULT_SETTINGS, PROTOCOL_VERSION, type AppInfo, type BluetoothStatus, type EventPayload, type Settings } from '../shared/contract';
import { EXERCISE_IDS, EXERCISE_NAMES } from '../shared/exercises';
import { DB_FILE_NAME } from './paths';
import { EventHub } from './events';
import { CommandError, CommandRouter, type Handlers } from './router';
import { APP_VERSION } from './version';
import type { PrintToPdf } from './export/pdf';
import { createLiveWorkout, workoutHandlers } from './handlers/workout';
import type { HandlerContext, HandlerStore } from './handlers/context';
import { DeviceListWatch, describeDevices, devicesHandlers } from './handlers/devices';
import { feedFromDevices } from './workout/device-feed';
import type { WorkoutService } from './workout/service';
import { logBluetooth } from './log/bluetooth-log';
import { silentLogger, type Logger } from './log/logger';
import { sessionsHandlers } from './handlers/sessions';
import { routinesHandlers } from './handlers/routines';
import { learnHandlers, teachServiceOf } from './handlers/learn';
import type { SessionSummary } from '../shared/domain';
import { startBluetooth, storeDeviceMemory, type AdapterStatus, type DeviceManager, type DeviceMemory, type SimDeviceSpec } from './bluetooth/index';
import { followWorkout } from './workout/demo-athlete';
import { prepareDownload, type PreparedDownload } from './export/download';
import { ExportWorkerError } from './export/export-off-thread';
import type { ExportFormat } from './export/exporter';
import { exportTo } from './export/export-to';
import type { ExportTarget, SavedExport } from './export/save-dialog';
import type { DeviceInfo } from '../shared/domain';

/** What the engine needs from storage (its handlers' needs included); the SQLite store implements it. */
export interface EngineStore extends HandlerStore {
  getSettings(): Partial<Settings>;
  saveSettings(settings: Settings): void;
  /** Sessions a crash had left open, recovered when the store opened. */
  readonly recoveredAtOpen?: readonly SessionSummary[];
  /** Remembered sensors, for reconnecting them. */
  listDevices(): DeviceInfo[];
  rememberDevice(d: DeviceInfo): void;
  forgetDevice(id: string): boolean;
  close(): void;
}

export interface EngineOptions {
  dataDir: string;
  transport: AppInfo['transport'];
  /** Opens the store; failures are shown to the person, not thrown. */
  openStore?: (dataDir: string) => EngineStore;
  /** HTML -> PDF for report exports (Electron's printToPDF in the app). */
  printToPdf?: PrintToPdf;
  /** The export worker's entry file, where a build puts it (see HandlerContext.exportWorker). */
  exportWorker?: string;
  /** Starts a new database beside an unreadable one (the old file is never touched). */
  startFreshStore?: (dataDir: string) => EngineStore;
  /** Where the engine logs (default: nowhere), and the file it goes to, for the person to find. */
  log?: Logger;
  logFile?: string;
  /** Opens a folder in the system's file manager (Electron's shell.openPath: '' or an error). */
  openFolder?: (folder: string) => Promise<string>;
}

export type BluetoothMode = 'auto' | 'demo' | 'off';

/** The demo sensors' set-up: replay speed, time origin, and which devices replay which files. */
export interface DemoSimOptions {
  speed?: number;
  originMs?: number;
  devices?: SimDeviceSpec[];
  athleteSeed?: number;
}

const NO_BLUETOOTH_YET: BluetoothStatus = {
  state: 'unknown',
  message: 'Bluetooth has not been checked yet.',
  fix: null,
  demoAvailable: true,
};

export class Engine {
  readonly events = new EventHub();
  readonly router: CommandRouter;
  /** The live workout: built, fed from the devices and closed by the engine. */
  readonly workout: WorkoutService;
  private readonly deviceList: DeviceListWatch;
  private readonly ctx: HandlerContext;
  readonly log: Logger;
  private store: EngineStore | null = null;
  private storeProblem: string | null = null;
  private storeProblemKind: AppInfo['databaseProblemKind'] = null;
  private recovered: AppInfo['recoveredSessions'] = [];
  private settings: Settings = { ...DEFAULT_SETTINGS };
  private closed = false;
  private devices: DeviceManager | null = null;
  /** The radio's own status, kept while the demo sensors stand in for it. */
  private radio: AdapterStatus | null = null;
  private bluetoothStarting: Promise<void> | null = null;

  constructor(private readonly options: EngineOptions) {
    this.log = options.log ?? silentLogger();
    if (options.openStore) {
      const open = options.openStore;
      this.adoptStore(() => open(options.dataDir));
    } else {
      this.storeProblem = 'No database was opened for this engine.';
    }
    const base = {
      dataDir: options.dataDir,
      events: this.events,
      log: this.log,
      settings: () => this.settings,
      store: () => this.store,
      devices: () => this.devices,
      now: () => this.devices?.clock.now() ?? Date.now(),
      useDemoSensors: () => this.startBluetooth('demo'),
      printToPdf: options.printToPdf,
      exportWorker: options.exportWorker,
    };
    this.workout = createLiveWorkout(base);
    this.deviceList = new DeviceListWatch(() => this.events.emit('devices.changed', describeDevices(base, this.deviceList.scanning)));
    this.ctx = { ...base, workout: this.workout, deviceList: this.deviceList };
    // Every device manager (the radio's, or the demo sensors' that replace it) feeds the
    // workout, the device list and the log.
    this.onDevices((manager) => {
      feedFromDevices(manager, (input) => this.workout.ingest(input));
      this.deviceList.attach(manager);
      logBluetooth(manager, this.log);
    });
    // Every notice the person reads (store errors among them) is in the log too.
    this.events.subscribe((event, payload) => {
      if (event !== 'notice') return;
      const n = payload as EventPayload<'notice'>;
      this.log[n.level === 'warning' ? 'warn' : n.level]({ event: 'notice' }, n.message);
    });
    this.router = new CommandRouter(this.handlers());
    this.followWorkoutWithDemoAthlete();
  }

  /** The demo sensors' athlete does what the workout asks (a no-op with real sensors). */
  private followWorkoutWithDemoAthlete(): void {
    const follower = followWorkout((cue) => {
      const devices = this.devices;
      if (devices?.status().backend === 'simulator') void devices.cueAthlete(cue).catch(() => undefined);
    });
    this.events.subscribe((event, payload) => {
      if (event === 'workout.frame') follower.frame(payload as EventPayload<'workout.frame'>);
    });
    this.onDevices(() => follower.resend());
  }

  private adoptStore(open: () => EngineStore): void {
    try {
      this.store = open();
      this.storeProblem = null;
      this.storeProblemKind = null;
      this.settings = { ...DEFAULT_SETTINGS, ...this.store.getSettings() };
      this.recovered = (this.store.recoveredAtOpen ?? []).map((s) => ({ id: s.id, name: s.name }));
      this.log.info({ event: 'store-open', path: this.store.path }, 'database open');
      if (this.recovered.length > 0) {
        this.log.warn({ event: 'sessions-recovered', sessions: this.recovered.map((s) => s.id) }, `recovered ${this.recovered.length} session(s) a crash had left open`);
      }
    } catch (err) {
      this.storeProblem = err instanceof Error ? err.message : String(err);
      const kind = (err as { kind?: unknown }).kind;
      this.storeProblemKind =
        kind === 'corrupt' || kind === 'newer-version' || kind === 'locked' || kind === 'readonly' || kind === 'io' ? kind : 'install';
      this.log.error({ event: 'store-open-failed', kind: this.storeProblemKind }, this.storeProblem);
    }
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  info(): AppInfo {
    return {
      name: 'SetBeat',
      version: APP_VERSION,
      protocol: PROTOCOL_VERSION,
      platform: process.platform,
      dataDir: this.options.dataDir,
      databasePath: this.store?.path ?? path.join(this.options.dataDir, DB_FILE_NAME),
      databaseState: this.store ? 'open' : 'unavailable',
      databaseProblem: this.storeProblem,
      databaseProblemKind: this.storeProblemKind,
      recoveredSessions: this.recovered,
      transport: this.options.transport,
      bluetooth: this.bluetoothStatus(),
    };
  }

  /** The radio as the person should see it: what is wrong and the one line that fixes it. */
  bluetoothStatus(): BluetoothStatus {
    const radio = this.radio ?? (this.devices?.status().backend === 'noble' ? this.devices.status() : null);
    if (!radio) {
      return this.devices ? { ...NO_BLUETOOTH_YET, state: 'unknown', message: 'Using the demo sensors; the Bluetooth radio was not tried.' } : NO_BLUETOOTH_YET;
    }
    const state: BluetoothStatus['state'] =
      radio.state === 'ready' || radio.state === 'starting' || radio.state === 'unauthorized' || radio.state === 'unsupported' || radio.state === 'powered-off'
        ? radio.state
        : 'unavailable';
    return { state, message: radio.message, fix: radio.fix || null, demoAvailable: true };
  }

  /**
   * Starts Bluetooth in its child process: the radio, falling back to the demo sensors where
   * the radio is unusable ('auto'), or the demo sensors alone ('demo').
   */
  startBluetooth(mode: Exclude<BluetoothMode, 'off'>, sim?: DemoSimOptions): Promise<void> {
    const run = async (): Promise<void> => {
      const previous = this.devices;
      this.devices = null;
      await previous?.close();
      const memory: DeviceMemory | undefined = this.store ? storeDeviceMemory(this.store) : undefined;
      const started = await startBluetooth({ demo: mode === 'demo', memory, sim });
      if (this.closed) {
        await started.manager.close();
        return;
      }
      this.devices = started.manager;
      if (started.radio) this.radio = started.radio;
      started.manager.on('status', () => this.events.emit('bluetooth.status', this.bluetoothStatus()));
      this.events.emit('bluetooth.status', this.bluetoothStatus());
      this.deviceListeners.forEach((attach) => attach(started.manager));
    };
    const pending = (this.bluetoothStarting ?? Promise.resolve()).then(run, run);
    this.bluetoothStarting = pending.catch((err: unknown) => {
      this.log.error({ event: 'bluetooth-start-failed', mode }, err instanceof Error ? err.message : String(err));
      this.events.emit('notice', { level: 'error', message: `Bluetooth could not start: ${err instanceof Error ? err.message : String(err)}` });
    });
    return this.bluetoothStarting;
  }

  /**
   * An export for a browser to download (web mode): written to a temporary folder, handed
   * over, then removed. Every session: progress events as for the export to a folder.
   */
  async prepareDownload(what: number | 'all', format: ExportFormat): Promise<PreparedDownload> {
    const store = this.requireStore();
    try {
      return await prepareDownload(store, what, format, {
        printToPdf: this.options.printToPdf,
        now: new Date(),
        onProgress: what === 'all' ? (p) => this.events.emit('export.progress', { done: p.done, total: p.total, format }) : undefined,
        // Off the engine's thread, like History's exports (a store in memory has no file to share).
        worker: { dbFile: store.path, entry: this.options.exportWorker },
      });
    } catch (err) {
      if (err instanceof ExportWorkerError && err.notStarted) this.log.error({ event: 'export-worker-failed', format, download: true }, err.message);
      throw err;
    }
  }

  /**
   * The desktop window's export to where the person picked (src/engine/export/save-dialog.ts).
   * Not a contract command: a page must never name a path on this computer to write.
   */
  readonly exportTarget: ExportTarget = {
    session: (id) => {
      const store = this.requireStore();
      const s = store.getSessionSummary?.(id) ?? store.getSession(id);
      return s ? { id: s.id, startedAt: s.startedAt } : null;
    },
    exportTo: async (what: number | 'all', format: ExportFormat, out: string): Promise<SavedExport> => {
      const store = this.requireStore();
      const saved = await exportTo(store, what, format, out, {
        printToPdf: this.options.printToPdf,
        workerEntry: this.options.exportWorker,
        onProgress: (done, total) => this.events.emit('export.progress', { done, total, format }),
      });
      this.log.info({ event: what === 'all' ? 'export-all' : 'export', session: what, format, files: saved.files.length }, 'exported to a chosen place');
      return saved;
    },
  };

  /** Resolves once Bluetooth (or the demo sensors) has finished starting. */
  async bluetoothReady(): Promise<void> {
    await this.bluetoothStarting;
  }

  private readonly deviceListeners = new Set<(manager: DeviceManager) => void>();

  /** Runs `attach` on the current device manager and on every one that replaces it. */
  onDevices(attach: (manager: DeviceManager) => void): void {
    this.deviceListeners.add(attach);
    if (this.devices) attach(this.devices);
  }

  private requireStore(): EngineStore {
    if (!this.store) throw new CommandError(this.storeProblem ?? 'The database is not open.');
    return this.store;
  }

  private handlers(): Handlers {
    const ctx = this.ctx;
    return {
      'app.info': () => this.info(),
      'app.ping': ({ echo }) => ({ echo, engineTime: Date.now() }),
      'app.openLogFolder': async () => {
        const file = this.options.logFile;
        if (!file) throw new CommandError('This engine keeps no log file.');
        const folder = path.dirname(file);
        const open = this.options.openFolder;
        // Web mode has no file manager to open on the engine's machine: the page shows the path.
        if (!open) return { folder, file, opened: false };
        const problem = await open(folder);
        if (problem) throw new CommandError(`The log folder could not be opened: ${problem}. It is ${folder}.`);
        return { folder, file, opened: true };
      },
      'database.startFresh': () => {
        if (this.store) throw new CommandError('The database is open and working; there is nothing to replace.');
        const fresh = this.options.startFreshStore;
        if (!fresh) throw new CommandError('This engine cannot start a new database.');
        if (this.storeProblemKind === 'locked' || this.storeProblemKind === 'install') {
          throw new CommandError('A new database would not help here: ' + (this.storeProblem ?? ''));
        }
        this.adoptStore(() => fresh(this.options.dataDir));
        const opened = this.store as EngineStore | null;
        if (opened) {
          this.events.emit('notice', { level: 'info', message: `Started a new database at ${opened.path}. The old file was left as it was.` });
          this.events.emit('sessions.changed', { reason: 'database-replaced' });
        }
        return this.info();
      },
      'settings.get': () => this.settings,
      'settings.update': (patch) => {
        const next: Settings = { ...this.settings, ...patch };
        this.store?.saveSettings(next);
        this.settings = next;
        this.events.emit('settings.changed', next);
        return next;
      },
      'sessions.list': ({ search, limit }) => ({ sessions: this.requireStore().listSessions({ search, limit }) }),
      'exercises.list': () => ({ exercises: EXERCISE_IDS.map((id) => ({ id, name: EXERCISE_NAMES[id] })) }),
      ...workoutHandlers(ctx),
      ...devicesHandlers(ctx),
      ...sessionsHandlers(ctx),
      ...routinesHandlers(ctx),
      ...learnHandlers(ctx),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.log.info({ event: 'engine-close' }, 'closing');
    // Quitting mid-workout saves the session as finished (a crash would leave it "recovered").
    try {
      this.workout.close();
    } catch (err) {
      this.events.emit('notice', { level: 'error', message: `The workout could not be closed cleanly: ${err instanceof Error ? err.message : String(err)}` });
    }
    teachServiceOf(this.events)?.dispose();
    this.workout.dispose();
    this.deviceList.close();
    await this.bluetoothStarting;
    const devices = this.devices;
    this.devices = null;
    await devices?.close();
    this.store?.close();
    this.store = null;
  }
}
