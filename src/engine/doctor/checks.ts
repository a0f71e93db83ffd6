/**
 * The individual doctor checks. Each reads the machine only through DoctorProbes and returns
 * what it found with the exact command that fixes it (Linux advice follows
 * shared/reference/ble-protocols.md §4.7: raw HCI needs CAP_NET_RAW on the Node that runs
 * Bluetooth, never on Electron; BlueZ can race noble for a paired sensor).
 */
import { statusFromLoadError, statusFromNobleState } from '../bluetooth/status';
import { hasNetRaw, shellQuote } from './capabilities';
import type { DoctorCheck, DoctorProbes } from './types';

const GETCAP_CANDIDATES = ['getcap', '/usr/sbin/getcap', '/sbin/getcap'];

function pass(id: string, message: string, severity: DoctorCheck['severity'] = 'required', detail?: string): DoctorCheck {
  return { id, ok: true, message, fix: '', severity, ...(detail ? { detail } : {}) };
}

function problem(id: string, message: string, fix: string, severity: DoctorCheck['severity'] = 'required', detail?: string): DoctorCheck {
  return { id, ok: false, message, fix, severity, ...(detail ? { detail } : {}) };
}

/** hci0, hci1, ... as the kernel lists them (no hciconfig needed). */
export function listAdapters(p: DoctorProbes): string[] | null {
  const entries = p.readDir('/sys/class/bluetooth');
  if (entries === null) return null;
  return entries.filter((e) => /^hci\d+$/.test(e)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

export function checkAdapter(p: DoctorProbes): DoctorCheck {
  const adapters = listAdapters(p);
  if (adapters === null) {
    return problem(
      'adapter',
      'The kernel reports no Bluetooth support (/sys/class/bluetooth does not exist).',
      'Load the driver and plug the adapter in: sudo modprobe btusb (in a container, run it with --net=host on a host that has Bluetooth). Or use Demo sensors.',
    );
  }
  if (adapters.length === 0) {
    return problem(
      'adapter',
      'No Bluetooth adapter found (/sys/class/bluetooth is empty).',
      'Plug in a Bluetooth 4.0+ adapter (or enable Bluetooth in the firmware settings), then check: ls /sys/class/bluetooth. Or use Demo sensors.',
    );
  }
  return pass('adapter', `Bluetooth adapter${adapters.length > 1 ? 's' : ''}: ${adapters.join(', ')} (SetBeat uses ${adapters[0]}).`);
}

export function checkRfkill(p: DoctorProbes): DoctorCheck {
  const entries = p.readDir('/sys/class/rfkill') ?? [];
  const radios = entries
    .map((e) => {
      const base = `/sys/class/rfkill/${e}`;
      return {
        entry: e,
        type: p.readFile(`${base}/type`)?.trim(),
        name: p.readFile(`${base}/name`)?.trim() || e,
        soft: p.readFile(`${base}/soft`)?.trim() === '1',
        hard: p.readFile(`${base}/hard`)?.trim() === '1',
      };
    })
    .filter((r) => r.type === 'bluetooth');
  const hard = radios.filter((r) => r.hard);
  const soft = radios.filter((r) => r.soft && !r.hard);
  const detail = radios.map((r) => `${r.entry} ${r.name} soft=${r.soft ? 1 : 0} hard=${r.hard ? 1 : 0}`).join('; ') || undefined;
  if (hard.length > 0) {
    return problem(
      'rfkill',
      `Bluetooth is blocked by a hardware switch (rfkill hard block on ${hard.map((r) => r.name).join(', ')}).`,
      'Turn on the wireless switch or the Fn key for Bluetooth (no command can lift a hard block), then check: rfkill list bluetooth',
      'required',
      detail,
    );
  }
  if (soft.length > 0) {
    return problem(
      'rfkill',
      `Bluetooth is switched off (rfkill soft block on ${soft.map((r) => r.name).join(', ')}).`,
      'sudo rfkill unblock bluetooth',
      'required',
      detail,
    );
  }
  return pass('rfkill', radios.length ? 'Bluetooth radio is not blocked (rfkill).' : 'No rfkill switch reports a Bluetooth radio; nothing blocks it.', 'required', detail);
}

/** The oldest Node the Bluetooth helper runs on (package.json "engines"). */
export const MIN_NODE: readonly [number, number] = [20, 19];
const INSTALL_NODE = 'Install Node.js 20.19 or later from nodejs.org or your distribution (older releases such as Ubuntu 22.04\'s nodejs 12 are too old)';

export function parseNodeVersion(text: string): [number, number] | null {
  const m = /^v?(\d+)\.(\d+)\.\d+/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** On Linux (not root) the app runs Bluetooth in a system Node; without one it would fall back to Electron. */
export async function checkBluetoothNode(p: DoctorProbes): Promise<DoctorCheck> {
  const rt = p.bluetoothRuntime;
  if (p.platform === 'linux' && p.uid !== 0 && rt.env.ELECTRON_RUN_AS_NODE) {
    return problem(
      'bluetooth-node',
      'No `node` on PATH: the app would run Bluetooth inside Electron, which cannot safely hold the raw-socket capability.',
      `${INSTALL_NODE}, or set SETBEAT_BT_NODE=/path/to/node before starting SetBeat.`,
    );
  }
  if (rt.env.ELECTRON_RUN_AS_NODE) {
    // Say what this install does, for each way of running it (the README describes the normal user).
    const others = `Web mode and the CLI run it in this Node (${p.thisNode}).`;
    if (p.platform === 'linux' && p.uid === 0) {
      return pass(
        'bluetooth-node',
        `Running as root: the desktop app runs Bluetooth in its own Electron, which as root needs no capability. Started as your own user it runs it in the system Node${p.systemNode ? ` (${p.systemNode})` : ' on PATH'}, which needs CAP_NET_RAW (see the capability check). ${others}`,
      );
    }
    return pass('bluetooth-node', `The desktop app runs Bluetooth in its own Electron (no capability is needed on ${p.platform === 'darwin' ? 'macOS' : p.platform === 'win32' ? 'Windows' : p.platform}). ${others}`);
  }
  if (!p.isExecutable(rt.execPath)) {
    return problem(
      'bluetooth-node',
      `The Node chosen for Bluetooth, ${rt.execPath}, does not exist or cannot be run (${rt.why}).`,
      'Point SETBEAT_BT_NODE at a Node.js 20.19+ binary (or unset it to use the node on PATH).',
    );
  }
  const where = p.realpath(rt.execPath);
  const result = await p.run(rt.execPath, ['--version'], 5000);
  const version = result ? parseNodeVersion(result.stdout) : null;
  if (!version) {
    return problem('bluetooth-node', `${where} did not say which Node version it is.`, `${INSTALL_NODE}, or point SETBEAT_BT_NODE at one.`, 'required', result?.stderr.trim());
  }
  const [major, minor] = version;
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    return problem(
      'bluetooth-node',
      `The app would run Bluetooth in ${where}, which is Node ${major}.${minor}: SetBeat's Bluetooth helper needs ${MIN_NODE.join('.')} or later.`,
      `${INSTALL_NODE}, or point SETBEAT_BT_NODE at one.`,
      'required',
      result?.stdout.trim(),
    );
  }
  return pass('bluetooth-node', `The desktop app runs Bluetooth in the system Node ${where}, Node ${result?.stdout.trim()} (${rt.why}). Web mode and the CLI run it in this Node (${p.thisNode}).`);
}

async function getcap(p: DoctorProbes, file: string): Promise<{ output: string } | null> {
  for (const cmd of GETCAP_CANDIDATES) {
    const r = await p.run(cmd, [file], 5000);
    if (r) return { output: r.stdout.trim() };
  }
  return null;
}

export async function checkCapability(p: DoctorProbes): Promise<DoctorCheck> {
  const target = p.realpath(p.bluetoothRuntime.execPath);
  const setcap = `sudo setcap cap_net_raw+eip ${shellQuote(target)}`;
  if (p.uid === 0) {
    return pass(
      'capability',
      'Running as root, which may open raw Bluetooth sockets; this says nothing about your own account: run doctor again without sudo.',
      'advisory',
    );
  }
  const result = await getcap(p, target);
  if (result === null) {
    return problem(
      'capability',
      `getcap is not installed, so whether ${target} may open raw Bluetooth sockets cannot be checked.`,
      `sudo apt install libcap2-bin (Fedora: sudo dnf install libcap), then: ${setcap}`,
    );
  }
  if (hasNetRaw(result.output)) {
    return pass('capability', `${target} holds cap_net_raw, so it may open raw Bluetooth sockets.`, 'required', result.output);
  }
  return problem(
    'capability',
    `${target} lacks the cap_net_raw capability, so noble cannot open a raw Bluetooth socket as ${p.userName ?? 'this user'}.`,
    `${setcap}   (again after each Node upgrade; SetBeat runs only its Bluetooth helper in this Node)`,
    'required',
    result.output || '(no capabilities)',
  );
}

/** setcap on Electron puts it in secure-exec mode and it fails to load its libraries (electron/electron#4583). */
export async function checkElectronCapability(p: DoctorProbes): Promise<DoctorCheck | null> {
  if (!p.electronBinary) return null;
  const target = p.realpath(p.electronBinary);
  const result = await getcap(p, target);
  if (result === null) return null;
  if (/cap_/.test(result.output)) {
    return problem(
      'electron-capability',
      `The Electron binary ${target} carries capabilities; Electron then ignores LD_LIBRARY_PATH and may fail to start. Bluetooth needs them on Node, not on Electron.`,
      `sudo setcap -r ${shellQuote(target)}`,
      'advisory',
      result.output,
    );
  }
  return pass('electron-capability', `The Electron binary carries no capabilities (as it should).`, 'advisory');
}

export function runningProcesses(p: DoctorProbes, name: string): number[] {
  const pids: number[] = [];
  for (const entry of p.readDir('/proc') ?? []) {
    if (!/^\d+$/.test(entry)) continue;
    if (p.readFile(`/proc/${entry}/comm`)?.trim() === name) pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}

export function checkBluetoothd(p: DoctorProbes): DoctorCheck {
  const pids = runningProcesses(p, 'bluetoothd');
  if (pids.length === 0) return pass('bluetoothd', 'bluetoothd (BlueZ) is not running; SetBeat has the adapter to itself.', 'advisory');
  const hci = listAdapters(p)?.[0] ?? 'hci0';
  return problem(
    'bluetoothd',
    `bluetoothd (BlueZ) is running (pid ${pids.join(', ')}): it shares the adapter with SetBeat and can auto-connect a paired sensor first, so connections stall or drop.`,
    `Remove the sensor in your desktop Bluetooth settings, or stop BlueZ while training: sudo systemctl stop bluetooth (back on: sudo systemctl start bluetooth). If the adapter then seems stuck: sudo hciconfig ${hci} down && sudo hciconfig ${hci} up`,
    'advisory',
  );
}

export function checkBluetoothGroup(p: DoctorProbes): DoctorCheck | null {
  if (p.uid === 0) return null;
  const line = (p.readFile('/etc/group') ?? '').split('\n').find((l) => l.startsWith('bluetooth:'));
  if (!line) return pass('bluetooth-group', 'This system has no bluetooth group; nothing to join.', 'advisory');
  const [, , gidText, members = ''] = line.split(':');
  const gid = Number(gidText);
  const user = p.userName ?? '';
  const listed = members.split(',').map((m) => m.trim()).includes(user);
  if (p.groups?.includes(gid)) return pass('bluetooth-group', `${user || 'You'} belong to the bluetooth group.`, 'advisory');
  const why = 'BlueZ allows only the bluetooth group to use bluetoothctl and switch the adapter on here (SetBeat itself needs the capability above, not the group)';
  if (listed) {
    return problem('bluetooth-group', `${user} was added to the bluetooth group after this login: ${why}.`, 'Log out and back in (or run: newgrp bluetooth).', 'advisory');
  }
  return problem(
    'bluetooth-group',
    `${user || 'You'} are not in the bluetooth group: ${why}.`,
    `sudo usermod -aG bluetooth ${user || '$USER'}   (then log out and back in)`,
    'advisory',
  );
}

/** The decisive check: noble loaded in the Node that runs Bluetooth, and the adapter state it reports. */
export async function checkNoble(p: DoctorProbes): Promise<DoctorCheck> {
  const probe = await p.probeNoble(p.bluetoothRuntime);
  const where = p.realpath(p.bluetoothRuntime.execPath);
  if (probe.loaded) {
    if (probe.state === 'poweredOn') return pass('noble', `noble started in ${where}: the adapter is on and usable.`, 'required', probe.state);
    const status = statusFromNobleState(probe.state, p.platform);
    const fix =
      status.state === 'unauthorized' && p.platform === 'linux'
        ? `sudo setcap cap_net_raw+eip ${shellQuote(where)}`
        : status.fix || 'Run doctor again in a few seconds (the adapter was still starting).';
    return problem('noble', `noble loaded in ${where} but reports "${probe.state}": ${status.message}`, fix, 'required', probe.state);
  }
  const err = Object.assign(new Error(probe.message), probe.code ? { code: probe.code } : {});
  const status = statusFromLoadError(err, p.platform);
  return problem('noble', `noble could not start in ${where}: ${status.message}`, status.fix, 'required', status.detail);
}
