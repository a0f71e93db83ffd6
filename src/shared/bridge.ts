/** The Electron preload's bridge: channel names and the shape exposed as `window.setbeat`. */
import type { CommandName } from './contract';

export const EVENT_CHANNEL = 'setbeat:event';
export const commandChannel = (name: CommandName): string => `setbeat:cmd:${name}`;
/** The window's own save dialog and "Show in folder" (messages: src/shared/save-export.ts). */
export const SAVE_EXPORT_CHANNEL = 'setbeat:save-export';
export const SHOW_IN_FOLDER_CHANNEL = 'setbeat:show-in-folder';

export interface SetBeatBridge {
  readonly transport: 'electron';
  /** Resolves with the raw response envelope; the caller validates it. */
  invoke(command: string, params: unknown): Promise<unknown>;
  /** Raw event envelopes; the caller validates them. Returns the unsubscribe function. */
  onEvent(listener: (envelope: unknown) => void): () => void;
  /** Saves an export where the person picks (src/shared/save-export.ts); resolves with the raw result. */
  saveExport(request: unknown): Promise<unknown>;
  /** Shows a file this window saved in its folder; resolves with the raw result. */
  showInFolder(request: unknown): Promise<unknown>;
}
