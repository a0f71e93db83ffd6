/**
 * The engine: one object that owns the data folder, the store, the sensors and the live
 * session. It has no electron import, so the Electron main process, the web server, the CLI
 * and the tests all run the same one.
 */
import path from 'node:path';
import { DEFAULT_SETTINGS, PROTOCOL_VERSION, type AppInfo, type BluetoothStatus, type Settings } from '../shared/contract';
import { EXERCISE_IDS, EXERCISE_NAMES } from '../shared/exercises';
import { DB_FILE_NAME } from './paths';
import { EventHub } from './events';
import { CommandError, CommandRouter, type Handlers } from './router';
import { APP_VERSION } from './version';
import { workoutHandlers } from './handlers/workout';
import { asHandlerStore, type HandlerContext } from './handlers/context';
import { devicesHandlers } from './handlers/devices';
import { sessionsHandlers } from './handlers/sessions';
import { routinesHandlers } from './handlers/routines';
import type { SessionSummary } from '../shared/domain';

/** What the engine needs from storage; the SQLite store implements it. */
export interface EngineStore {
  readonly path: string;
  getSettings(): Partial<Settings>;
  saveSettings(settings: Settings): void;
  listSessions(opts: { search?: string; limit?: number }): SessionSummary[];
  close(): void;
}

export interface EngineOptions {
  dataDir: string;
  transport: AppInfo['transport'];
  /** Opens the store; failures are shown to the person, not thrown. */
  openStore?: (dataDir: string) => EngineStore;
  bluetoothStatus?: () => BluetoothStatus;
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
  private store: EngineStore | null = null;
  private storeProblem: string | null = null;
  private settings: Settings = { ...DEFAULT_SETTINGS };
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    if (options.openStore) {
      try {
        this.store = options.openStore(options.dataDir);
        this.settings = { ...DEFAULT_SETTINGS, ...this.store.getSettings() };
      } catch (err) {
        this.storeProblem = err instanceof Error ? err.message : String(err);
      }
    } else {
      this.storeProblem = 'No database was opened for this engine.';
    }
    this.router = new CommandRouter(this.handlers());
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
      transport: this.options.transport,
      bluetooth: this.options.bluetoothStatus?.() ?? NO_BLUETOOTH_YET,
    };
  }

  private requireStore(): EngineStore {
    if (!this.store) throw new CommandError(this.storeProblem ?? 'The database is not open.');
    return this.store;
  }

  private handlers(): Handlers {
    const ctx: HandlerContext = { dataDir: this.options.dataDir, events: this.events, settings: () => this.settings, store: () => asHandlerStore(this.store), devices: () => null, now: () => Date.now() };
    return {
      'app.info': () => this.info(),
      'app.ping': ({ echo }) => ({ echo, engineTime: Date.now() }),
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
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.store?.close();
    this.store = null;
  }
}
