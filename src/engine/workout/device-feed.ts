/** Wires the Bluetooth side's events into the live workout, once per DeviceManager. */
import type { DevicePort } from '../handlers/context';
import type { SensorInput } from './ports';

export function feedFromDevices(devices: DevicePort, ingest: (input: SensorInput) => void): void {
  devices.on('hr', (e) => ingest({ type: 'hr', sensorId: e.id, samples: e.samples }));
  devices.on('rr', (e) => ingest({ type: 'rr', sensorId: e.id, samples: e.samples }));
  devices.on('acc', (e) => ingest({ type: 'acc', sensorId: e.id, samples: e.samples }));
  devices.on('connected', (e) => ingest({ type: 'connected', sensorId: e.id, name: e.name, kind: e.kind, reconnected: e.reconnected }));
  devices.on('disconnected', (e) => ingest({ type: 'disconnected', sensorId: e.id, willReconnect: e.willReconnect, reason: e.reason }));
  devices.on('reconnecting', (e) => ingest({ type: 'reconnecting', sensorId: e.id }));
  devices.on('battery', (e) => ingest({ type: 'battery', sensorId: e.id, percent: e.percent }));
  devices.on('contact', (e) => ingest({ type: 'contact', sensorId: e.id, contact: e.contact }));
  devices.on('gap', (e) => ingest({ type: 'gap', sensorId: e.id, fromMs: e.startMs, toMs: e.endMs }));
  // Sensors connected before the workout first looked are there already.
  for (const d of devices.list()) {
    if (d.state !== 'connected' || d.kind === null) continue;
    ingest({ type: 'connected', sensorId: d.id, name: d.name, kind: d.kind, reconnected: false });
    if (d.battery !== null) ingest({ type: 'battery', sensorId: d.id, percent: d.battery });
    if (d.contact !== null) ingest({ type: 'contact', sensorId: d.id, contact: d.contact });
  }
}
