/**
 * The real machine behind DoctorProbes: files under /sys, /proc and /etc, getcap, and noble
 * loaded in a separate process (loading it opens a raw HCI socket at once, and a failure must
 * not take the CLI down). `root` re-homes the file reads so tests can use a fake tree.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chooseBluetoothRuntime, currentRuntimeContext, type BluetoothRuntime, type RuntimeContext } from '../bluetooth/runtime';
import type { CommandResult, DoctorProbes, NobleProbe } from './types';

// Not named `require`: the Electron bundle declares its own `require` at the top.
const requireCjs = createRequire(import.meta.url);

/**
 * Run with `node -e SCRIPT NOBLE_PATH`: loads noble, waits for a settled adapter state (noble
 * says 'unknown' first) and prints one JSON line. CommonJS on purpose: it runs on whatever
 * Node the Bluetooth helper uses.
 */
export const NOBLE_PROBE_SCRIPT = `
const out = (o) => { process.stdout.write(JSON.stringify(o) + '\\n'); process.exit(0); };
const fail = (e) => out({ loaded: false, code: e && typeof e.code === 'string' ? e.code : undefined, message: String((e && e.message) || e) });
process.on('uncaughtException', fail);
let noble;
try { noble = require(process.argv[1]); } catch (e) { fail(e); }
const settle = (s) => { if (s && s !== 'unknown' && s !== 'resetting') out({ loaded: true, state: s }); };
noble.on('stateChange', settle);
settle(noble.state || noble._state);
setTimeout(() => out({ loaded: true, state: noble.state || noble._state || 'unknown' }), Number(process.argv[2]) || 4000);
`;

export interface SystemProbeOptions {
  /** Prefix for /sys, /proc and /etc reads (a fake tree in tests); '/' by default. */
  root?: string;
  platform?: NodeJS.Platform;
  uid?: number;
  userName?: string;
  groups?: number[];
  /** Overrides the runtime context used to choose the Bluetooth Node (PATH, SETBEAT_BT_NODE). */
  runtimeContext?: Partial<RuntimeContext>;
  /** How long noble gets to report the adapter state. */
  nobleWaitMs?: number;
  /** The noble module to load (tests point it at a stand-in); @abandonware/noble by default. */
  noblePath?: string;
}

export function runCommand(command: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<CommandResult | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8', env: env ?? process.env, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function electronBinary(): string | null {
  try {
    const pkg = requireCjs.resolve('electron/package.json');
    const file = path.join(path.dirname(pkg), 'path.txt');
    const rel = fs.readFileSync(file, 'utf8').trim();
    const bin = path.join(path.dirname(pkg), 'dist', rel);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null; // no Electron download (as in CI): nothing to check
  }
}

/** Parses the probe's last output line; anything else becomes a load failure with the evidence. */
export function parseNobleProbe(result: CommandResult | null, execPath: string): NobleProbe {
  if (result === null) return { loaded: false, code: 'ENOENT', message: `${execPath} was not found` };
  const last = result.stdout.trim().split('\n').pop() ?? '';
  try {
    const v = JSON.parse(last) as unknown;
    if (v && typeof v === 'object' && 'loaded' in v) {
      const o = v as { loaded: unknown; state?: unknown; code?: unknown; message?: unknown };
      if (o.loaded === true && typeof o.state === 'string') return { loaded: true, state: o.state };
      if (o.loaded === false) {
        return { loaded: false, ...(typeof o.code === 'string' ? { code: o.code } : {}), message: String(o.message ?? 'unknown error') };
      }
    }
  } catch {
    // not JSON: the process died before answering
  }
  const why = result.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${result.code ?? 'none (killed or timed out)'}`;
  return { loaded: false, message: `the Bluetooth runtime did not answer: ${why}` };
}

export function createSystemProbes(opts: SystemProbeOptions = {}): DoctorProbes {
  const root = opts.root ?? '/';
  const at = (p: string): string => path.join(root, p);
  const ctx: RuntimeContext = {
    ...currentRuntimeContext(),
    ...(opts.platform !== undefined ? { platform: opts.platform } : {}),
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
    ...opts.runtimeContext,
  };
  // What the desktop app would choose (it runs inside Electron), not what this CLI runs on.
  const runtime = chooseBluetoothRuntime({ ...ctx, electron: ctx.electron ?? 'desktop-app' }, false);
  const platform = opts.platform ?? ctx.platform;
  let user: string | undefined = opts.userName;
  if (user === undefined) {
    try {
      user = os.userInfo().username;
    } catch {
      user = process.env.USER;
    }
  }
  return {
    platform,
    uid: opts.uid ?? ctx.uid,
    userName: user,
    groups: opts.groups ?? (typeof process.getgroups === 'function' ? process.getgroups() : undefined),
    readDir(p) {
      try {
        return fs.readdirSync(at(p));
      } catch {
        return null;
      }
    },
    readFile(p) {
      try {
        return fs.readFileSync(at(p), 'utf8');
      } catch {
        return null;
      }
    },
    realpath(p) {
      try {
        return fs.realpathSync(p);
      } catch {
        return p;
      }
    },
    isExecutable(p) {
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return fs.statSync(p).isFile();
      } catch {
        return false;
      }
    },
    run: (command, args, timeoutMs) => runCommand(command, args, timeoutMs),
    bluetoothRuntime: runtime,
    systemNode: ctx.which('node'),
    thisNode: process.execPath,
    electronBinary: electronBinary(),
    async probeNoble(rt: BluetoothRuntime): Promise<NobleProbe> {
      let noblePath: string;
      try {
        noblePath = opts.noblePath ?? requireCjs.resolve('@abandonware/noble');
      } catch (err) {
        return { loaded: false, code: 'MODULE_NOT_FOUND', message: err instanceof Error ? err.message : String(err) };
      }
      // From the CLI there is no Electron to run as Node: probe with this Node instead.
      const execPath = rt.env.ELECTRON_RUN_AS_NODE && !process.versions.electron ? process.execPath : rt.execPath;
      const wait = opts.nobleWaitMs ?? 4000;
      const env = { ...process.env, ...rt.env };
      const result = await runCommand(execPath, ['-e', NOBLE_PROBE_SCRIPT, noblePath, String(wait)], wait + 6000, env);
      return parseNobleProbe(result, execPath);
    },
  };
}
