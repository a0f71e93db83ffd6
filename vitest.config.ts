import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts'],
    environment: 'node',
    // One Chromium for the run; browser test files connect to it (test/helpers/browser.ts).
    globalSetup: ['test/helpers/chromium-server.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and child-process suites are heavy on a 2-core machine.
    maxWorkers: 2,
  },
});
