/**
 * Which executable runs the Bluetooth child process, and with what flags.
 *
 * Why not always process.execPath: on Linux, noble opens a raw HCI socket, which needs
 * CAP_NET_RAW. Giving Electron that capability (setcap on its binary) puts it in secure-exec
 * mode, where the loader ignores LD_LIBRARY_PATH and Electron fails to load its own libraries
 * (electron/electron#4583, noble/bleno#282): a known dead end. A plain system Node can hold
 * the capability without that problem, so on Linux, when we are not root, the child runs on
 * a Node found outside Electron. Elsewhere (and
 * as root) the app's own executable is fine; under Electron it runs as plain Node through
 * ELECTRON_RUN_AS_NODE. SETBEAT_BT_NODE overrides everything.
 *
 * Giving the capability to the system Node lets every Node script on the machine open raw
 * sockets, so the fix SetBeat offers is a copy of Node used only by it, at DEDICATED_NODE
 * (~/.local/lib/setbeat/node), which it prefers whenever that copy exists.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface BluetoothRuntime {
  execPath: string;
  execArgv: string[];
  env: Record<string, string>;
  /** Why this executable, for the log and the status line. */
  why: string;
}

export interface RuntimeContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** process.getuid?.() — undefined on Windows. */
  uid: number | undefined;
  execPath: string;
  /** process.versions.electron when inside Electron. */
  electron: string | undefined;
  /** Finds an executable on PATH (injectable for tests). */
  which(name: string): string | null;
  /** The Node copy kept for SetBeat's Bluetooth helper, when it exists and can run. */
  dedicatedNode?: string | null;
}

/** Where the README's command puts the Node copy that alone holds CAP_NET_RAW. */
export const DEDICATED_NODE_SHELL = '~/.local/lib/setbeat/node';

export function dedicatedNodePath(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.HOME ? path.join(env.HOME, '.local', 'lib', 'setbeat', 'node') : null;
}

function executable(file: string | null): string | null {
  if (!file) return null;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

export function whichOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return null;
}

export function currentRuntimeContext(): RuntimeContext {
  return {
    env: process.env,
    platform: process.platform,
    uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
    execPath: process.execPath,
    electron: process.versions.electron,
    which: (n) => whichOnPath(n),
    dedicatedNode: process.platform === 'linux' ? executable(dedicatedNodePath()) : null,
  };
}

/**
 * Picks the executable. `entryIsTs` adds tsx's loader (sources run directly in development and
 * tests); a built app forks compiled JavaScript and needs no loader.
 */
export function chooseBluetoothRuntime(ctx: RuntimeContext, entryIsTs: boolean, tsxLoaderUrl?: string): BluetoothRuntime {
  const execArgv = entryIsTs && tsxLoaderUrl ? ['--import', tsxLoaderUrl] : [];
  const override = ctx.env.SETBEAT_BT_NODE;
  if (override) return { execPath: override, execArgv, env: {}, why: 'SETBEAT_BT_NODE names the Node for Bluetooth' };
  const isRoot = ctx.uid === 0;
  if (ctx.platform === 'linux' && !isRoot && ctx.dedicatedNode) {
    return { execPath: ctx.dedicatedNode, execArgv, env: {}, why: `SetBeat's own Node (${ctx.dedicatedNode}), which alone holds CAP_NET_RAW` };
  }
  if (ctx.platform === 'linux' && !isRoot) {
    const systemNode = ctx.which('node');
    if (systemNode) {
      return {
        execPath: systemNode,
        execArgv,
        env: {},
        why: `system Node (${systemNode}): on Linux it, not Electron, should hold CAP_NET_RAW for Bluetooth`,
      };
    }
  }
  if (ctx.electron) {
    return { execPath: ctx.execPath, execArgv, env: { ELECTRON_RUN_AS_NODE: '1' }, why: 'Electron running as Node' };
  }
  return { execPath: ctx.execPath, execArgv, env: {}, why: 'this Node' };
}
