/**
 * An in-memory GattLink that answers like the real devices, built on the encoders in
 * src/core/ble: a plain HR strap, a Polar H10 (PMD control point answering commands as the
 * H10 does, ACC frames) and a SetBeat generic IMU. Tests push notifications by hand, so
 * nothing depends on timers.
 */
import {
  encodeBatteryLevel,
  encodeBodySensorLocation,
  encodeDeviceInformationString,
  encodePmdFeatures,
  encodePmdResponse,
  encodePmdSettings,
  parsePmdCommand,
  PMD_OP,
  type PmdCommand,
} from '../../../src/core/ble';
import type { GattLink } from '../../../src/core/sensors/link';
import { BATTERY, DEVICE_INFORMATION, HEART_RATE, POLAR_PMD, SETBEAT_IMU } from '../../../src/shared/gatt';

type Listener = (data: Uint8Array, receivedAtMs: number) => void;

interface Char {
  value?: Uint8Array;
  notify: boolean;
  onWrite?: (data: Uint8Array) => void;
}

export class FakeLink implements GattLink {
  readonly chars = new Map<string, Map<string, Char>>();
  readonly listeners = new Map<string, Listener>();
  readonly writes: { service: string; characteristic: string; data: Uint8Array }[] = [];
  readonly log: string[] = [];
  connected = true;
  private disconnectListeners: ((reason: string) => void)[] = [];
  /** Host clock the fake stamps notifications with. */
  nowMs = 1_700_000_000_000;

  now(): number {
    return this.nowMs;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }

  constructor(
    readonly id: string,
    readonly name: string,
  ) {}

  add(service: string, characteristic: string, c: Char): this {
    if (!this.chars.has(service)) this.chars.set(service, new Map());
    this.chars.get(service)!.set(characteristic, c);
    return this;
  }

  private get(service: string, characteristic: string): Char {
    if (!this.connected) throw new Error('not connected');
    const c = this.chars.get(service)?.get(characteristic);
    if (!c) throw new Error(`no characteristic ${service}/${characteristic}`);
    return c;
  }

  async services(): Promise<string[]> {
    return [...this.chars.keys()];
  }
  async characteristics(service: string): Promise<string[]> {
    return [...(this.chars.get(service)?.keys() ?? [])];
  }
  async read(service: string, characteristic: string): Promise<Uint8Array> {
    const c = this.get(service, characteristic);
    if (!c.value) throw new Error('not readable');
    return c.value;
  }
  async write(service: string, characteristic: string, data: Uint8Array): Promise<void> {
    const c = this.get(service, characteristic);
    this.writes.push({ service, characteristic, data });
    this.log.push(`write ${characteristic} ${Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(' ')}`);
    // The answer (an indication) arrives after the write completes, as over the air.
    if (c.onWrite) queueMicrotask(() => c.onWrite!(data));
  }
  async subscribe(service: string, characteristic: string, onData: Listener): Promise<() => Promise<void>> {
    const c = this.get(service, characteristic);
    if (!c.notify) throw new Error('notify not supported');
    const key = `${service}/${characteristic}`;
    this.listeners.set(key, onData);
    this.log.push(`subscribe ${characteristic}`);
    return async () => {
      this.listeners.delete(key);
      this.log.push(`unsubscribe ${characteristic}`);
    };
  }
  async disconnect(): Promise<void> {
    this.log.push('disconnect');
    this.drop('local disconnect');
  }
  onDisconnect(listener: (reason: string) => void): void {
    this.disconnectListeners.push(listener);
  }

  /** Deliver a notification now (returns false if nobody is subscribed). */
  notify(service: string, characteristic: string, data: Uint8Array, atMs = this.nowMs): boolean {
    const l = this.listeners.get(`${service}/${characteristic}`);
    if (!l) return false;
    l(data, atMs);
    return true;
  }

  /** The radio link drops. */
  drop(reason = 'link lost'): void {
    if (!this.connected) return;
    this.connected = false;
    this.listeners.clear();
    for (const l of this.disconnectListeners) l(reason);
  }
}

function withCommonServices(link: FakeLink, battery: number, model: string): FakeLink {
  return link
    .add(BATTERY.service, BATTERY.level, { value: encodeBatteryLevel(battery), notify: true })
    .add(DEVICE_INFORMATION.service, DEVICE_INFORMATION.manufacturerName, { value: Uint8Array.of(...encodeDeviceInformationString('Polar Electro Oy'), 0), notify: false })
    .add(DEVICE_INFORMATION.service, DEVICE_INFORMATION.modelNumber, { value: encodeDeviceInformationString(model), notify: false })
    .add(DEVICE_INFORMATION.service, DEVICE_INFORMATION.firmwareRevision, { value: encodeDeviceInformationString('5.0.0'), notify: false });
}

export function fakeHrStrap(): FakeLink {
  const link = new FakeLink('c0ffee000001', 'Generic HRM');
  withCommonServices(link, 64, 'HRM-Basic');
  link.add(HEART_RATE.service, HEART_RATE.measurement, { notify: true }).add(HEART_RATE.service, HEART_RATE.bodySensorLocation, { value: encodeBodySensorLocation('chest'), notify: false });
  // A strap whose battery level cannot notify.
  link.chars.get(BATTERY.service)!.get(BATTERY.level)!.notify = false;
  return link;
}

export interface H10Behaviour {
  /** Status for START (0 = accept); e.g. 13 ERROR_DEVICE_IN_CHARGER, 10 ERROR_INVALID_MTU. */
  startStatus?: number;
  /** Answer GET settings in two indications (`more` set on the first). */
  splitSettings?: boolean;
  /** Never answer the control point (a hung sensor). */
  silent?: boolean;
  /** The ACC stream is already running (a previous app never sent STOP). */
  alreadyStreaming?: boolean;
  /** Behave as a Verity Sense instead: 52 Hz / 16 bit / 8 g / 3 channels, delta frames with FACTOR. */
  verity?: boolean;
}

/** A Polar H10: HR (no contact bits, as bleakheart notes) + PMD ECG/ACC, answering the control point. */
export function fakeH10(behaviour: H10Behaviour = {}): FakeLink & { commands: PmdCommand[]; accStreaming: () => boolean } {
  const verity = behaviour.verity === true;
  const link = new FakeLink('a0b1c2d3e4f5', verity ? 'Polar Sense B5A1B2C3' : 'Polar H10 184CB835') as FakeLink & { commands: PmdCommand[]; accStreaming: () => boolean };
  withCommonServices(link, 87, verity ? 'Polar Sense' : 'Polar H10');
  link.add(HEART_RATE.service, HEART_RATE.measurement, { notify: true }).add(HEART_RATE.service, HEART_RATE.bodySensorLocation, { value: encodeBodySensorLocation('chest'), notify: false });
  link.commands = [];
  let streaming = behaviour.alreadyStreaming === true;
  link.accStreaming = () => streaming;
  const indicate = (b: Uint8Array) => link.notify(POLAR_PMD.service, POLAR_PMD.controlPoint, b);
  link.add(POLAR_PMD.service, POLAR_PMD.controlPoint, {
    value: encodePmdFeatures(verity ? ['ppg', 'acc', 'ppi', 'gyro', 'magnetometer'] : ['ecg', 'acc']),
    notify: true,
    onWrite: (data) => {
      if (behaviour.silent) return;
      const cmd = parsePmdCommand(data);
      if (!cmd.ok) {
        indicate(encodePmdResponse({ op: data[0] ?? 0, measurementType: data[1] ?? 0, status: 1 }));
        return;
      }
      const c = cmd.value;
      link.commands.push(c);
      const type = c.measurementType ?? 0;
      if (type !== 0 && type !== 2) {
        indicate(encodePmdResponse({ op: c.op, measurementType: type, status: 2 }));
        return;
      }
      switch (c.op) {
        case PMD_OP.getMeasurementSettings: {
          const accOffer = verity ? { sampleRate: [52], resolution: [16], range: [8], channels: [3] } : { sampleRate: [25, 50, 100, 200], resolution: [16], range: [2, 4, 8] };
          const params = type === 2 ? encodePmdSettings(accOffer) : encodePmdSettings({ sampleRate: [130], resolution: [14] });
          if (behaviour.splitSettings) {
            indicate(encodePmdResponse({ op: c.op, measurementType: type, more: true, parameters: params.subarray(0, 5) }));
            indicate(encodePmdResponse({ op: c.op, measurementType: type, parameters: params.subarray(5) }));
          } else indicate(encodePmdResponse({ op: c.op, measurementType: type, parameters: params }));
          return;
        }
        case PMD_OP.requestMeasurementStart: {
          if (behaviour.startStatus) return void indicate(encodePmdResponse({ op: c.op, measurementType: type, status: behaviour.startStatus }));
          if (streaming) return void indicate(encodePmdResponse({ op: c.op, measurementType: type, status: 6 }));
          // The H10 refuses settings it did not list (CHANNELS) with ERROR_INVALID_PARAMETER.
          if (!verity && c.settings.channels.length) return void indicate(encodePmdResponse({ op: c.op, measurementType: type, status: 5 }));
          streaming = true;
          // The H10 answers with one reserved byte; the Verity Sense with its conversion FACTOR.
          indicate(encodePmdResponse({ op: c.op, measurementType: type, parameters: verity ? encodePmdSettings({ factor: 2.44e-4 }) : Uint8Array.of(1) }));
          return;
        }
        case PMD_OP.stopMeasurement: {
          indicate(encodePmdResponse({ op: c.op, measurementType: type, status: streaming ? 0 : 6 }));
          streaming = false;
          return;
        }
        default:
          indicate(encodePmdResponse({ op: c.op, measurementType: type, status: 3 }));
      }
    },
  });
  link.add(POLAR_PMD.service, POLAR_PMD.data, { notify: true });
  return link;
}

export function fakeImu(): FakeLink {
  const link = new FakeLink('e5p32000beef', 'SetBeat IMU ankle');
  link.add(SETBEAT_IMU.service, SETBEAT_IMU.samples, { notify: true });
  link.add(BATTERY.service, BATTERY.level, { value: encodeBatteryLevel(100), notify: true });
  return link;
}
