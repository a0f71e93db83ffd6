/**
 * Electron transport, main side: one ipcMain handler per contract command, each checking
 * that the message comes from our own window before the engine sees it.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { COMMAND_NAMES } from '../shared/contract';
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
      return engine.router.call(name, params);
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}

/** Forwards engine events to a window's renderer as contract envelopes. */
export function forwardEvents(engine: Engine, target: () => EventTarget | null): () => void {
  return engine.events.subscribe((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { kind: 'event', event, payload });
  });
}
