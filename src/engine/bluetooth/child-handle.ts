/**
 * The Bluetooth child as the supervisor sees it, whatever started it: Node's fork (CLI, web
 * mode, tests, and the system Node on Linux) or Electron's utilityProcess (the packaged app on
 * macOS and Windows, where the RunAsNode fuse is off so Electron cannot run as plain Node).
 */
import { fork } from 'node:child_process';
import readline from 'node:readline';
import type { ParentMessage } from './ipc';

export type OutputListener = (stream: 'stdout' | 'stderr', line: string) => void;

export interface ChildHandle {
  readonly pid: number | undefined;
  /** False once the child has gone or its channel closed. */
  readonly connected: boolean;
  send(msg: ParentMessage): void;
  onMessage(listener: (raw: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  onError(listener: (err: Error) => void): void;
  /** The child's own stdout/stderr, line by line (captured into the log, not lost once packaged). */
  onOutput?(listener: OutputListener): void;
  kill(): void;
}

/** Reads a child's piped output line by line into `listener`. */
export function readLines(stream: 'stdout' | 'stderr', from: NodeJS.ReadableStream | null | undefined, listener: OutputListener): void {
  if (!from) return;
  readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    if (line.trim()) listener(stream, line.slice(0, 2000));
  });
}

export interface LaunchSpec {
  entry: string;
  execPath: string;
  execArgv: string[];
  env: Record<string, string | undefined>;
}

export type ChildLauncher = (spec: LaunchSpec) => ChildHandle;

export const forkLauncher: ChildLauncher = (spec) => {
  const child = fork(spec.entry, [], {
    execPath: spec.execPath,
    execArgv: spec.execArgv,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  return {
    get pid() {
      return child.pid;
    },
    get connected() {
      return child.connected;
    },
    send: (msg) => {
      child.send(msg);
    },
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code, signal) => listener(code, signal)),
    onError: (listener) => void child.on('error', listener),
    onOutput: (listener) => {
      readLines('stdout', child.stdout, listener);
      readLines('stderr', child.stderr, listener);
    },
    kill: () => void child.kill('SIGKILL'),
  };
};

let electronLauncher: ChildLauncher | null = null;

/**
 * Set once by the Electron main process: the launcher used wherever the child would otherwise
 * run as "Electron as Node" (ELECTRON_RUN_AS_NODE), which the packaged app's fuses forbid.
 */
export function useElectronChildLauncher(launcher: ChildLauncher | null): void {
  electronLauncher = launcher;
}

export function launcherFor(runtimeEnv: Record<string, string>): ChildLauncher {
  return runtimeEnv.ELECTRON_RUN_AS_NODE && electronLauncher ? electronLauncher : forkLauncher;
}
