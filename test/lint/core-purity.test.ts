/**
 * src/core is pure by a deny-by-default lint rule: only its own files, src/shared and the listed
 * pure packages may be imported, and the host's clock, timers and globals may not be touched.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(file: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

describe('core purity rule', () => {
  it.each([
    ["import { performance } from 'node:perf_hooks';\nexport const a = performance;\n", 'no-restricted-imports'],
    ["import { setTimeout as wait } from 'node:timers/promises';\nexport const a = wait;\n", 'no-restricted-imports'],
    ["import { createRequire } from 'node:module';\nexport const a = createRequire;\n", 'no-restricted-imports'],
    ["import type { Stats } from 'node:fs';\nexport type A = Stats;\n", 'no-restricted-imports'],
    ["import { z } from 'zod';\nexport const a = z;\n", 'no-restricted-imports'],
    ['export const t = Date.now();\n', 'no-restricted-properties'],
    ['export const t = performance.now();\n', 'no-restricted-globals'],
    ['export const d = new Date();\n', 'no-restricted-syntax'],
    ["export const load = () => import('node:fs');\n", 'no-restricted-syntax'],
    ['export const h = setTimeout(() => undefined, 10);\n', 'no-restricted-globals'],
    ['export const h = globalThis.setInterval(() => undefined, 10);\n', 'no-restricted-properties'],
    ['export const p = process.platform;\n', 'no-restricted-globals'],
    ["export const b = Buffer.from('x');\n", 'no-restricted-globals'],
  ])('fails in src/core: %s', async (code, rule) => {
    const found = await problems('src/core/sensors/x.ts', code);
    expect(found.map((p) => p.ruleId)).toContain(rule);
  });

  it.each([
    "import { EXERCISE_IDS } from '../../shared/exercises';\nexport const a = EXERCISE_IDS;\n",
    "import { parseHeartRateMeasurement } from '../ble/heart-rate';\nexport const a = parseHeartRateMeasurement;\n",
    "import { Encoder } from '@garmin/fitsdk';\nexport const a = Encoder;\n",
    'export const at = (now: () => number): number => now() + new Date(0).getTime();\n',
  ])('allows in src/core: %s', async (code) => {
    expect(await problems('src/core/sensors/x.ts', code)).toEqual([]);
  });

  it('leaves the engine free to use the host (the rule is for src/core only)', async () => {
    const code = "import { performance } from 'node:perf_hooks';\nexport const t = [Date.now(), performance.now(), process.pid];\n";
    expect(await problems('src/engine/x.ts', code)).toEqual([]);
  });

  it('holds for the whole of src/core as it is', async () => {
    const results = await eslint.lintFiles(['src/core/**/*.ts']);
    const broken = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(broken).toEqual([]);
  });
});
