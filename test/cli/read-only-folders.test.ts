/**
 * The commands that only read (sessions, export, backup) refuse a data folder that does not
 * exist, with the same words and exit code, and leave no folder or empty database behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';

describe('a --data-dir that does not exist', () => {
  const missing = path.join(os.tmpdir(), `setbeat-no-such-folder-${process.pid}`, 'data');
  const cases: [string, string[]][] = [
    ['sessions', ['sessions']],
    ['export', ['export', 'all', '--format', 'json', '--out', path.join(os.tmpdir(), `setbeat-out-${process.pid}`)]],
    ['backup', ['backup', path.join(os.tmpdir(), `setbeat-backup-${process.pid}.db`)]],
  ];
  for (const [name, argv] of cases) {
    it(`${name} refuses it and creates nothing`, async () => {
      const r = await runCli([...argv, '--data-dir', missing]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`there is no SetBeat data in ${missing} (nothing recorded yet, or another --data-dir)`);
      expect(fs.existsSync(missing)).toBe(false);
      expect(fs.existsSync(path.dirname(missing))).toBe(false);
    });
  }

  it('with --json, stdout stays empty and the message goes to stderr', async () => {
    const r = await runCli(['sessions', '--json', '--data-dir', missing]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/there is no SetBeat data/);
  });
});
