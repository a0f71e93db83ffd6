import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { build as viteBuild, type Plugin } from 'vite';

/**
 * Emits `<name>.mjs` beside the main bundle as one self-contained file, built on its own so it
 * shares no chunk with index.js: a worker thread started from it loads only what it needs,
 * and packaging unpacks one file (electron-builder.yml). Pure-JS packages are bundled in;
 * `external` (native code) is loaded from node_modules as in the main process. `.mjs`, since
 * the unpacked copy has no package.json ("type": "module") above it: that one is in app.asar.
 */
function selfContainedEntry(name: string, entry: string, external: string[]): Plugin {
  return {
    name: 'setbeat:self-contained-entry',
    apply: 'build',
    async generateBundle() {
      const result = await viteBuild({
        configFile: false,
        root: __dirname,
        logLevel: 'warn',
        ssr: { target: 'node', noExternal: true },
        build: {
          ssr: entry,
          write: false,
          target: 'node22',
          minify: false,
          sourcemap: false,
          rollupOptions: {
            external: (id) => external.some((pkg) => id === pkg || id.startsWith(`${pkg}/`)),
            output: { format: 'es', entryFileNames: `${name}.mjs`, codeSplitting: false },
          },
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
      const chunks = outputs.filter((o) => o.type === 'chunk');
      if (chunks.length !== 1) throw new Error(`${name}: expected one self-contained file, got ${chunks.map((c) => c.fileName).join(', ')}`);
      // Only run-time dependencies may be bundled in: a dev dependency (playwright-core, say)
      // is absent from an installed app.
      const { dependencies } = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      const bundled = new Set(chunks[0].moduleIds.map((id) => /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id)?.[1].replace('\\', '/')).filter((p) => p !== undefined));
      const strays = [...bundled].filter((p) => !(p in dependencies));
      if (strays.length) throw new Error(`${name} would bundle ${strays.join(', ')}, not a run-time dependency of the app`);
      this.emitFile({ type: 'asset', fileName: `${name}.mjs`, source: chunks[0].code });
    },
  };
}

// Native and Node-only packages stay outside the bundles (electron-vite externalizes
// dependencies by default); better-sqlite3 and noble are loaded from node_modules at run time.
export default defineConfig({
  main: {
    // Exports run on a worker thread (src/engine/export/export-off-thread.ts), started from
    // out/main/export-worker.mjs; only better-sqlite3 (native) stays outside it.
    plugins: [selfContainedEntry('export-worker', resolve(__dirname, 'src/engine/export/export-worker.ts'), ['better-sqlite3'])],
    build: {
      rollupOptions: {
        // playwright-core is a dev dependency (the tests drive Chromium with it): never bundled.
        // PDFs print through Electron's printToPDF in the app, an installed browser elsewhere.
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
