/** Builds the engine with everything it owns; shared by the Electron app, web mode and tests. */
import fs from 'node:fs';
import path from 'node:path';
import { Engine, type BluetoothMode, type EngineOptions } from './engine';
import { acquireInstanceLock, type InstanceLock } from './instance-lock';
import { openStore, startFreshBeside, useSqliteNativeBinding } from './store/index';
import { createFileLogger, type FileLogger } from './log/logger';
import { APP_VERSION } from './version';

export interface CreateEngineOptions {
  dataDir: string;
  transport: EngineOptions['transport'];
  /**
   * 'auto': the Bluetooth radio, or the demo sensors where it is unusable (the app's default);
   * 'demo': simulated sensors only (`--demo`); 'off': no Bluetooth process (most tests).
   */
  bluetooth?: BluetoothMode;
  /** Simulator speed-up for demo sensors (tests replay faster than real time). */
  simSpeed?: number;
  /** Under Electron: the folder holding the Electron-ABI build of better-sqlite3. */
  electronNativeDir?: string;
  printToPdf?: EngineOptions['printToPdf'];
  /** The export worker's entry file where the build emitted it (the Electron app's out/main). */
  exportWorker?: EngineOptions['exportWorker'];
  /**
   * The caller holds the data folder's instance lock already (web mode takes it first, to
   * refuse to start at all). Otherwise the engine takes it before it opens the database, and
   * a folder another live SetBeat records into is shown as the database problem.
   */
  holdsInstanceLock?: boolean;
  /** Opens a folder in the file manager (the Electron app passes shell.openPath). */
  openFolder?: EngineOptions['openFolder'];
  /** Log to `<dataDir>/logs/setbeat.log` (default true). */
  logToFile?: boolean;
}

/** The data folder's log file; a folder that cannot take one leaves the engine without a log. */
function fileLogger(dataDir: string): FileLogger | null {
  try {
    return createFileLogger(dataDir);
  } catch {
    return null;
  }
}

/** Explains the one store failure that is about the install, not the file. */
function storeOpener(electronNativeDir: string | undefined): EngineOptions['openStore'] {
  const binding = electronNativeDir ? path.join(electronNativeDir, 'better_sqlite3.node') : undefined;
  const haveBinding = binding !== undefined && fs.existsSync(binding);
  if (process.versions.electron) useSqliteNativeBinding(haveBinding ? binding : undefined);
  return (dataDir) => {
    try {
      return openStore(dataDir);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (process.versions.electron && /NODE_MODULE_VERSION|did not self-register|invalid ELF/.test(message)) {
        throw new Error(
          'SQLite is not built for this version of Electron, so sessions cannot be saved. Run `npm run rebuild:electron` and restart SetBeat.',
          { cause: err },
        );
      }
      throw err;
    }
  };
}

export function createEngine(options: CreateEngineOptions): Engine {
  let lock: InstanceLock | null = null;
  const openStoreLocked = storeOpener(options.electronNativeDir);
  const logger = options.logToFile === false ? null : fileLogger(options.dataDir);
  logger?.log.info({ event: 'engine-start', version: APP_VERSION, transport: options.transport, platform: process.platform, electron: process.versions.electron ?? null }, 'SetBeat engine starting');
  const engine = new Engine({
    dataDir: options.dataDir,
    transport: options.transport,
    openStore: (dataDir) => {
      // Throws InstanceLockedError (its message names the running SetBeat) into the Engine,
      // which shows it as why sessions cannot be saved; nothing is opened.
      if (!options.holdsInstanceLock) lock ??= acquireInstanceLock(dataDir, { transport: options.transport });
      return openStoreLocked!(dataDir);
    },
    startFreshStore: (dataDir) => startFreshBeside(dataDir),
    printToPdf: options.printToPdf,
    exportWorker: options.exportWorker,
    log: logger?.log,
    logFile: logger?.file,
    openFolder: options.openFolder,
  });
  // Held for the engine's whole life (a fresh database beside the old one is still this folder).
  const close = engine.close.bind(engine);
  engine.close = async () => {
    try {
      await close();
    } finally {
      lock?.release();
      lock = null;
      logger?.close();
    }
  };
  const mode = options.bluetooth ?? 'off';
  if (mode !== 'off') void engine.startBluetooth(mode, options.simSpeed ? { speed: options.simSpeed } : undefined);
  return engine;
}
