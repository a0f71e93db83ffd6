/**
 * What the Bluetooth side does, into the log: connection changes, reconnects, the process
 * going down and recovering, and the process's own output. Samples are never logged.
 */
import type { DeviceManager } from '../bluetooth/index';
import type { Logger } from './logger';

export function logBluetooth(manager: DeviceManager, log: Logger): void {
  let lastState: string | null = null;
  manager.on('status', (s) => {
    if (s.state === lastState) return;
    lastState = s.state;
    log.info({ event: 'bluetooth-status', state: s.state, backend: s.backend }, `Bluetooth ${s.state}: ${s.message}`);
  });
  manager.on('connected', (d) =>
    log.info({ event: d.reconnected ? 'sensor-reconnected' : 'sensor-connected', sensor: d.id, name: d.name, kind: d.kind }, `${d.name} ${d.reconnected ? 'reconnected' : 'connected'}`),
  );
  manager.on('disconnected', (d) =>
    log.warn({ event: 'sensor-disconnected', sensor: d.id, reason: d.reason, willReconnect: d.willReconnect }, `sensor ${d.id} disconnected: ${d.reason}`),
  );
  manager.on('reconnecting', (d) =>
    log.info({ event: 'sensor-reconnecting', sensor: d.id, attempt: d.attempt, delayMs: d.delayMs }, `sensor ${d.id}: reconnect attempt ${d.attempt} in ${d.delayMs} ms`),
  );
  manager.on('gap', (g) => log.info({ event: 'sensor-gap', sensor: g.id, stream: g.stream, fromMs: g.startMs, toMs: g.endMs }, `sensor ${g.id}: ${g.stream} back after a gap`));
  manager.on('process-down', (d) =>
    log.warn({ event: 'bluetooth-process-down', reason: d.reason, restarts: d.restarts, delayMs: d.delayMs }, `Bluetooth process ${d.reason}; restarting in ${d.delayMs} ms`),
  );
  manager.on('process-ready', (r) => {
    if (r.restarts > 0) log.info({ event: 'bluetooth-process-recovered', pid: r.pid, restarts: r.restarts }, `Bluetooth process recovered (restart ${r.restarts})`);
    else log.info({ event: 'bluetooth-process-started', pid: r.pid }, 'Bluetooth process started');
  });
  // Bad packets can come in bursts: counted at debug level only.
  manager.on('parse-error', (e) => log.debug({ event: 'sensor-parse-error', sensor: e.id, count: e.count }, e.message));
  manager.on('log', (m) => log[m.level]({ event: 'bluetooth-log', source: m.source ?? 'device-manager' }, m.message));
}
