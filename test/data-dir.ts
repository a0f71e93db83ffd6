/** Locates ../shared/data (the real recordings); tests skip with a clear message without it. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SHARED_DATA_DIR = path.resolve(here, '..', '..', 'shared', 'data');
export const HAS_SHARED_DATA = fs.existsSync(path.join(SHARED_DATA_DIR, 'README.md'));
export const SHARED_REFERENCE_DIR = path.resolve(here, '..', '..', 'shared', 'reference');
export const HAS_SHARED_REFERENCE = fs.existsSync(SHARED_REFERENCE_DIR);

export function explainMissingData(what: string): string {
  return `${what}: skipped, ../shared/data is not present beside this checkout (it holds the real recordings used for evaluation).`;
}
