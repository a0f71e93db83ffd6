/**
 * Builds an EngineClient over each real transport: the Electron one (the real preload and
 * the real ipc wiring, with in-memory stand-ins for ipcMain/ipcRenderer) and the web one (a
 * real WebSocket to the real server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import WebSocket from 'ws';
import type { IpcMainInvokeEvent } from 'electron';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer } from '../../src/engine/web/server';
import { forwardEvents, registerIpc, type IpcMainLike } from '../../src/main/ipc';
import { EngineClient, webSocketTransport } from '../../src/renderer/src/transport/client';
import type { SetBeatBridge } from '../../src/shared/bridge';

export interface TransportRig {
  name: 'electron' | 'web';
  client: EngineClient;
  engine: Engine;
  /** Web rig only: the server's port and token, for raw WebSocket tests. */
  port?: number;
  token?: string;
  close(): Promise<void>;
}

function tempEngine(transport: 'electron' | 'web'): { engine: Engine; dataDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `setbeat-contract-${transport}-`));
  return { engine: createEngine({ dataDir, transport }), dataDir };
}

type Listener = (event: unknown, ...args: unknown[]) => void;

/** In-memory ipcMain + ipcRenderer pair that behaves like Electron's for invoke/handle/send. */
export function fakeIpc(trusted: () => boolean) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const rendererListeners = new Map<string, Set<Listener>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Electron structured-clones across the process boundary; so do we.
      const event = { trusted: trusted() } as unknown as IpcMainInvokeEvent;
      return structuredClone(await handler(event, ...args.map((a) => structuredClone(a))));
    },
    on: (channel: string, listener: Listener) => {
      if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
      rendererListeners.get(channel)?.add(listener);
    },
    removeListener: (channel: string, listener: Listener) => rendererListeners.get(channel)?.delete(listener),
  };
  const webContents = {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => {
      for (const l of rendererListeners.get(channel) ?? []) l({}, structuredClone(payload));
    },
  };
  return { ipcMain, ipcRenderer, webContents, handlers };
}

export async function electronRig(options: { trusted?: () => boolean } = {}): Promise<TransportRig> {
  const { engine, dataDir } = tempEngine('electron');
  const ipc = fakeIpc(options.trusted ?? (() => true));
  const unregister = registerIpc(ipc.ipcMain, engine, (event) => (event as unknown as { trusted: boolean }).trusted);
  const unforward = forwardEvents(engine, () => ipc.webContents);
  let exposed: SetBeatBridge | null = null;
  vi.resetModules();
  vi.doMock('electron', () => ({
    contextBridge: { exposeInMainWorld: (_key: string, api: SetBeatBridge) => (exposed = api) },
    ipcRenderer: ipc.ipcRenderer,
  }));
  await import('../../src/preload/index');
  vi.doUnmock('electron');
  if (!exposed) throw new Error('the preload exposed nothing');
  const bridge: SetBeatBridge = exposed;
  const client = new EngineClient({
    kind: 'electron',
    state: 'open',
    request: (command, params) => bridge.invoke(command, params),
    onEvent: (listener) => bridge.onEvent(listener),
    onState: () => () => undefined,
  });
  return {
    name: 'electron',
    client,
    engine,
    close: async () => {
      unforward();
      unregister();
      await engine.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function webRig(): Promise<TransportRig> {
  const { engine, dataDir } = tempEngine('web');
  // The contract suites drive the engine at machine speed, far past a person's request rate.
  const server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: path.resolve('out/renderer'), limits: { messagesPerSecond: 1e6, messageBurst: 1e6 } });
  const url = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
  const client = new EngineClient(webSocketTransport(url, WebSocket as unknown as typeof globalThis.WebSocket));
  await new Promise<void>((resolve) => {
    if (client.state === 'open') return resolve();
    const off = client.onState((s) => {
      if (s === 'open') {
        off();
        resolve();
      }
    });
  });
  return {
    name: 'web',
    client,
    engine,
    port: server.port,
    token: server.token,
    close: async () => {
      client.dispose();
      await server.close();
      await engine.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
