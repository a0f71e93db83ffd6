/**
 * Starts the Bluetooth child with Electron's utilityProcess. The packaged app's RunAsNode fuse
 * is off (Electron must not be usable as a plain Node that inherits its permissions), so the
 * child cannot be "Electron as Node"; a utility process is Electron's supported way instead.
 */
import { utilityProcess } from 'electron';
import { readLines, type ChildHandle, type ChildLauncher } from '../engine/bluetooth/child-handle';

export const utilityProcessLauncher: ChildLauncher = (spec) => {
  const env = Object.fromEntries(
    Object.entries(spec.env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'ELECTRON_RUN_AS_NODE'),
  );
  const child = utilityProcess.fork(spec.entry, [], { env, execArgv: spec.execArgv, serviceName: 'SetBeat Bluetooth', stdio: 'pipe' });
  let alive = true;
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  child.on('exit', (code) => {
    alive = false;
    for (const l of exitListeners) l(code, null);
  });
  const handle: ChildHandle = {
    get pid() {
      return child.pid;
    },
    get connected() {
      return alive;
    },
    send: (msg) => child.postMessage(msg),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void exitListeners.push(listener),
    // utilityProcess reports failures to start as an exit; nothing else to listen to.
    onError: () => undefined,
    onOutput: (listener) => {
      readLines('stdout', child.stdout, listener);
      readLines('stderr', child.stderr, listener);
    },
    kill: () => void child.kill(),
  };
  return handle;
};
