/**
 * Vitest global setup: one Chromium for the whole run. Each browser test file connects to it
 * (launchChromium) instead of starting its own, which saves a browser start and stop per file
 * on a 2-core machine; every file still gets its own contexts, so pages stay isolated.
 */
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, CHROMIUM_PATH, HAS_CHROMIUM } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the shared Chromium listens; empty when there is none (no Chromium here). */
    chromiumWsEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!HAS_CHROMIUM || process.env.SETBEAT_SHARED_CHROMIUM === '0') {
    project.provide('chromiumWsEndpoint', '');
    return async () => undefined;
  }
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  project.provide('chromiumWsEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
  };
}
