// Lint, and the layering of DESIGN.md: imports point down only (shared <- core <- engine <- main).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib',
];
const nodeBuiltins = [...NODE_BUILTINS, ...NODE_BUILTINS.map((m) => `node:${m}`)].map((name) => ({
  name,
  message: 'Node built-ins belong in src/engine or src/main, not in this layer.',
}));
// src/core is pure (bytes and numbers in, values out): deny by default. It imports its own
// files, src/shared and these packages only; no Node, no host clock or timers (pass them in).
// Pure JavaScript with no Node built-ins: the FIT encoder and the streaming JSON tokenizer.
const CORE_PURE_PACKAGES = ['@garmin/fitsdk', '@streamparser/json'];
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const coreDenyByDefault = {
  regex: `^(?!\\.{1,2}/|(?:${CORE_PURE_PACKAGES.map(escapeRe).join('|')})(?:/|$))`,
  message: `src/core is pure: it may import only itself, src/shared and ${CORE_PURE_PACKAGES.join(', ')} (no Node built-ins or other packages; see DESIGN.md).`,
};
const HOST = 'belongs to the host: pass a clock or timers into src/core (see DESIGN.md).';
const coreGlobals = ['process', 'Buffer', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval',
  'clearImmediate', 'performance', 'require', '__dirname', '__filename', 'global'].map((name) => ({ name, message: `${name} ${HOST}` }));
const coreProperties = [
  { object: 'Date', property: 'now', message: `Date.now ${HOST}` },
  { object: 'performance', property: 'now', message: `performance.now ${HOST}` },
  ...['setTimeout', 'setInterval', 'setImmediate', 'process', 'Buffer', 'performance'].map((property) => ({
    object: 'globalThis', property, message: `globalThis.${property} ${HOST}`,
  })),
];
const noElectron = { name: 'electron', message: 'Only src/main and src/preload may import electron.' };
const upward = (...layers) =>
  layers.map((layer) => ({
    group: [`**/${layer}`, `**/${layer}/**`],
    message: `This layer may not import src/${layer} (imports point down only; see DESIGN.md).`,
  }));
const nativeOrNode = ['better-sqlite3', '@abandonware/noble', '@abandonware/noble/*', 'ws'].map((name) => ({
  group: [name],
  message: 'Native and Node-only packages belong in src/engine.',
}));

export default tseslint.config(
  // Also the bundled copies of the vite configs that the build writes beside them for a moment
  // (lint runs beside the build in `npm test`: one listed, then gone, failed the lint once).
  { ignores: ['out/**', 'out-cli/**', 'dist/**', 'node_modules/**', 'test-results/**', '.native/**', '**/*.config.ts.*.mjs', '**/*.timestamp-*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, noElectron],
        patterns: [...upward('core', 'engine', 'main', 'preload', 'renderer'), ...nativeOrNode],
      }],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, noElectron],
        patterns: [...upward('engine', 'main', 'preload', 'renderer'), ...nativeOrNode, coreDenyByDefault],
      }],
      'no-restricted-globals': ['error', ...coreGlobals],
      'no-restricted-properties': ['error', ...coreProperties],
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: `new Date() reads the host clock, which ${HOST}`,
      }, {
        // import() escapes no-restricted-imports: core loads nothing at run time.
        selector: 'ImportExpression',
        message: 'src/core imports statically, and only what the layer rule allows (see DESIGN.md).',
      }],
    },
  },
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: upward('main', 'preload', 'renderer'),
      }],
    },
  },
  {
    files: ['src/main/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: upward('renderer') }] },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins,
        patterns: [...upward('core', 'engine', 'main', 'renderer'), ...nativeOrNode],
      }],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, noElectron],
        patterns: [...upward('core', 'engine', 'main', 'preload'), ...nativeOrNode],
      }],
    },
  },
);
