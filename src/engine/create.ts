/** Builds the engine with everything it owns; shared by the Electron app, web mode and tests. */
import { Engine, type EngineOptions } from './engine';

export interface CreateEngineOptions {
  dataDir: string;
  transport: EngineOptions['transport'];
  /** Start with the simulated "demo" sensors. */
  demo?: boolean;
  /** Under Electron: the folder holding the Electron-ABI build of better-sqlite3. */
  electronNativeDir?: string;
}

export function createEngine(options: CreateEngineOptions): Engine {
  return new Engine({
    dataDir: options.dataDir,
    transport: options.transport,
  });
}
