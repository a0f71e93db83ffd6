/** Web mode for browser tests: a temp data folder, an engine, the server on a free port, Chromium. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createEngine, type CreateEngineOptions } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import { HAS_CHROMIUM, launchChromium } from './browser';

export const RENDERER_DIR = path.resolve('out/renderer');
/** Browser tests need Chromium and the built renderer (`npm test` builds it first). */
export const CAN_RUN_BROWSER_TESTS = HAS_CHROMIUM && fs.existsSync(path.join(RENDERER_DIR, 'index.html'));

export interface WebApp {
  dataDir: string;
  engine: Engine;
  server: RunningWebServer;
  browser: Browser;
  close(): Promise<void>;
}

export interface WebAppOptions {
  /** Fills the data folder before the engine opens it (a damaged file, stored sessions...). */
  prepare?: (dataDir: string) => void;
  engine?: Omit<CreateEngineOptions, 'dataDir' | 'transport'>;
  /** Runs after the engine exists and before the server starts (e.g. start demo sensors). */
  setUp?: (engine: Engine, dataDir: string) => Promise<void>;
}

export async function startWebApp(options: WebAppOptions = {}): Promise<WebApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-web-app-'));
  options.prepare?.(dataDir);
  const engine = createEngine({ dataDir, transport: 'web', ...options.engine });
  await options.setUp?.(engine, dataDir);
  const server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR });
  const browser = await launchChromium();
  return {
    dataDir,
    engine,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await engine.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
