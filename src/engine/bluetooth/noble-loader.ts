/**
 * Loads noble only when asked (never at module top level): requiring `@abandonware/noble`
 * opens a raw HCI socket at once on Linux and throws EAFNOSUPPORT where there is no
 * Bluetooth, so importing this file must stay harmless. Runs inside the Bluetooth child
 * process.
 */
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import type { NobleCore } from './noble-types';
import { statusFromLoadError, type AdapterStatus } from './status';

// Not named `require`: the Electron bundle declares its own `require` at the top.
const requireCjs = createRequire(import.meta.url);

export type NobleLoad = { ok: true; noble: NobleCore } | { ok: false; status: AdapterStatus };

/** The platform bindings (hci-socket, CoreBluetooth, WinRT). A failure becomes a status, never a throw. */
export function loadRealNoble(platform: NodeJS.Platform = process.platform): NobleLoad {
  try {
    const noble = requireCjs('@abandonware/noble') as NobleCore;
    return { ok: true, noble };
  } catch (err) {
    return { ok: false, status: statusFromLoadError(err, platform) };
  }
}

/** The real noble core over bindings we supply (the simulator). Loads no native code. */
export function nobleWithBindings(bindings: EventEmitter): NobleCore {
  const withBindings = requireCjs('@abandonware/noble/with-bindings') as (b: EventEmitter) => NobleCore;
  return withBindings(bindings);
}
