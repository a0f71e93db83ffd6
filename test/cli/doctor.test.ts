/**
 * `doctor`: each Linux Bluetooth problem is found on a fake /sys, /proc and /etc tree (read with
 * the real file probes) and comes with the exact command that fixes it; getcap output is parsed
 * from the real tool; noble's state comes from the real probe script run in a child Node.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/engine/cli/main';
import { createDoctorCommand } from '../../src/engine/cli/commands/doctor';
import { createSystemProbes, runDoctor, type DoctorProbes, type NobleProbe } from '../../src/engine/doctor/index';
import { hasNetRaw, parseGetcap, shellQuote } from '../../src/engine/doctor/capabilities';
import { parseNobleProbe } from '../../src/engine/doctor/probes';
import type { RuntimeContext } from '../../src/engine/bluetooth/runtime';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-doctor-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Machine {
  adapters?: string[] | null;
  rfkill?: { type: string; name: string; soft: 0 | 1; hard: 0 | 1 }[];
  processes?: string[];
  groupLine?: string;
}

/** Writes a fake root: /sys/class/bluetooth, /sys/class/rfkill, /proc/PID/comm, /etc/group. */
function fakeRoot(name: string, m: Machine): string {
  const root = path.join(tmp, name);
  if (m.adapters !== null) {
    fs.mkdirSync(path.join(root, 'sys/class/bluetooth'), { recursive: true });
    for (const a of m.adapters ?? []) fs.mkdirSync(path.join(root, 'sys/class/bluetooth', a));
  }
  (m.rfkill ?? []).forEach((r, i) => {
    const dir = path.join(root, 'sys/class/rfkill', `rfkill${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'type'), `${r.type}\n`);
    fs.writeFileSync(path.join(dir, 'name'), `${r.name}\n`);
    fs.writeFileSync(path.join(dir, 'soft'), `${r.soft}\n`);
    fs.writeFileSync(path.join(dir, 'hard'), `${r.hard}\n`);
  });
  (m.processes ?? ['systemd', 'sshd']).forEach((comm, i) => {
    const dir = path.join(root, 'proc', String(100 + i));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'comm'), `${comm}\n`);
  });
  fs.mkdirSync(path.join(root, 'proc/self'), { recursive: true });
  fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
  fs.writeFileSync(path.join(root, 'etc/group'), ['root:x:0:', 'users:x:100:', m.groupLine ?? 'bluetooth:x:112:ann', ''].join('\n'));
  return root;
}

const NODE = '/usr/local/bin/node';
const linuxUser = (which: string | null): Partial<RuntimeContext> => ({
  platform: 'linux',
  uid: 1000,
  env: {},
  execPath: '/opt/SetBeat/setbeat',
  which: (n) => (n === 'node' ? which : null),
});

function probes(
  root: string,
  opts: { getcap?: string | null; noble?: NobleProbe; groups?: number[]; node?: string | null; platform?: NodeJS.Platform; nodeVersion?: string } = {},
): DoctorProbes {
  const base = createSystemProbes({
    root,
    platform: opts.platform ?? 'linux',
    uid: 1000,
    userName: 'ann',
    groups: opts.groups ?? [1000, 112],
    runtimeContext: { ...linuxUser(opts.node === undefined ? NODE : opts.node), platform: opts.platform ?? 'linux' },
  });
  const getcap = opts.getcap === undefined ? `${NODE} cap_net_raw=eip` : opts.getcap;
  return {
    ...base,
    electronBinary: null,
    realpath: (p) => p,
    isExecutable: (p) => p === NODE,
    run: async (cmd, args) => {
      if (cmd === NODE && args[0] === '--version') return { code: 0, stdout: `${opts.nodeVersion ?? 'v22.11.0'}\n`, stderr: '' };
      return cmd.endsWith('getcap') && getcap !== null ? { code: 0, stdout: getcap.replace(NODE, args[0] ?? ''), stderr: '' } : null;
    },
    probeNoble: async () => opts.noble ?? { loaded: true, state: 'poweredOn' },
  };
}

function byId(report: { checks: { id: string }[] }, id: string) {
  return report.checks.find((c) => c.id === id) as { id: string; ok: boolean; message: string; fix: string; severity: string } | undefined;
}

describe('doctor on Linux', () => {
  it('passes a ready machine and prints {checks: [{id, ok, message, fix}]} with --json', async () => {
    const root = fakeRoot('ready', { adapters: ['hci0'], rfkill: [{ type: 'bluetooth', name: 'hci0', soft: 0, hard: 0 }, { type: 'wlan', name: 'phy0', soft: 1, hard: 0 }] });
    const r = await runCli(['doctor', '--json'], [createDoctorCommand(() => probes(root))]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; logFile: string; checks: { id: string; ok: boolean; message: string; fix: string }[] };
    expect(report.ok).toBe(true);
    expect(report.logFile).toMatch(/[/\\]logs[/\\]setbeat\.log$/);
    expect(report.checks.map((c) => c.id)).toEqual(['adapter', 'rfkill', 'bluetooth-node', 'capability', 'bluetoothd', 'bluetooth-group', 'noble']);
    for (const c of report.checks) {
      expect(c).toMatchObject({ ok: true, fix: '' });
      expect(c.message.length).toBeGreaterThan(10);
    }
    expect(byId(report, 'adapter')?.message).toContain('hci0');
    expect(byId(report, 'capability')?.message).toContain(NODE);
  });

  it('finds every problem of a broken machine and gives the exact fix for each', async () => {
    const root = fakeRoot('broken', {
      adapters: [],
      rfkill: [{ type: 'bluetooth', name: 'hci0', soft: 1, hard: 0 }],
      processes: ['systemd', 'bluetoothd', 'sshd'],
      groupLine: 'bluetooth:x:112:bob',
    });
    const p = probes(root, { getcap: '', groups: [1000], noble: { loaded: true, state: 'unauthorized' } });
    const report = await runDoctor(p);
    expect(report.ok).toBe(false);
    expect(byId(report, 'adapter')).toMatchObject({ ok: false, severity: 'required' });
    expect(byId(report, 'adapter')?.fix).toContain('ls /sys/class/bluetooth');
    expect(byId(report, 'rfkill')).toMatchObject({ ok: false, fix: 'sudo rfkill unblock bluetooth' });
    expect(byId(report, 'capability')?.ok).toBe(false);
    expect(byId(report, 'capability')?.fix).toMatch(/^sudo setcap cap_net_raw\+eip \/usr\/local\/bin\/node\b/);
    expect(byId(report, 'bluetoothd')).toMatchObject({ ok: false, severity: 'advisory' });
    expect(byId(report, 'bluetoothd')?.message).toContain('pid 101');
    expect(byId(report, 'bluetoothd')?.fix).toContain('sudo systemctl stop bluetooth');
    expect(byId(report, 'bluetoothd')?.fix).toContain('sudo hciconfig hci0 down && sudo hciconfig hci0 up');
    expect(byId(report, 'bluetooth-group')).toMatchObject({ ok: false, severity: 'advisory' });
    expect(byId(report, 'bluetooth-group')?.fix).toContain('sudo usermod -aG bluetooth ann');
    expect(byId(report, 'noble')).toMatchObject({ ok: false, fix: 'sudo setcap cap_net_raw+eip /usr/local/bin/node' });

    const text = await runCli(['doctor'], [createDoctorCommand(() => p)]);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/FAIL\s+capability/);
    expect(text.stdout).toMatch(/warn\s+bluetoothd/);
    expect(text.stdout).toContain('fix: sudo rfkill unblock bluetooth');
    expect(text.stdout).toMatch(/Log file \(attach it when you report a problem\): .*setbeat\.log/);
  });

  it('tells a hard block from a soft one, and a member who must log in again from a stranger', async () => {
    const root = fakeRoot('hard', { adapters: ['hci1', 'hci0'], rfkill: [{ type: 'bluetooth', name: 'tpacpi_bluetooth_sw', soft: 1, hard: 1 }] });
    const report = await runDoctor(probes(root, { groups: [1000] }));
    const rfkill = byId(report, 'rfkill');
    expect(rfkill?.ok).toBe(false);
    expect(rfkill?.message).toContain('hardware switch');
    expect(rfkill?.message).toContain('tpacpi_bluetooth_sw');
    expect(rfkill?.fix).not.toContain('rfkill unblock');
    expect(byId(report, 'adapter')?.message).toContain('hci0, hci1');
    // ann is listed in /etc/group but this session's groups predate it.
    expect(byId(report, 'bluetooth-group')?.fix).toContain('newgrp bluetooth');
  });

  it('warnings alone exit 0; no bluetooth group means nothing to join', async () => {
    const root = fakeRoot('warn', { adapters: ['hci0'], processes: ['bluetoothd'], groupLine: 'audio:x:29:ann' });
    const report = await runDoctor(probes(root));
    expect(report.ok).toBe(true);
    expect(byId(report, 'bluetoothd')?.ok).toBe(false);
    expect(byId(report, 'bluetooth-group')).toMatchObject({ ok: true });
    const r = await runCli(['doctor'], [createDoctorCommand(() => probes(root))]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('1 warning');
  });

  it('without node on PATH says to install one (Electron must not hold the capability)', async () => {
    const root = fakeRoot('nonode', { adapters: ['hci0'] });
    const report = await runDoctor(probes(root, { node: null }));
    expect(byId(report, 'bluetooth-node')).toMatchObject({ ok: false });
    expect(byId(report, 'bluetooth-node')?.fix).toContain('SETBEAT_BT_NODE');
    expect(byId(report, 'capability')).toBeUndefined();
    expect(byId(report, 'noble')).toBeUndefined();
  });

  it('refuses a Node older than the helper needs (Ubuntu 22.04 ships 12)', async () => {
    const root = fakeRoot('oldnode', { adapters: ['hci0'] });
    const report = await runDoctor(probes(root, { nodeVersion: 'v12.22.9' }));
    const check = byId(report, 'bluetooth-node');
    expect(check?.ok).toBe(false);
    expect(check?.message).toContain('Node 12.22');
    expect(check?.fix).toContain('20.19');
    expect(byId(report, 'capability')).toBeUndefined();
    const recent = await runDoctor(probes(root, { nodeVersion: 'v20.19.0' }));
    expect(byId(recent, 'bluetooth-node')?.ok).toBe(true);
    const tooOldMinor = await runDoctor(probes(root, { nodeVersion: 'v20.18.3' }));
    expect(byId(tooOldMinor, 'bluetooth-node')?.ok).toBe(false);
  });

  it('says so when SETBEAT_BT_NODE names a file that is not there', async () => {
    const root = fakeRoot('badoverride', { adapters: ['hci0'] });
    const base = createSystemProbes({ root, platform: 'linux', uid: 1000, userName: 'ann', groups: [112], runtimeContext: { ...linuxUser(NODE), env: { SETBEAT_BT_NODE: path.join(tmp, 'gone/node') } } });
    const report = await runDoctor({ ...base, probeNoble: async () => ({ loaded: true, state: 'poweredOn' }) });
    const check = byId(report, 'bluetooth-node');
    expect(check?.ok).toBe(false);
    expect(check?.message).toContain(path.join(tmp, 'gone/node'));
    expect(check?.fix).toContain('SETBEAT_BT_NODE');
    expect(report.ok).toBe(false);
  });

  it('says what to install when getcap is missing, and maps noble load errors to their fix', async () => {
    const root = fakeRoot('nogetcap', { adapters: ['hci0'] });
    const report = await runDoctor(probes(root, { getcap: null, noble: { loaded: false, code: 'EAFNOSUPPORT', message: 'Address family not supported by protocol' } }));
    expect(byId(report, 'capability')?.fix).toContain('libcap2-bin');
    expect(byId(report, 'noble')?.ok).toBe(false);
    expect(byId(report, 'noble')?.message).toContain('No Bluetooth adapter');
  });
});

describe('doctor says where this install runs Bluetooth', () => {
  it('as root on Linux: Electron for the desktop app, the system Node as your own user, this Node for web and CLI', async () => {
    const root = fakeRoot('as-root', { adapters: ['hci0'] });
    const base = createSystemProbes({ root, platform: 'linux', uid: 0, userName: 'root', groups: [0], runtimeContext: { ...linuxUser(NODE), uid: 0 } });
    const report = await runDoctor({ ...base, systemNode: NODE, thisNode: '/opt/node20/bin/node', probeNoble: async () => ({ loaded: true, state: 'poweredOn' }) });
    const check = byId(report, 'bluetooth-node');
    expect(check?.ok).toBe(true);
    expect(check?.message).toMatch(/^Running as root: the desktop app runs Bluetooth in its own Electron/);
    expect(check?.message).toContain(`Started as your own user it runs it in the system Node (${NODE})`);
    expect(check?.message).toContain('Web mode and the CLI run it in this Node (/opt/node20/bin/node).');
  });

  it('as a user on Linux: the system Node, as the README says', async () => {
    const root = fakeRoot('as-user', { adapters: ['hci0'] });
    const report = await runDoctor({ ...probes(root), thisNode: '/opt/node20/bin/node' });
    expect(byId(report, 'bluetooth-node')?.message).toMatch(new RegExp(`^The desktop app runs Bluetooth in the system Node ${NODE}, Node v22`));
  });

  it('on macOS: Electron, no capability needed', async () => {
    const root = fakeRoot('mac-node', { adapters: null });
    const report = await runDoctor(probes(root, { platform: 'darwin' }));
    expect(byId(report, 'bluetooth-node')?.message).toMatch(/^The desktop app runs Bluetooth in its own Electron \(no capability is needed on macOS\)/);
  });
});

describe('doctor elsewhere', () => {
  it('on macOS checks only noble, and an unauthorized state points at System Settings', async () => {
    const root = fakeRoot('mac', { adapters: null });
    const report = await runDoctor(probes(root, { platform: 'darwin', noble: { loaded: true, state: 'unauthorized' } }));
    expect(report.checks.map((c) => c.id)).toEqual(['bluetooth-node', 'noble']);
    expect(byId(report, 'noble')?.fix).toContain('System Settings');
  });
});

describe('getcap output', () => {
  it('reads both libcap formats and flag arithmetic', () => {
    expect(hasNetRaw('/usr/bin/node cap_net_raw=eip')).toBe(true);
    expect(hasNetRaw('/usr/bin/node = cap_net_raw+eip')).toBe(true);
    expect(hasNetRaw('/usr/bin/node cap_net_admin,cap_net_raw=ep')).toBe(true);
    expect(hasNetRaw('/usr/bin/node cap_net_raw=i')).toBe(false);
    expect(hasNetRaw('/usr/bin/node cap_net_raw=eip cap_net_raw-e')).toBe(false);
    expect(hasNetRaw('/usr/bin/node cap_net_bind_service=ep')).toBe(false);
    expect(hasNetRaw('')).toBe(false);
    expect(hasNetRaw('/home/ann/my node/bin/node cap_net_raw+ep')).toBe(true);
    expect([...(parseGetcap('/x cap_net_admin,cap_net_raw+ep').get('cap_net_admin') ?? [])].sort()).toEqual(['e', 'p']);
    expect(shellQuote('/usr/bin/node')).toBe('/usr/bin/node');
    expect(shellQuote("/home/ann/it's/node")).toBe(`'/home/ann/it'\\''s/node'`);
  });

  const getcap = ['/usr/sbin/getcap', '/sbin/getcap'].find((p) => fs.existsSync(p));
  const setcap = ['/usr/sbin/setcap', '/sbin/setcap'].find((p) => fs.existsSync(p));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  it.skipIf(!getcap || !setcap || !root)('agrees with the real getcap on a file given cap_net_raw by the real setcap', () => {
    const file = path.join(tmp, 'capable');
    fs.copyFileSync('/bin/true', file);
    fs.chmodSync(file, 0o755);
    const before = execFileSync(getcap as string, [file], { encoding: 'utf8' });
    expect(hasNetRaw(before)).toBe(false);
    execFileSync(setcap as string, ['cap_net_raw+eip', file]);
    const after = execFileSync(getcap as string, [file], { encoding: 'utf8' });
    expect(after).toContain('cap_net_raw');
    expect(hasNetRaw(after)).toBe(true);
  });
});

describe('noble probe in a child Node', () => {
  function standIn(name: string, body: string): string {
    const file = path.join(tmp, `${name}.cjs`);
    fs.writeFileSync(file, body);
    return file;
  }

  it('reports the state a noble module settles on', async () => {
    const noble = standIn(
      'noble-unauthorized',
      "const { EventEmitter } = require('events'); const n = new EventEmitter(); n.state = 'unknown';\n" +
        "setTimeout(() => { n.state = 'unauthorized'; n.emit('stateChange', 'unauthorized'); }, 50); module.exports = n;\n",
    );
    const p = createSystemProbes({ noblePath: noble, runtimeContext: { env: { SETBEAT_BT_NODE: process.execPath } } });
    expect(await p.probeNoble(p.bluetoothRuntime)).toEqual({ loaded: true, state: 'unauthorized' });
  });

  it('turns a throwing require into a typed failure with its code', async () => {
    const noble = standIn('noble-throws', "const e = new Error('Address family not supported by protocol'); e.code = 'EAFNOSUPPORT'; throw e;\n");
    const p = createSystemProbes({ noblePath: noble, runtimeContext: { env: { SETBEAT_BT_NODE: process.execPath } } });
    expect(await p.probeNoble(p.bluetoothRuntime)).toEqual({ loaded: false, code: 'EAFNOSUPPORT', message: 'Address family not supported by protocol' });
  });

  it('a runtime that is missing or answers garbage is a failure, not a throw', async () => {
    const p = createSystemProbes({ runtimeContext: { env: { SETBEAT_BT_NODE: path.join(tmp, 'no-such-node') } } });
    expect(await p.probeNoble(p.bluetoothRuntime)).toMatchObject({ loaded: false, code: 'ENOENT' });
    expect(parseNobleProbe({ code: 1, stdout: 'not json\n', stderr: 'Segmentation fault\n' }, '/usr/bin/node')).toEqual({
      loaded: false,
      message: 'the Bluetooth runtime did not answer: Segmentation fault',
    });
    expect(parseNobleProbe({ code: 0, stdout: '{"loaded":true}\n', stderr: '' }, 'n')).toMatchObject({ loaded: false });
  });
});

describe('doctor on this machine', () => {
  it('runs the real probes end to end and every problem it reports has a fix', async () => {
    const r = await runCli(['doctor', '--json']);
    expect([0, 1]).toContain(r.exitCode);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: { id: string; ok: boolean; message: string; fix: string }[] };
    expect(report.checks.length).toBeGreaterThanOrEqual(2);
    for (const c of report.checks) {
      expect(typeof c.message).toBe('string');
      if (!c.ok) expect(c.fix.length, c.id).toBeGreaterThan(5);
    }
    expect(r.exitCode).toBe(report.ok ? 0 : 1);
    // Where the kernel has no Bluetooth (this container), the adapter and noble checks must say so.
    if (process.platform === 'linux' && !fs.existsSync('/sys/class/bluetooth')) {
      expect(report.checks.find((c) => c.id === 'adapter')?.ok).toBe(false);
      expect(report.checks.find((c) => c.id === 'noble')?.ok).toBe(false);
    }
  });
});
