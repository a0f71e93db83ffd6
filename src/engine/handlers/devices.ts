import type { DEVICES_COMMANDS, DevicesState } from '../../shared/commands/devices';
import { CommandError, type GroupHandlers } from '../router';
import type { DevicePort, HandlerContext } from './context';

const CHANGE_COALESCE_MS = 250;

/**
 * The device list as the Devices screen sees it: whether a scan runs, and devices.changed
 * (coalesced) whenever the Bluetooth side reports something. The Engine owns one.
 */
export class DeviceListWatch {
  scanning = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly emit: () => void) {}

  /** Follows a device manager (each one that replaces the last). */
  attach(d: DevicePort): void {
    const changed = (): void => {
      if (this.timer || this.closed) return;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.emit();
      }, CHANGE_COALESCE_MS);
      this.timer.unref?.();
    };
    for (const ev of ['device-found', 'connected', 'disconnected', 'reconnecting', 'battery', 'contact'] as const) {
      // Each overload wants its own listener type; all of them only need "something changed".
      d.on(ev as 'battery', changed);
    }
    d.on('status', changed);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** What the Devices screen shows. */
export function describeDevices(ctx: Pick<HandlerContext, 'devices' | 'useDemoSensors'>, scanning: boolean): DevicesState {
  const d = ctx.devices();
  const a = d?.status() ?? null;
  return {
    adapter: a ? { state: a.state, usable: a.usable, backend: a.backend, message: a.message, fix: a.fix } : null,
    devices: d ? d.list().sort((x, y) => rank(x.state) - rank(y.state) || (y.rssi ?? -200) - (x.rssi ?? -200)) : [],
    scanning,
    demoAvailable: typeof ctx.useDemoSensors === 'function' && a?.backend !== 'simulator',
  };
}

function rank(state: string): number {
  return ['connected', 'reconnecting', 'connecting', 'seen', 'disconnected'].indexOf(state);
}

function requireDevices(ctx: HandlerContext): DevicePort {
  const d = ctx.devices();
  if (!d) throw new CommandError('Bluetooth is not set up in this engine yet. Use the demo sensors, or restart SetBeat.');
  return d;
}

async function wrap(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError(err instanceof Error ? err.message : String(err));
  }
}

/** Handlers for the Devices commands of src/shared/commands/devices.ts. */
export function devicesHandlers(ctx: HandlerContext): GroupHandlers<typeof DEVICES_COMMANDS> {
  const watch = ctx.deviceList;
  const state = (): DevicesState => describeDevices(ctx, watch.scanning);
  return {
    'devices.list': () => state(),
    'devices.scan': async ({ on }) => {
      const d = requireDevices(ctx);
      await wrap(() => (on ? d.startScan() : d.stopScan()));
      watch.scanning = on;
      return state();
    },
    'devices.connect': async ({ id }) => {
      const d = requireDevices(ctx);
      await wrap(async () => {
        await d.connect(id);
      });
      return state();
    },
    'devices.disconnect': async ({ id }) => {
      await wrap(() => requireDevices(ctx).disconnect(id));
      return state();
    },
    'devices.forget': async ({ id }) => {
      await wrap(() => requireDevices(ctx).forget(id));
      return state();
    },
    'devices.useDemo': async () => {
      if (!ctx.useDemoSensors) throw new CommandError('This engine cannot start the demo sensors.');
      await wrap(() => ctx.useDemoSensors?.() ?? Promise.resolve());
      const d = ctx.devices();
      // The demo sensors are there to be used: find them and connect them at once.
      if (d) {
        await wrap(() => d.startScan());
        watch.scanning = true;
        const until = Date.now() + 5000;
        let seen = d.list().filter((x) => x.state === 'seen' || x.state === 'disconnected');
        while (Date.now() < until && seen.length < 2) {
          await new Promise((r) => setTimeout(r, 100));
          seen = d.list().filter((x) => x.state === 'seen' || x.state === 'disconnected');
        }
        for (const s of seen) await d.connect(s.id).catch(() => undefined);
        await d.stopScan().catch(() => undefined);
        watch.scanning = false;
      }
      return state();
    },
  };
}
