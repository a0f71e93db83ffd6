/**
 * Electron transport, main side: one ipcMain handler per contract command, each checking
 * that the message comes from our own window before the engine sees it.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { COMMAND_NAMES, MAX_MESSAGE_BYTES } from '../shared/contract';
import { EVENT_CHANNEL, commandChannel } from '../shared/bridge';
import type { Engine } from '../engine/engine';

/** The slice of ipcMain this module uses, so tests can pass an in-memory stand-in. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

export function registerIpc(
  ipcMain: IpcMainLike,
  engine: Engine,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), async (event, params) => {
      if (!isTrustedSender(event)) {
        return { kind: 'response', id: 0, ok: false, error: { code: 'unauthorized', message: 'Refused: not sent by the SetBeat window.' } };
      }
      const size = jsonSize(params);
      if (size === null || size > MAX_MESSAGE_BYTES) {
        // The same bound as a WebSocket message, before any parsing work is spent on it.
        const why = size === null ? 'they are not plain JSON data' : `they are larger than ${MAX_MESSAGE_BYTES} bytes`;
        return { kind: 'response', id: 0, ok: false, error: { code: size === null ? 'bad-request' : 'too-large', message: `Refused ${name}: ${why}.` } };
      }
      return engine.router.call(name, params);
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}

/** Size of the parameters as JSON (what web mode would receive); null when they are not JSON data. */
function jsonSize(params: unknown): number | null {
  if (params === undefined) return 0;
  try {
    return Buffer.byteLength(JSON.stringify(params) ?? '');
  } catch {
    return null; // cycles, BigInt
  }
}

/** Forwards engine events to a window's renderer as contract envelopes. */
export function forwardEvents(engine: Engine, target: () => EventTarget | null): () => void {
  return engine.events.subscribe((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { kind: 'event', event, payload });
  });
}
