/**
 * GattLink (src/core/sensors/link.ts) over a connected noble peripheral, so the core drivers
 * run unchanged on real radios and on the simulator. Every operation has a timeout, and a
 * disconnect fails whatever is still pending at once (noble would leave it hanging).
 */
import type { GattLink } from '../../core/sensors/link';
import type { Clock } from './clock';
import type { NobleCharacteristic, NoblePeripheral, NobleService } from './noble-types';
import { GattTimeoutError, withTimeout } from './timeout';

export interface NobleLinkOptions {
  clock: Clock;
  /** Per GATT operation, ms. */
  opTimeoutMs?: number;
}

export class LinkClosedError extends Error {
  override name = 'LinkClosedError';
}

const HCI_REASONS: Record<number, string> = {
  0x08: 'connection timeout (out of range or sensor off)',
  0x13: 'the sensor ended the connection',
  0x16: 'disconnected by SetBeat',
  0x3e: 'connection failed to be established',
};

export function describeDisconnectReason(reason: unknown): string {
  if (typeof reason === 'number') return HCI_REASONS[reason] ?? `link lost (HCI reason 0x${reason.toString(16)})`;
  if (typeof reason === 'string' && reason) return reason;
  return 'link lost';
}

export class NobleGattLink implements GattLink {
  readonly id: string;
  readonly name: string;
  private readonly clock: Clock;
  private readonly opTimeoutMs: number;
  private servicesCache: Map<string, NobleService> | null = null;
  private readonly charCache = new Map<string, Map<string, NobleCharacteristic>>();
  private closed: string | null = null;
  private readonly disconnectListeners: ((reason: string) => void)[] = [];
  private readonly pendingRejects = new Set<(e: Error) => void>();
  private readonly dataHandlers: { ch: NobleCharacteristic; fn: (d: Buffer, n: boolean) => void }[] = [];

  constructor(
    private readonly peripheral: NoblePeripheral,
    opts: NobleLinkOptions,
  ) {
    this.id = peripheral.id;
    this.name = peripheral.advertisement?.localName ?? peripheral.id;
    this.clock = opts.clock;
    this.opTimeoutMs = opts.opTimeoutMs ?? 5000;
    peripheral.once('disconnect', (reason: unknown) => this.markClosed(describeDisconnectReason(reason)));
  }

  get isOpen(): boolean {
    return this.closed === null;
  }

  now(): number {
    return this.clock.now();
  }

  after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }

  private markClosed(reason: string): void {
    if (this.closed !== null) return;
    this.closed = reason;
    for (const reject of this.pendingRejects) reject(new LinkClosedError(`link closed: ${reason}`));
    this.pendingRejects.clear();
    for (const { ch, fn } of this.dataHandlers) ch.removeListener('data', fn);
    this.dataHandlers.length = 0;
    for (const l of this.disconnectListeners) {
      try {
        l(reason);
      } catch {
        // a listener's failure must not stop the others from hearing of the disconnect
      }
    }
  }

  /** Runs one GATT operation with the timeout, failing at once if the link closes meanwhile. */
  private op<T>(name: string, start: () => Promise<T>): Promise<T> {
    if (this.closed !== null) return Promise.reject(new LinkClosedError(`link closed: ${this.closed}`));
    let rejectClosed: (e: Error) => void = () => {};
    const closedP = new Promise<never>((_, reject) => {
      rejectClosed = reject;
    });
    this.pendingRejects.add(rejectClosed);
    const p = Promise.race([start(), closedP]);
    return withTimeout(p, this.opTimeoutMs, `${name} on ${this.name}`, this.clock).finally(() => this.pendingRejects.delete(rejectClosed));
  }

  private async serviceMap(): Promise<Map<string, NobleService>> {
    if (this.servicesCache) return this.servicesCache;
    const list = await this.op('discover services', () => this.peripheral.discoverServicesAsync([]));
    this.servicesCache = new Map(list.map((s) => [s.uuid, s]));
    return this.servicesCache;
  }

  private async charMap(service: string): Promise<Map<string, NobleCharacteristic>> {
    const cached = this.charCache.get(service);
    if (cached) return cached;
    const svc = (await this.serviceMap()).get(service);
    if (!svc) throw new Error(`${this.name} has no service ${service}`);
    const list = await this.op(`discover characteristics of ${service}`, () => svc.discoverCharacteristicsAsync([]));
    const map = new Map(list.map((c) => [c.uuid, c]));
    this.charCache.set(service, map);
    return map;
  }

  private async characteristic(service: string, uuid: string): Promise<NobleCharacteristic> {
    const ch = (await this.charMap(service)).get(uuid);
    if (!ch) throw new Error(`${this.name} has no characteristic ${uuid} in service ${service}`);
    return ch;
  }

  async services(): Promise<string[]> {
    return [...(await this.serviceMap()).keys()];
  }

  async characteristics(service: string): Promise<string[]> {
    return [...(await this.charMap(service)).keys()];
  }

  async read(service: string, characteristic: string): Promise<Uint8Array> {
    const ch = await this.characteristic(service, characteristic);
    const data = await this.op(`read ${characteristic}`, () => ch.readAsync());
    return new Uint8Array(data);
  }

  async write(service: string, characteristic: string, data: Uint8Array, withResponse: boolean): Promise<void> {
    const ch = await this.characteristic(service, characteristic);
    await this.op(`write ${characteristic}`, () => ch.writeAsync(Buffer.from(data), !withResponse));
  }

  async subscribe(
    service: string,
    characteristic: string,
    onData: (data: Uint8Array, receivedAtMs: number) => void,
  ): Promise<() => Promise<void>> {
    const ch = await this.characteristic(service, characteristic);
    // A characteristic that cannot notify never answers the CCCD write (noble reports no ATT
    // error), so asking would cost the whole op timeout on every connect: say no at once.
    if (!ch.properties.some((p) => p === 'notify' || p === 'indicate')) {
      throw new Error(`${characteristic} on ${this.name} does not send notifications`);
    }
    const fn = (data: Buffer, isNotification: boolean): void => {
      // Reads answered through the same event are not notifications.
      if (isNotification === false) return;
      onData(new Uint8Array(data.buffer, data.byteOffset, data.length), this.clock.now());
    };
    // Listen before enabling, so a notification sent right after the CCCD write is not missed.
    ch.on('data', fn);
    const entry = { ch, fn };
    this.dataHandlers.push(entry);
    try {
      await this.op(`subscribe ${characteristic}`, () => ch.subscribeAsync());
    } catch (err) {
      ch.removeListener('data', fn);
      this.dataHandlers.splice(this.dataHandlers.indexOf(entry), 1);
      throw err;
    }
    return async () => {
      ch.removeListener('data', fn);
      const i = this.dataHandlers.indexOf(entry);
      if (i >= 0) this.dataHandlers.splice(i, 1);
      if (this.closed === null) await this.op(`unsubscribe ${characteristic}`, () => ch.unsubscribeAsync());
    };
  }

  async disconnect(): Promise<void> {
    if (this.closed !== null) return;
    try {
      await withTimeout(this.peripheral.disconnectAsync(), this.opTimeoutMs, `disconnect ${this.name}`, this.clock);
    } catch (err) {
      if (!(err instanceof GattTimeoutError)) throw err;
    }
    this.markClosed('disconnected by SetBeat');
  }

  onDisconnect(listener: (reason: string) => void): void {
    if (this.closed !== null) {
      listener(this.closed);
      return;
    }
    this.disconnectListeners.push(listener);
  }
}
