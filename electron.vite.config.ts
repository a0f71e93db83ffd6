import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Native and Node-only packages stay outside the bundles (electron-vite externalizes
// dependencies by default); better-sqlite3 and noble are loaded from node_modules at run time.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // Web mode and the CLI print PDFs through playwright-core; the app uses Electron's own
        // printToPDF, so the (dev-only) package stays out of the bundle.
        external: ['playwright-core'],
        // The Bluetooth child process is its own entry: the engine forks out/main/child-main.js.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'child-main': resolve(__dirname, 'src/engine/bluetooth/child-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: bundle zod and the contract in,
      // and emit CommonJS, since a sandboxed preload cannot be an ES module.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
