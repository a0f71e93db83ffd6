/**
 * The parent's side of the Bluetooth child process: forks it, validates every message it
 * sends, pings it every second and, when it exits or stops answering for ~3 s (a native
 * crash or a hang inside noble), reports it, kills what is left and starts a new one with
 * back-off. Requests time out rather than wait on a dead child.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import {
  CHILD_CONFIG_ENV,
  childMessageSchema,
  type ChildConfigInput,
  type ChildMessage,
  type ParentMessage,
  type RequestBody,
} from './ipc';
import { chooseBluetoothRuntime, currentRuntimeContext, type BluetoothRuntime } from './runtime';
import { launcherFor, type ChildHandle, type ChildLauncher } from './child-handle';
import { freshBuild, projectRootOf } from '../built-entry';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The child entry beside this file: compiled .js in a build; from sources, the built CLI's
 * child while it is newer than every source (see built-entry), else child-main.ts.
 */
export function defaultChildEntry(): string {
  // In a packaged app the bundle sits in app.asar, which a system Node cannot read; the child
  // entry, its chunks and what they load are unpacked beside it (electron-builder asarUnpack).
  const dir = here.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
  const js = path.join(dir, 'child-main.js');
  if (fs.existsSync(js)) return js;
  const root = projectRootOf(here);
  return (root && freshBuild(root, path.join('out-cli', 'child-main.js'))) || path.join(here, 'child-main.ts');
}

function tsxLoaderUrl(): string | undefined {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href.replace(/cjs\/index\.cjs$/, 'loader.mjs');
  } catch {
    return undefined;
  }
}

export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface BtProcessOptions {
  config: ChildConfigInput;
  entry?: string;
  runtime?: BluetoothRuntime;
  /** How to start the child; by default Node's fork, or Electron's utilityProcess in the app. */
  launcher?: ChildLauncher;
  heartbeatMs?: number;
  /** Silence after which the child counts as hung and is killed. */
  heartbeatTimeoutMs?: number;
  /** Longer allowance before the child's first message (loading noble, or tsx compiling, on a busy machine). */
  startupTimeoutMs?: number;
  restartInitialMs?: number;
  restartMaxMs?: number;
  /** A child that lived this long resets the back-off. */
  stableAfterMs?: number;
}

export interface BtProcessEvents {
  message: [ChildMessage];
  /** The child is up and answering (also after each restart). */
  ready: [{ pid: number; restarts: number }];
  /** The child died or hung; it restarts in delayMs unless stopped. */
  down: [{ reason: string; delayMs: number; restarts: number }];
  /** A message that failed validation (counted, dropped). */
  invalid: [string];
  /** A line the child wrote to its stdout or stderr. */
  output: [{ stream: 'stdout' | 'stderr'; line: string }];
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class BtProcess extends EventEmitter<BtProcessEvents> {
  private child: ChildHandle | null = null;
  private stopped = true;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private pingSeq = 0;
  private lastHeard = 0;
  private heardSinceSpawn = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private restarts = 0;
  private backoffMs: number;
  private startedAt = 0;
  private readonly entry: string;
  private readonly runtime: BluetoothRuntime;
  invalidMessages = 0;
  messagesReceived = 0;

  constructor(private readonly opts: BtProcessOptions) {
    super();
    this.entry = opts.entry ?? defaultChildEntry();
    this.runtime = opts.runtime ?? chooseBluetoothRuntime(currentRuntimeContext(), this.entry.endsWith('.ts'), tsxLoaderUrl());
    this.backoffMs = opts.restartInitialMs ?? 500;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get restartCount(): number {
    return this.restarts;
  }

  get runtimeWhy(): string {
    return this.runtime.why;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.spawn();
  }

  private spawn(): void {
    const launch = this.opts.launcher ?? launcherFor(this.runtime.env);
    const child = launch({
      entry: this.entry,
      execPath: this.runtime.execPath,
      execArgv: this.runtime.execArgv,
      env: { ...process.env, ...this.runtime.env, [CHILD_CONFIG_ENV]: JSON.stringify(this.opts.config) },
    });
    this.child = child;
    this.startedAt = Date.now();
    this.lastHeard = Date.now();
    this.heardSinceSpawn = false;
    child.onMessage((raw: unknown) => {
      if (this.child !== child) return;
      this.lastHeard = Date.now();
      this.heardSinceSpawn = true;
      this.messagesReceived++;
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) {
        this.invalidMessages++;
        this.emit('invalid', parsed.error.message);
        return;
      }
      const msg = parsed.data;
      if (msg.t === 'res') {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        clearTimeout(p.timer);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new RequestError(msg.error, msg.code));
        return;
      }
      if (msg.t === 'ready') this.emit('ready', { pid: msg.pid, restarts: this.restarts });
      if (msg.t === 'pong') return;
      this.emit('message', msg);
    });
    child.onOutput?.((stream, line) => this.emit('output', { stream, line }));
    child.onExit((code, signal) => {
      if (this.child !== child) return;
      this.onDown(signal ? `killed by ${signal}` : `exited with code ${code ?? '?'}`);
    });
    child.onError((err) => {
      if (this.child !== child) return;
      this.onDown(`could not run: ${err.message}`);
    });
    const every = this.opts.heartbeatMs ?? 1000;
    const limit = this.opts.heartbeatTimeoutMs ?? 3000;
    const startupLimit = Math.max(limit, this.opts.startupTimeoutMs ?? 20_000);
    this.heartbeat = setInterval(() => {
      if (this.child !== child) return;
      if (Date.now() - this.lastHeard > (this.heardSinceSpawn ? limit : startupLimit)) {
        // Hung: the event loop inside is stuck (a native call that never returns).
        const c = child;
        this.onDown(`stopped answering for ${Math.round((Date.now() - this.lastHeard) / 1000)} s`);
        c.kill();
        return;
      }
      this.post({ t: 'ping', seq: this.pingSeq++ });
    }, every);
  }

  private onDown(reason: string): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.child = null;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RequestError(`Bluetooth process ${reason}`, 'child-down'));
      this.pending.delete(id);
    }
    if (this.stopped) return;
    const lived = Date.now() - this.startedAt;
    if (lived > (this.opts.stableAfterMs ?? 30_000)) this.backoffMs = this.opts.restartInitialMs ?? 500;
    const delayMs = this.backoffMs;
    this.backoffMs = Math.min(this.opts.restartMaxMs ?? 10_000, this.backoffMs * 2);
    this.restarts++;
    this.emit('down', { reason, delayMs, restarts: this.restarts });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.spawn();
    }, delayMs);
  }

  private post(msg: ParentMessage): boolean {
    const c = this.child;
    if (!c || !c.connected) return false;
    try {
      c.send(msg);
      return true;
    } catch {
      return false; // the exit handler will report it
    }
  }

  request(body: RequestBody, timeoutMs = 10_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError(`Bluetooth process did not answer "${body.op}" within ${timeoutMs} ms`, 'timeout'));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      if (!this.post({ t: 'req', id, body })) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new RequestError('Bluetooth process is not running', 'child-down'));
      }
    });
  }

  /** Asks the child to stop its sensors cleanly, then makes sure it is gone. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const c = this.child;
    if (!c) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => {
        c.kill();
        resolve();
      }, graceMs);
      c.onExit(() => {
        clearTimeout(kill);
        resolve();
      });
      if (!this.post({ t: 'shutdown' })) c.kill();
    });
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.child = null;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RequestError('Bluetooth process stopped', 'child-down'));
    }
    this.pending.clear();
  }
}
