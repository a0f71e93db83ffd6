import { defineConfig } from 'vitest/config';

/** Files that measure this process's memory: a shared worker's heap carries other files' garbage. */
const OWN_PROCESS = ['test/engine/io/acc-csv.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    // Failure guards only, never a pace: on a busy 2-core machine (two CPU burners beside the
    // run) a browser test that takes 11 s alone was seen to pass 30 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Browser and child-process suites are heavy on a 2-core machine.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          // Pure logic (numbers in, values out, no module state): one module graph per worker
          // instead of one per file saves most of these files' import time.
          name: 'core',
          include: ['test/core/**/*.test.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // The engine, CLI, web and browser tests: each builds its own engine, store and server
          // in a temp folder and closes them, so they too can share the loaded modules.
          name: 'app',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts'],
          exclude: ['test/core/**', 'test/faults/**', 'test/main/**', ...OWN_PROCESS, '**/node_modules/**'],
          isolate: false,
          // One Chromium for the run; browser test files connect to it (test/helpers/browser.ts).
          globalSetup: ['test/helpers/chromium-server.ts'],
        },
      },
      {
        extends: true,
        test: {
          // A file each: fault tests kill processes and fill disks, Electron-main tests mock
          // electron, and a heap measurement must not see what earlier files left behind.
          name: 'isolated',
          include: ['test/faults/**/*.test.ts', 'test/main/**/*.test.ts', ...OWN_PROCESS],
        },
      },
    ],
  },
});
