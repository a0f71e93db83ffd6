import { createRequire } from 'node:module';

const requireJson = createRequire(import.meta.url);

function readVersion(): string {
  for (const candidate of ['../../package.json', '../package.json', './package.json']) {
    try {
      const pkg = requireJson(candidate) as { name?: string; version?: string };
      if (pkg.name === 'setbeat' && pkg.version) return pkg.version;
    } catch {
      // try the next place: the bundle and the source tree sit at different depths
    }
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
