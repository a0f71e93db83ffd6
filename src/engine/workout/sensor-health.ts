/**
 * The sensors as the live screen shows them (connected, reconnecting, lost, battery, skin
 * contact), and the holes a dropout leaves: from the sensor's last sample until it is back.
 */
import type { SensorView } from '../../shared/commands/workout';
import { Banner, BANNER_BACK_MS } from './banner';
import type { SensorInput } from './ports';

type StatusInput = Exclude<SensorInput, { type: 'hr' | 'rr' | 'acc' | 'gap' }>;

export class SensorHealth {
  private readonly sensors = new Map<string, SensorView & { lastMs: number }>();
  /** Last sample time (epoch ms) per sensor, and since when a dropped sensor has sent nothing. */
  private readonly lastSampleMs = new Map<string, number>();
  private readonly downSince = new Map<string, number>();

  constructor(private readonly banner: Banner) {}

  noteSample(id: string, tMs: number): void {
    if (Number.isFinite(tMs) && tMs > (this.lastSampleMs.get(id) ?? -Infinity)) this.lastSampleMs.set(id, tMs);
  }

  touch(id: string, nowMs: number): void {
    const s = this.sensors.get(id);
    if (s) s.lastMs = nowMs;
  }

  /** The device manager closed this hole itself (the sensor is back). */
  gapClosed(id: string): void {
    this.downSince.delete(id);
  }

  /** Holes still open (sensors that never came back), and forgets them. */
  takeOpenGaps(): [string, number][] {
    const open = [...this.downSince];
    this.downSince.clear();
    return open;
  }

  onStatus(input: StatusInput, nowMs: number): void {
    switch (input.type) {
      case 'connected': {
        const prev = this.sensors.get(input.sensorId);
        this.sensors.set(input.sensorId, {
          id: input.sensorId,
          name: input.name,
          kind: input.kind,
          state: 'connected',
          battery: prev?.battery ?? null,
          contact: prev?.contact ?? null,
          lastMs: nowMs,
        });
        if (input.reconnected || prev?.state === 'lost' || prev?.state === 'reconnecting') {
          this.banner.set('info', `${input.name} is back.`, nowMs + BANNER_BACK_MS);
        }
        break;
      }
      case 'disconnected': {
        const s = this.sensors.get(input.sensorId);
        const lastAt = this.lastSampleMs.get(input.sensorId);
        if (lastAt !== undefined && !this.downSince.has(input.sensorId)) this.downSince.set(input.sensorId, lastAt);
        if (s) {
          s.state = input.willReconnect ? 'reconnecting' : 'lost';
          this.banner.set('warning', `${s.name} dropped out${input.willReconnect ? ': reconnecting…' : '.'} ${input.reason}`.trim(), null);
        }
        break;
      }
      case 'reconnecting': {
        const s = this.sensors.get(input.sensorId);
        if (s) s.state = 'reconnecting';
        break;
      }
      case 'battery': {
        const s = this.sensors.get(input.sensorId);
        if (s) s.battery = input.percent;
        break;
      }
      case 'contact': {
        const s = this.sensors.get(input.sensorId);
        if (s) s.contact = input.contact;
        break;
      }
    }
  }

  view(): SensorView[] {
    return [...this.sensors.values()].map(({ lastMs: _lastMs, ...v }) => v);
  }
}
