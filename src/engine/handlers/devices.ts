import type { DEVICES_COMMANDS, DevicesState } from '../../shared/commands/devices';
import { CommandError, type GroupHandlers } from '../router';
import type { DevicePort, HandlerContext } from './context';

interface DevicesRuntime {
  watched: DevicePort | null;
  scanning: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

const runtimes = new WeakMap<object, DevicesRuntime>();
const CHANGE_COALESCE_MS = 250;

function describe(ctx: HandlerContext, rt: DevicesRuntime): DevicesState {
  const d = ctx.devices();
  const a = d?.status() ?? null;
  return {
    adapter: a ? { state: a.state, usable: a.usable, backend: a.backend, message: a.message, fix: a.fix } : null,
    devices: d ? d.list().sort((x, y) => rank(x.state) - rank(y.state) || (y.rssi ?? -200) - (x.rssi ?? -200)) : [],
    scanning: rt.scanning,
    demoAvailable: typeof ctx.useDemoSensors === 'function' && a?.backend !== 'simulator',
  };
}

function rank(state: string): number {
  return ['connected', 'reconnecting', 'connecting', 'seen', 'disconnected'].indexOf(state);
}

/** Emits devices.changed (coalesced) whenever the Bluetooth side reports something. */
function runtime(ctx: HandlerContext): DevicesRuntime {
  let rt = runtimes.get(ctx.events);
  if (!rt) {
    rt = { watched: null, scanning: false, timer: null };
    runtimes.set(ctx.events, rt);
  }
  const d = ctx.devices();
  if (d && rt.watched !== d) {
    const r = rt;
    const changed = (): void => {
      if (r.timer) return;
      r.timer = setTimeout(() => {
        r.timer = null;
        ctx.events.emit('devices.changed', describe(ctx, r));
      }, CHANGE_COALESCE_MS);
      r.timer.unref?.();
    };
    for (const ev of ['device-found', 'connected', 'disconnected', 'reconnecting', 'battery', 'contact'] as const) {
      // Each overload wants its own listener type; all of them only need "something changed".
      d.on(ev as 'battery', changed);
    }
    d.on('status', changed);
    rt.watched = d;
  }
  return rt;
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
  const state = (): DevicesState => describe(ctx, runtime(ctx));
  return {
    'devices.list': () => state(),
    'devices.scan': async ({ on }) => {
      const rt = runtime(ctx);
      const d = requireDevices(ctx);
      await wrap(() => (on ? d.startScan() : d.stopScan()));
      rt.scanning = on;
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
        runtime(ctx).scanning = true;
        const until = Date.now() + 5000;
        let seen = d.list().filter((x) => x.state === 'seen' || x.state === 'disconnected');
        while (Date.now() < until && seen.length < 2) {
          await new Promise((r) => setTimeout(r, 100));
          seen = d.list().filter((x) => x.state === 'seen' || x.state === 'disconnected');
        }
        for (const s of seen) await d.connect(s.id).catch(() => undefined);
        await d.stopScan().catch(() => undefined);
        runtime(ctx).scanning = false;
      }
      return state();
    },
  };
}
