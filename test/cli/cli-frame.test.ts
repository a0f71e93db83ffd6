/** The CLI's frame: help, unknown commands and bad flags (exit 2), --json, errors (exit 1). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { UserFacingError, type CliCommand } from '../../src/engine/cli/command';

const echo: CliCommand = {
  name: 'echo',
  summary: 'Repeats its argument',
  usage: 'echo WORD [--times N]',
  positionals: { min: 1, max: 1, names: 'one WORD' },
  options: { times: { type: 'string', description: 'how many times' } },
  async run(input) {
    const times = Number(input.options.times ?? 1);
    const words = Array.from({ length: times }, () => input.positionals[0]);
    return { json: { words, dataDir: input.dataDir }, text: words.join(' ') };
  },
};
const failing: CliCommand = {
  name: 'fail',
  summary: 'Always fails',
  usage: 'fail',
  positionals: { min: 0, max: 0, names: '' },
  options: {},
  async run() {
    throw new UserFacingError('the database at /x/setbeat.db is not a SetBeat database');
  },
};

describe('CLI frame', () => {
  it('lists commands with --help and exits 0', async () => {
    const r = await runCli(['--help'], [echo, failing]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/echo\s+Repeats its argument/);
    expect(r.stdout).toContain('--data-dir');
  });

  it('refuses an unknown command with exit code 2 and names the known ones', async () => {
    const r = await runCli(['frobnicate'], [echo, failing]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('echo, fail');
  });

  it('refuses an unknown flag and a wrong number of arguments with exit code 2 and the usage', async () => {
    const bad = await runCli(['echo', 'hi', '--loud'], [echo]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--loud'/);
    expect(bad.stderr).toContain('Usage: npm run -s cli -- echo WORD [--times N]');
    const none = await runCli(['echo'], [echo]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('echo expects one WORD');
  });

  it('prints one JSON document with --json and resolves --data-dir', async () => {
    const r = await runCli(['echo', 'rep', '--times', '3', '--json', '--data-dir', '/tmp/sb-x'], [echo]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ words: ['rep', 'rep', 'rep'], dataDir: '/tmp/sb-x' });
    const plain = await runCli(['echo', 'rep', '--times', '2'], [echo]);
    expect(plain.stdout).toBe('rep rep\n');
  });

  it('shows a failure the person can act on, with exit code 1', async () => {
    const r = await runCli(['fail'], [failing]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('setbeat fail: the database at /x/setbeat.db is not a SetBeat database\n');
  });

  it('runs as `npm run -s cli` with the real exit codes', () => {
    const help = spawnSync('npm', ['run', '-s', 'cli', '--', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('SetBeat command line');
    const unknown = spawnSync('npm', ['run', '-s', 'cli', '--', 'no-such-command'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "no-such-command"');
  });
});
