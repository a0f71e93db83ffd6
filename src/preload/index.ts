/**
 * The bridge, nothing else: the renderer gets `window.setbeat` with invoke/onEvent for the
 * contract's commands and events, the window's save dialog and "Show in folder", and no other
 * way into Electron or Node.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { COMMAND_NAMES, type CommandName } from '../shared/contract';
import { EVENT_CHANNEL, SAVE_EXPORT_CHANNEL, SHOW_IN_FOLDER_CHANNEL, commandChannel, type SetBeatBridge } from '../shared/bridge';

const known = new Set<string>(COMMAND_NAMES);

const bridge: SetBeatBridge = {
  transport: 'electron',
  invoke(command, params) {
    if (typeof command !== 'string' || !known.has(command)) {
      return Promise.resolve({
        kind: 'response',
        id: 0,
        ok: false,
        error: { code: 'unknown-command', message: `Unknown command "${String(command).slice(0, 100)}".` },
      });
    }
    return ipcRenderer.invoke(commandChannel(command as CommandName), params);
  },
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, envelope: unknown): void => listener(envelope);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  // Checked in the main process (src/main/save-export-ipc.ts): passed through as they come.
  saveExport: (request) => ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, request),
  showInFolder: (request) => ipcRenderer.invoke(SHOW_IN_FOLDER_CHANNEL, request),
};

contextBridge.exposeInMainWorld('setbeat', bridge);
