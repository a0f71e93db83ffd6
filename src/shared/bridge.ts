/** The Electron preload's bridge: channel names and the shape exposed as `window.setbeat`. */
import type { CommandName } from './contract';

export const EVENT_CHANNEL = 'setbeat:event';
export const commandChannel = (name: CommandName): string => `setbeat:cmd:${name}`;

export interface SetBeatBridge {
  readonly transport: 'electron';
  /** Resolves with the raw response envelope; the caller validates it. */
  invoke(command: string, params: unknown): Promise<unknown>;
  /** Raw event envelopes; the caller validates them. Returns the unsubscribe function. */
  onEvent(listener: (envelope: unknown) => void): () => void;
}
