/**
 * The plumbing every simulated device shares: who it is, the signal it advertises, its fixed
 * GATT table and the link while connected (SimDeviceBase); the heart-rate part of the straps
 * (SimHeartDevice); and accelerometer packets paced on the sample grid of replay time
 * (paceAccPackets).
 */
import { HEART_RATE } from '../../../shared/gatt';
import type { TimerHandle } from '../clock';
import type { SimContext, SimDevice, SimService } from './device';
import { HeartStream, type HeartOptions } from './heart-streams';
import type { AccSource } from './sources';

export abstract class SimDeviceBase implements SimDevice {
  abstract readonly serviceUuids: string[];
  /** The link while connected. */
  protected ctx: SimContext | null = null;
  /** The GATT table, built by the subclass's constructor. */
  protected table: SimService[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly baseRssi: number,
  ) {}

  rssi(): number {
    return this.baseRssi;
  }

  services(): SimService[] {
    return this.table;
  }

  onConnect(ctx: SimContext): void {
    this.ctx = ctx;
  }

  abstract onSubscribe(service: string, characteristic: string, on: boolean): void;

  /** Subclasses stop their own streams first, then call this. */
  onDisconnect(): void {
    this.ctx = null;
  }
}

/**
 * A strap with the Heart Rate service: measurements flow while the central subscribes to
 * them, a contact-loss fault dries the electrodes, a lost link stops the stream.
 */
export abstract class SimHeartDevice extends SimDeviceBase {
  readonly heart: HeartStream;

  constructor(id: string, name: string, baseRssi: number, heart: HeartOptions) {
    super(id, name, baseRssi);
    this.heart = new HeartStream(heart);
  }

  onSubscribe(service: string, characteristic: string, on: boolean): void {
    if (service !== HEART_RATE.service || characteristic !== HEART_RATE.measurement || !this.ctx) return;
    if (on) this.heart.start(this.ctx);
    else this.heart.stop();
  }

  contactLoss(ms: number, nowS: number): void {
    this.heart.contactLostUntilS = nowS + ms / 1000;
  }

  override onDisconnect(): void {
    this.heart.stop();
    super.onDisconnect();
  }
}

export interface PacedStream {
  stop(): void;
}

/**
 * Acceleration as a sensor sends it: whole packets of `perPacket` samples on the grid
 * k / rateHz of replay time, each sent once its last sample is due, from the first grid
 * point after now until stopped. `send` gets the samples (g) and the grid index of the first.
 */
export function paceAccPackets(
  ctx: SimContext,
  source: AccSource,
  rateHz: number,
  perPacket: number,
  send: (samplesG: [number, number, number][], firstK: number) => void,
): PacedStream {
  let nextK = Math.floor(ctx.replayTimeS() * rateHz) + 1;
  let timer: TimerHandle | null = null;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    const nowK = Math.floor(ctx.replayTimeS() * rateHz + 1e-9);
    while (nowK - nextK + 1 >= perPacket) {
      const samplesG: [number, number, number][] = [];
      for (let i = 0; i < perPacket; i++) {
        const v = source.at((nextK + i) / rateHz);
        samplesG.push([v.x, v.y, v.z]);
      }
      send(samplesG, nextK);
      nextK += perPacket;
    }
    const dueS = (nextK + perPacket - 1) / rateHz;
    timer = ctx.clock.after(Math.max(1, (dueS - ctx.replayTimeS()) * 1000), tick);
  };
  tick();
  return {
    stop: () => {
      stopped = true;
      timer?.cancel();
      timer = null;
    },
  };
}
