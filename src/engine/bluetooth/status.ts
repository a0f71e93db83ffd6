/**
 * What the Bluetooth adapter can do right now, in words a person can act on. Every way noble
 * fails to start (no socket support, no permission, no radio, radio off) maps to one status
 * with a one-line fix for the platform it runs on.
 */

export type AdapterState =
  | 'starting'
  | 'ready'
  | 'no-adapter'
  | 'unauthorized'
  | 'unsupported'
  | 'powered-off'
  | 'not-installed'
  | 'crashed'
  | 'demo';

export interface AdapterStatus {
  state: AdapterState;
  /** True when scanning and connecting can work now. */
  usable: boolean;
  /** "Simulated" when the demo sensors stand in for a radio. */
  backend: 'noble' | 'simulator';
  /** One sentence saying what is wrong (or that all is well). */
  message: string;
  /** One line saying what to do about it; empty when nothing is needed. */
  fix: string;
  /** The raw cause (error code or noble state) for logs and bug reports. */
  detail?: string;
}

/** A copy of Node for SetBeat alone gets the capability, not the Node every script runs on. */
const LINUX_SETCAP =
  'mkdir -p ~/.local/lib/setbeat && cp "$(readlink -f "$(command -v node)")" ~/.local/lib/setbeat/node && sudo setcap cap_net_raw+eip ~/.local/lib/setbeat/node';

/** The command a Linux user runs once so the Bluetooth helper (a system Node) may open raw HCI sockets. */
export function linuxSetcapCommand(): string {
  return LINUX_SETCAP;
}

function permissionFix(platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    return `Give a copy of Node for SetBeat alone the raw-socket capability once: ${LINUX_SETCAP} (SetBeat runs Bluetooth in that copy, not in Electron).`;
  }
  if (platform === 'darwin') return 'Allow Bluetooth for SetBeat (or your terminal) in System Settings > Privacy & Security > Bluetooth.';
  if (platform === 'win32') return 'Allow Bluetooth access in Settings > Privacy & security > Bluetooth, then restart SetBeat.';
  return 'Allow this program to use Bluetooth, then restart SetBeat.';
}

function noAdapterFix(platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    return 'Plug in a Bluetooth 4.0+ adapter and check `hciconfig` lists it; in containers run with --network=host. Or use Demo sensors.';
  }
  if (platform === 'win32') return 'Use Windows 10 (build 15063+) with a built-in or compatible Bluetooth LE adapter, or use Demo sensors.';
  if (platform === 'darwin') return 'This Mac reports no Bluetooth LE controller; use Demo sensors.';
  return 'Connect a Bluetooth LE adapter, or use Demo sensors.';
}

function poweredOffFix(platform: NodeJS.Platform): string {
  if (platform === 'linux') return 'Turn Bluetooth on (`bluetoothctl power on`, or `rfkill unblock bluetooth`).';
  if (platform === 'darwin') return 'Turn Bluetooth on in Control Centre.';
  if (platform === 'win32') return 'Turn Bluetooth on in Settings > Bluetooth & devices.';
  return 'Turn Bluetooth on.';
}

export function readyStatus(backend: AdapterStatus['backend']): AdapterStatus {
  return backend === 'simulator'
    ? { state: 'demo', usable: true, backend, message: 'Demo sensors (simulated Bluetooth).', fix: '' }
    : { state: 'ready', usable: true, backend, message: 'Bluetooth is on.', fix: '' };
}

export function startingStatus(backend: AdapterStatus['backend']): AdapterStatus {
  return { state: 'starting', usable: false, backend, message: 'Bluetooth is starting.', fix: '' };
}

/** Maps noble's adapter state ('poweredOn', 'unauthorized', ...) to a status. */
export function statusFromNobleState(
  state: string,
  platform: NodeJS.Platform = process.platform,
  backend: AdapterStatus['backend'] = 'noble',
): AdapterStatus {
  switch (state) {
    case 'poweredOn':
      return readyStatus(backend);
    case 'unauthorized':
      return {
        state: 'unauthorized',
        usable: false,
        backend,
        message: 'SetBeat is not allowed to use Bluetooth.',
        fix: permissionFix(platform),
        detail: state,
      };
    case 'unsupported':
      return {
        state: 'unsupported',
        usable: false,
        backend,
        message: 'This Bluetooth adapter does not support Bluetooth Low Energy (4.0 or later).',
        fix: noAdapterFix(platform),
        detail: state,
      };
    case 'poweredOff':
      return {
        state: 'powered-off',
        usable: false,
        backend,
        message: 'Bluetooth is turned off.',
        fix: poweredOffFix(platform),
        detail: state,
      };
    default:
      // 'unknown' and 'resetting' are transient: noble reports them before the real state.
      return { ...startingStatus(backend), detail: state };
  }
}

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return undefined;
}

/** Maps an exception thrown while loading or starting noble to a status. */
export function statusFromLoadError(err: unknown, platform: NodeJS.Platform = process.platform): AdapterStatus {
  const code = errorCode(err);
  const text = err instanceof Error ? err.message : String(err);
  const detail = code ? `${code}: ${text}` : text;
  if (code === 'EAFNOSUPPORT' || code === 'ENODEV' || code === 'EADDRNOTAVAIL') {
    return {
      state: 'no-adapter',
      usable: false,
      backend: 'noble',
      message:
        platform === 'linux'
          ? 'No Bluetooth adapter is available: this system cannot open a Bluetooth socket.'
          : 'No Bluetooth adapter is available.',
      fix: noAdapterFix(platform),
      detail,
    };
  }
  if (code === 'EPERM' || code === 'EACCES') return { ...statusFromNobleState('unauthorized', platform), detail };
  if (code === 'EALREADY' || code === 'EBUSY') {
    return {
      state: 'no-adapter',
      usable: false,
      backend: 'noble',
      message: 'The Bluetooth adapter is busy (another program or bluetoothd holds it).',
      fix:
        platform === 'linux'
          ? 'Disconnect the sensor in your desktop Bluetooth settings (bluetoothd may auto-connect it) or stop bluetooth.service, then retry.'
          : 'Close other programs that use the sensor, then retry.',
      detail,
    };
  }
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|bluetooth_hci_socket\.node|NODE_MODULE_VERSION/.test(text)) {
    return {
      state: 'not-installed',
      usable: false,
      backend: 'noble',
      message: 'The Bluetooth library is not installed or not built for this Node.',
      fix:
        platform === 'linux'
          ? 'Install build tools and libudev-dev, then `npm rebuild @abandonware/noble @abandonware/bluetooth-hci-socket`.'
          : 'Run `npm rebuild @abandonware/noble` (needs the platform build tools).',
      detail,
    };
  }
  return {
    state: 'no-adapter',
    usable: false,
    backend: 'noble',
    message: `Bluetooth could not start: ${text}`,
    fix: noAdapterFix(platform),
    detail,
  };
}

export function crashedStatus(backend: AdapterStatus['backend'], why: string, restartInMs: number): AdapterStatus {
  return {
    state: 'crashed',
    usable: false,
    backend,
    message: `The Bluetooth process stopped (${why}).`,
    fix: `It restarts by itself in ${Math.ceil(restartInMs / 1000)} s; sensors reconnect when it is back.`,
    detail: why,
  };
}

export function simulatorFailedStatus(why: string): AdapterStatus {
  return {
    state: 'no-adapter',
    usable: false,
    backend: 'simulator',
    message: `The Demo sensors could not start: ${why}`,
    fix: 'Check the recording files (CSV with t,ax,ay,az or t,rr_ms columns), or start the demo without them.',
    detail: why,
  };
}
