/**
 * Entry of the Bluetooth child process (forked by bt-process.ts). Reads its configuration
 * from SETBEAT_BT_CONFIG, builds noble (real or over the simulator), and serves the parent's
 * requests over the IPC channel. If the parent goes away, so does it.
 */
import { scaledClock, wallClock } from './clock';
import { CHILD_CONFIG_ENV, childConfigSchema, parentMessageSchema, type ChildConfig, type ChildMessage } from './ipc';
import { loadRealNoble, nobleWithBindings } from './noble-loader';
import { BluetoothService, ServiceError } from './service';
import { recogniseSensorKind, startSensorDriver } from './drivers';
import { createSimulation } from './sim/factory';
import type { NobleCore } from './noble-types';
import { simulatorFailedStatus, type AdapterStatus } from './status';
import type { SimBinding } from './sim/binding';

/** Electron's utilityProcess gives its child a parentPort instead of Node's IPC channel. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(msg: ChildMessage): void {
  if (parentPort) return parentPort.postMessage(msg);
  // A broken pipe means the engine is gone: leave quietly instead of crashing on EPIPE.
  if (process.send && process.connected) process.send(msg, undefined, {}, (err) => err && process.exit(0));
}

function onParentMessage(listener: (raw: unknown) => void): void {
  if (parentPort) parentPort.on('message', (e) => listener(e.data));
  else process.on('message', listener);
}

function readConfig(): ChildConfig {
  const raw = process.env[CHILD_CONFIG_ENV];
  const parsed = childConfigSchema.safeParse(raw ? (JSON.parse(raw) as unknown) : {});
  if (!parsed.success) {
    send({ t: 'log', level: 'error', message: `bad Bluetooth child config: ${parsed.error.message}` });
    process.exit(2);
  }
  return parsed.data;
}

function main(): void {
  const config = readConfig();
  let noble: NobleCore | null = null;
  let loadStatus: AdapterStatus | undefined;
  let sim: SimBinding | undefined;
  const clock = config.backend === 'simulator' && config.sim ? scaledClock(config.sim.speed, config.sim.originMs) : wallClock;
  if (config.backend === 'simulator') {
    try {
      sim = createSimulation({ clock, originMs: config.sim?.originMs ?? Date.now(), devices: config.sim?.devices, athleteSeed: config.sim?.athleteSeed });
      noble = nobleWithBindings(sim);
    } catch (err) {
      // A bad recording must not become a crash-and-restart loop: report it as the status.
      loadStatus = simulatorFailedStatus(err instanceof Error ? err.message : String(err));
    }
  } else {
    const loaded = loadRealNoble();
    if (loaded.ok) noble = loaded.noble;
    else loadStatus = loaded.status;
  }
  const service = new BluetoothService({
    noble,
    loadStatus,
    backend: config.backend === 'simulator' ? 'simulator' : 'noble',
    clock,
    send,
    sim,
    startSensor: startSensorDriver,
    recognise: recogniseSensorKind,
    batchMs: config.batchMs,
    batchClock: wallClock,
    opTimeoutMs: config.opTimeoutMs,
  });
  service.start();

  // The parent pings every second. Hearing nothing for this long means it is gone (or wedged)
  // without the channel saying so: stop the sensors and leave rather than live on as an orphan.
  let lastFromParent = Date.now();
  setInterval(() => {
    if (Date.now() - lastFromParent > config.parentSilenceMs) void service.stop().finally(() => process.exit(0));
  }, Math.min(2000, config.parentSilenceMs)).unref();

  onParentMessage((raw: unknown) => {
    lastFromParent = Date.now();
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      send({ t: 'log', level: 'warn', message: `ignored a malformed message from the engine: ${parsed.error.message}` });
      return;
    }
    const msg = parsed.data;
    if (msg.t === 'ping') return send({ t: 'pong', seq: msg.seq });
    if (msg.t === 'shutdown') {
      void service.stop().finally(() => process.exit(0));
      return;
    }
    const { id, body } = msg;
    if (body.op === 'debug') {
      if (config.backend !== 'simulator') return send({ t: 'res', id, ok: false, error: 'debug actions are for the simulator only' });
      send({ t: 'res', id, ok: true });
      // A crash as most happen: an exception nothing caught (its stack goes to stderr, then exit).
      if (body.action === 'crash') setImmediate(() => { throw new Error('simulated crash (debug action)'); });
      else setImmediate(() => { for (;;) { /* hang: a stuck native call looks like this from outside */ } });
      return;
    }
    service.handle(body).then(
      (result) => send({ t: 'res', id, ok: true, result }),
      (err: unknown) =>
        send({ t: 'res', id, ok: false, error: err instanceof Error ? err.message : String(err), code: err instanceof ServiceError ? err.code : undefined }),
    );
  });
  // Under utilityProcess, Electron ends the child with the app; under fork, 'disconnect' does.
  if (!parentPort) {
    process.on('disconnect', () => process.exit(0));
    // A parent that died while this process was starting never sends 'disconnect': leave now.
    if (!process.connected) process.exit(0);
  }
  // Ctrl-C in a terminal reaches the whole process group. The parent decides when we stop (it
  // sends 'shutdown' so a Polar stream is stopped first); if the parent dies, 'disconnect' ends us.
  process.on('SIGINT', () => undefined);
  send({ t: 'ready', pid: process.pid });
}

process.on('uncaughtException', (err) => {
  process.stderr.write(`setbeat bluetooth process: ${err.stack ?? err.message}\n`);
  send({ t: 'log', level: 'error', message: `Bluetooth process failed: ${err.stack ?? err.message}` });
  process.exit(70);
});

main();
