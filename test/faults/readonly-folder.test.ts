/**
 * Issue 17 item 11: a data folder that cannot be written (made immutable with `chattr +i`,
 * which binds root too) still lists, exports and backs up its sessions, reading a copy, and
 * says plainly that recording and importing need a writable folder; an import there is
 * refused with that reason. Real CLI, real SQLite file; skipped where chattr is refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-ro-folder-'));
const dataDir = path.join(tmp, 'data');

function tryRun(cmd: string, args: string[]): string | null {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `${cmd} ${args.join(' ')}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
}
const probe = path.join(tmp, 'probe');
fs.mkdirSync(probe);
const chattrProblem = tryRun('chattr', ['+i', probe]) ?? tryRun('chattr', ['-i', probe]);

afterAll(() => {
  tryRun('chattr', ['-i', dataDir]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(chattrProblem !== null)(`a read-only data folder${chattrProblem ? ` [skipped: ${chattrProblem}]` : ''}`, () => {
  it('lists, exports and backs up from a copy, says why it cannot record, and refuses an import and web mode', async () => {
    const csv = path.join(tmp, 'a.acc.csv');
    fs.writeFileSync(csv, 't,ax,ay,az\n' + Array.from({ length: 200 }, (_, i) => `${(i / 50).toFixed(2)},0,0,1`).join('\n') + '\n');
    expect((await runCli(['import', csv, '--exercise', 'squat', '--data-dir', dataDir])).exitCode).toBe(0);
    execFileSync('chattr', ['+i', dataDir]);
    const before = fs.readdirSync(dataDir).sort();

    const list = await runCli(['sessions', '--data-dir', dataDir, '--json']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { sessions: unknown[] }).sessions).toHaveLength(1);
    expect(list.stderr).toMatch(/cannot be written.*cannot record or import until the folder is writable/);

    const out = path.join(tmp, 'out.json');
    const exported = await runCli(['export', '1', '--format', 'json', '--out', out, '--data-dir', dataDir]);
    expect(exported.exitCode, exported.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ format: 'setbeat-session' });

    const backup = await runCli(['backup', path.join(tmp, 'copy.db'), '--data-dir', dataDir]);
    expect(backup.exitCode, backup.stderr).toBe(0);

    const imported = await runCli(['import', csv, '--exercise', 'squat', '--data-dir', dataDir]);
    expect(imported.exitCode).toBe(1);
    expect(imported.stderr).toMatch(/cannot be written/);
    expect(fs.readdirSync(dataDir).sort()).toEqual(before);
    // Web mode cannot record here, and says so plainly instead of SQLite's bare words.
    let web: { status: number | null; stderr: string };
    try {
      execFileSync(process.execPath, ['--import', 'tsx', path.resolve('src/engine/web/start.ts'), '--port', '0', '--data-dir', dataDir], { stdio: 'pipe', timeout: 60_000 });
      web = { status: 0, stderr: '' };
    } catch (err) {
      const e = err as { status: number | null; stderr: Buffer };
      web = { status: e.status, stderr: String(e.stderr) };
    }
    expect(web.status).toBe(1);
    expect(web.stderr).toMatch(/cannot be written, so SetBeat cannot record or import there/);
    expect(web.stderr).not.toMatch(/unable to open database file/);
    expect(fs.readdirSync(dataDir).sort()).toEqual(before);
    // No copy left behind.
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('setbeat-readonly-'))).toEqual([]);
  }, 120_000);
});
