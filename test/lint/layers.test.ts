/** The layering of DESIGN.md is a lint rule: an import pointing up the layers fails. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rule', () => {
  it.each([
    ['src/core/reps/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n", 'Node built-ins'],
    ['src/core/reps/x.ts', "import { app } from 'electron';\nexport const a = app;\n", 'electron'],
    ['src/core/reps/x.ts', "import { Engine } from '../../engine/engine';\nexport const a = Engine;\n", 'src/engine'],
    ['src/core/reps/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n", 'Native'],
    ['src/shared/x.ts', "import { a } from '../core/reps/index';\nexport const b = a;\n", 'src/core'],
    ['src/engine/x.ts', "import { app } from 'electron';\nexport const a = app;\n", 'electron'],
    ['src/engine/x.ts', "import { registerIpc } from '../main/ipc';\nexport const a = registerIpc;\n", 'src/main'],
    ['src/renderer/src/x.ts', "import { Engine } from '../../engine/engine';\nexport const a = Engine;\n", 'src/engine'],
    ['src/renderer/src/x.ts', "import path from 'path';\nexport const a = path;\n", 'Node built-ins'],
    ['src/preload/x.ts', "import { createEngine } from '../engine/create';\nexport const a = createEngine;\n", 'src/engine'],
  ])('refuses in %s: %s', async (file, code, expected) => {
    const messages = await restrictedImports(file, code);
    expect(messages.join('\n')).toContain(expected);
  });

  it.each([
    ['src/core/reps/x.ts', "import { EXERCISE_IDS } from '../../shared/exercises';\nexport const a = EXERCISE_IDS;\n"],
    ['src/engine/x.ts', "import fs from 'node:fs';\nimport { EXERCISE_IDS } from '../shared/exercises';\nexport const a = [fs, EXERCISE_IDS];\n"],
    ['src/main/x.ts', "import { app } from 'electron';\nimport { createEngine } from '../engine/create';\nexport const a = [app, createEngine];\n"],
  ])('allows downward imports in %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
