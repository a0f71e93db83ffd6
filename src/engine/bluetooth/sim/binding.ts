/**
 * The simulator: an EventEmitter implementing the binding contract of @abandonware/noble's
 * core (lib/noble.js calls these methods and listens for these events; reference
 * ble-protocols.md §4.3-4.5). The real noble core runs on it, so everything above noble is
 * exercised as with a radio. Faults are injected on demand: link loss, garbage
 * notifications, silence, slow (or never-answered) GATT responses, contact loss is the
 * devices' own business.
 */
import { EventEmitter } from 'node:events';
import type { Clock, TimerHandle } from '../clock';
import type { SimContext, SimDevice } from './device';
import type { AthleteCue, SimAthlete } from './athlete';

/** HCI disconnect reasons the core passes on (numbers, as hci-socket gives them). */
export const HCI_REASON = { connectionTimeout: 0x08, remoteUserTerminated: 0x13, localHostTerminated: 0x16 } as const;

export type SimFault =
  /** The link drops (supervision timeout); the device stops advertising for downMs. */
  | { kind: 'link-loss'; deviceId: string; downMs: number }
  /**
   * The next `count` notifications are replaced by random or truncated bytes; with
   * extraPerNotification N, real notifications go on and N junk ones follow each of them
   * (a burst at (1+N)x the normal rate) until `count` junk ones were sent.
   */
  | { kind: 'garbage'; deviceId: string; count: number; extraPerNotification?: number }
  /** Notifications are dropped for ms while the link stays up. */
  | { kind: 'silence'; deviceId: string; ms: number }
  /** Every GATT answer is delayed by delayMs (Infinity: never answered) for ms. */
  | { kind: 'slow'; deviceId: string; delayMs: number; ms: number }
  /** A strap's electrodes lose the skin for ms (straps that report contact say so). */
  | { kind: 'contact-loss'; deviceId: string; ms: number };

interface DeviceState {
  device: SimDevice;
  connected: boolean;
  pendingConnect: TimerHandle | null;
  subscriptions: Set<string>;
  hiddenUntil: number;
  garbageLeft: number;
  floodLeft: number;
  floodExtra: number;
  silentUntil: number;
  slowUntil: number;
  slowDelayMs: number;
  garbageSeq: number;
}

export interface SimBindingOptions {
  clock: Clock;
  devices: SimDevice[];
  /** Epoch ms at which replay time is 0 (fixed across child restarts). */
  originMs: number;
  /** How long connecting takes, ms of clock time. */
  connectDelayMs?: number;
  /** MTU the simulated controller negotiates (H10 frames size themselves to it). */
  mtu?: number;
  /** Advertising interval while scanning, ms. */
  advertiseEveryMs?: number;
  /** The simulated person wearing the synthesised sensors (none when all replay recordings). */
  athlete?: SimAthlete;
}

const key = (s: string, c: string): string => `${s}/${c}`;

export class SimBinding extends EventEmitter {
  readonly clock: Clock;
  private readonly originMs: number;
  private readonly athlete: SimAthlete | undefined;
  private readonly states = new Map<string, DeviceState>();
  private scanning: { uuids: string[]; timer: TimerHandle | null } | null = null;
  private readonly connectDelayMs: number;
  private readonly mtu: number;
  private readonly advertiseEveryMs: number;

  constructor(opts: SimBindingOptions) {
    super();
    this.clock = opts.clock;
    this.originMs = opts.originMs;
    this.athlete = opts.athlete;
    this.connectDelayMs = opts.connectDelayMs ?? 60;
    this.mtu = opts.mtu ?? 232;
    this.advertiseEveryMs = opts.advertiseEveryMs ?? 1000;
    for (const device of opts.devices) {
      this.states.set(device.id, {
        device,
        connected: false,
        pendingConnect: null,
        subscriptions: new Set(),
        hiddenUntil: 0,
        garbageLeft: 0,
        floodLeft: 0,
        floodExtra: 0,
        silentUntil: 0,
        slowUntil: 0,
        slowDelayMs: 0,
        garbageSeq: 1,
      });
    }
  }

  get deviceIds(): string[] {
    return [...this.states.keys()];
  }

  /** The simulated device itself (tests look at what it was sent). */
  device(id: string): SimDevice | undefined {
    return this.states.get(id)?.device;
  }

  isConnected(id: string): boolean {
    return this.states.get(id)?.connected === true;
  }

  // ---- faults ----

  /** The workout moved on: the athlete follows from now. Returns whether anyone listened. */
  cueAthlete(cue: AthleteCue): boolean {
    if (!this.athlete) return false;
    this.athlete.cue(cue, (this.clock.now() - this.originMs) / 1000);
    return true;
  }

  inject(fault: SimFault): void {
    const st = this.states.get(fault.deviceId);
    if (!st) throw new Error(`no simulated device ${fault.deviceId}`);
    const now = this.clock.now();
    switch (fault.kind) {
      case 'link-loss':
        st.hiddenUntil = now + fault.downMs;
        if (st.connected) this.dropLink(st, HCI_REASON.connectionTimeout);
        break;
      case 'garbage':
        if (fault.extraPerNotification) {
          st.floodLeft += fault.count;
          st.floodExtra = fault.extraPerNotification;
        } else {
          st.garbageLeft += fault.count;
        }
        break;
      case 'silence':
        st.silentUntil = now + fault.ms;
        break;
      case 'slow':
        st.slowUntil = now + fault.ms;
        st.slowDelayMs = fault.delayMs;
        break;
      case 'contact-loss':
        st.device.contactLoss?.(fault.ms, (now - this.originMs) / 1000);
        break;
    }
  }

  // ---- the binding contract (called by noble's core) ----

  init(): void {
    setImmediate(() => {
      this.emit('addressChange', '5e:7b:ea:70:00:01');
      this.emit('stateChange', 'poweredOn');
    });
  }

  setScanParameters(): void {
    setImmediate(() => this.emit('scanParametersSet'));
  }

  startScanning(serviceUuids: string[] | undefined, allowDuplicates: boolean): void {
    this.stopAdvertising();
    this.scanning = { uuids: (serviceUuids ?? []).map((u) => u.toLowerCase()), timer: null };
    setImmediate(() => {
      this.emit('scanStart', !allowDuplicates);
      this.advertise();
    });
  }

  stopScanning(): void {
    this.stopAdvertising();
    this.scanning = null;
    setImmediate(() => this.emit('scanStop'));
  }

  private stopAdvertising(): void {
    this.scanning?.timer?.cancel();
  }

  /** Every advertising interval, each visible device matching the filter is "heard". */
  private advertise(): void {
    const scan = this.scanning;
    if (!scan) return;
    const now = this.clock.now();
    for (const st of this.states.values()) {
      const d = st.device;
      if (st.connected || now < st.hiddenUntil) continue; // connected peripherals stop advertising
      if (scan.uuids.length && !d.serviceUuids.some((u) => scan.uuids.includes(u))) continue;
      const address = d.id.match(/../g)?.join(':') ?? d.id;
      this.emit(
        'discover',
        d.id,
        address,
        'random',
        true,
        { localName: d.name, serviceUuids: d.serviceUuids, serviceData: [], serviceSolicitationUuids: [] },
        d.rssi(),
        true,
      );
    }
    scan.timer = this.clock.after(this.advertiseEveryMs, () => this.advertise());
  }

  connect(id: string): void {
    const st = this.states.get(id);
    if (!st) return; // unknown address: like a radio, never answers (the caller's timeout decides)
    st.pendingConnect?.cancel();
    const attempt = (): void => {
      st.pendingConnect = null;
      if (st.connected) return;
      if (this.clock.now() < st.hiddenUntil) {
        // Out of range: a controller keeps trying until cancelled, so do we.
        st.pendingConnect = this.clock.after(100, attempt);
        return;
      }
      st.connected = true;
      st.subscriptions.clear();
      this.emit('connect', id, null);
      this.emit('onMtu', id, this.mtu);
      st.device.onConnect(this.contextFor(st));
    };
    st.pendingConnect = this.clock.after(this.connectDelayMs, attempt);
  }

  cancelConnect(id: string): void {
    const st = this.states.get(id);
    st?.pendingConnect?.cancel();
    if (st) st.pendingConnect = null;
  }

  disconnect(id: string): void {
    const st = this.states.get(id);
    if (!st) return;
    if (!st.connected) {
      setImmediate(() => this.emit('disconnect', id, HCI_REASON.localHostTerminated));
      return;
    }
    this.dropLink(st, HCI_REASON.localHostTerminated);
  }

  private dropLink(st: DeviceState, reason: number): void {
    st.connected = false;
    st.subscriptions.clear();
    st.device.onDisconnect();
    setImmediate(() => this.emit('disconnect', st.device.id, reason));
  }

  updateRssi(id: string): void {
    const st = this.states.get(id);
    if (st) this.answer(st, () => this.emit('rssiUpdate', id, st.device.rssi()));
  }

  discoverServices(id: string, uuids: string[] | undefined): void {
    const st = this.states.get(id);
    if (!st) return;
    const wanted = (uuids ?? []).map((u) => u.toLowerCase());
    const list = st.device
      .services()
      .map((s) => s.uuid)
      .filter((u) => wanted.length === 0 || wanted.includes(u));
    this.answer(st, () => this.emit('servicesDiscover', id, list));
  }

  discoverIncludedServices(id: string, serviceUuid: string): void {
    const st = this.states.get(id);
    if (st) this.answer(st, () => this.emit('includedServicesDiscover', id, serviceUuid, []));
  }

  discoverCharacteristics(id: string, serviceUuid: string, uuids: string[] | undefined): void {
    const st = this.states.get(id);
    if (!st) return;
    const wanted = (uuids ?? []).map((u) => u.toLowerCase());
    const service = st.device.services().find((s) => s.uuid === serviceUuid);
    const chars = (service?.characteristics ?? [])
      .filter((c) => wanted.length === 0 || wanted.includes(c.uuid))
      .map((c) => ({ uuid: c.uuid, properties: [...c.properties] }));
    this.answer(st, () => this.emit('characteristicsDiscover', id, serviceUuid, chars));
  }

  private findChar(st: DeviceState, s: string, c: string) {
    return st.device
      .services()
      .find((x) => x.uuid === s)
      ?.characteristics.find((x) => x.uuid === c);
  }

  read(id: string, s: string, c: string): void {
    const st = this.states.get(id);
    if (!st) return;
    const ch = this.findChar(st, s, c);
    // A failed read is an ATT error, which noble's core never reports: the caller's timeout must.
    if (!ch?.read) return;
    const data = ch.read();
    this.answer(st, () => this.emit('read', id, s, c, Buffer.from(data), false));
  }

  write(id: string, s: string, c: string, data: Buffer, withoutResponse: boolean): void {
    const st = this.states.get(id);
    if (!st) return;
    const ch = this.findChar(st, s, c);
    if (!ch?.write) return;
    const bytes = new Uint8Array(data);
    this.answer(st, () => {
      this.emit('write', id, s, c);
      ch.write?.(bytes);
    });
    void withoutResponse;
  }

  broadcast(id: string, s: string, c: string, state: boolean): void {
    const st = this.states.get(id);
    if (st) this.answer(st, () => this.emit('broadcast', id, s, c, state));
  }

  notify(id: string, s: string, c: string, on: boolean): void {
    const st = this.states.get(id);
    if (!st) return;
    const ch = this.findChar(st, s, c);
    if (!ch || !ch.properties.some((p) => p === 'notify' || p === 'indicate')) return;
    this.answer(st, () => {
      if (on) st.subscriptions.add(key(s, c));
      else st.subscriptions.delete(key(s, c));
      this.emit('notify', id, s, c, on);
      st.device.onSubscribe(s, c, on);
    });
  }

  discoverDescriptors(id: string, s: string, c: string): void {
    const st = this.states.get(id);
    if (st) this.answer(st, () => this.emit('descriptorsDiscover', id, s, c, ['2902']));
  }

  readValue(id: string, s: string, c: string, d: string): void {
    const st = this.states.get(id);
    if (!st) return;
    const on = st.subscriptions.has(key(s, c));
    this.answer(st, () => this.emit('valueRead', id, s, c, d, Buffer.from([on ? 1 : 0, 0])));
  }

  writeValue(id: string, s: string, c: string, d: string): void {
    const st = this.states.get(id);
    if (st) this.answer(st, () => this.emit('valueWrite', id, s, c, d));
  }

  readHandle(id: string, handle: number): void {
    const st = this.states.get(id);
    if (st) this.answer(st, () => this.emit('handleRead', id, handle, Buffer.alloc(0)));
  }

  writeHandle(id: string, handle: number): void {
    const st = this.states.get(id);
    if (st) this.answer(st, () => this.emit('handleWrite', id, handle));
  }

  reset(): void {}

  // ---- plumbing ----

  /** Replies on the next turn, or later (never) under a 'slow' fault; nothing once the link is gone. */
  private answer(st: DeviceState, reply: () => void): void {
    const run = (): void => {
      if (st.connected) reply();
    };
    const slow = this.clock.now() < st.slowUntil;
    if (!slow) {
      setImmediate(run);
      return;
    }
    if (Number.isFinite(st.slowDelayMs)) this.clock.after(st.slowDelayMs, run);
  }

  private contextFor(st: DeviceState): SimContext {
    return {
      clock: this.clock,
      originMs: this.originMs,
      replayTimeS: () => (this.clock.now() - this.originMs) / 1000,
      subscribed: (s, c) => st.connected && st.subscriptions.has(key(s, c)),
      notify: (s, c, data) => {
        if (!st.connected || !st.subscriptions.has(key(s, c))) return;
        if (this.clock.now() < st.silentUntil) return;
        let out = data;
        if (st.garbageLeft > 0) {
          st.garbageLeft--;
          out = garbageFor(data, st.garbageSeq++);
        }
        this.emit('read', st.device.id, s, c, Buffer.from(out), true);
        for (let i = 0; i < st.floodExtra && st.floodLeft > 0; i++) {
          st.floodLeft--;
          this.emit('read', st.device.id, s, c, Buffer.from(garbageFor(data, st.garbageSeq++)), true);
        }
      },
    };
  }
}

/** Deterministic junk: alternately a truncated copy and noise of a random length. */
function garbageFor(data: Uint8Array, seq: number): Uint8Array {
  if (seq % 2 === 1) return data.slice(0, Math.max(0, Math.min(data.length - 1, seq % 5)));
  const n = 1 + (seq * 7919) % 40;
  const out = new Uint8Array(n);
  let h = seq * 2654435761;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    out[i] = h & 0xff;
  }
  return out;
}
