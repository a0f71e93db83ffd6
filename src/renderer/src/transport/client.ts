/**
 * The renderer's one way to the engine. It picks the Electron bridge when the preload put it
 * there, else a WebSocket to the web-mode server, and validates everything that comes back.
 */
import {
  COMMANDS,
  describeIssues,
  parseEvent,
  responseEnvelopeSchema,
  type AnyEvent,
  type CommandName,
  type CommandParams,
  type CommandResult,
} from '../../../shared/contract';
import type { SetBeatBridge } from '../../../shared/bridge';
import { desktopSave, type DesktopSave } from './desktop-save';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export class EngineCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'EngineCallError';
  }
}

/** Sends one request and resolves with the raw response envelope. */
interface RawTransport {
  readonly kind: 'electron' | 'web';
  request(command: CommandName, params: unknown): Promise<unknown>;
  onEvent(listener: (raw: unknown) => void): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  readonly state: ConnectionState;
  /** Stops reconnecting and closes the link. */
  dispose?(): void;
}

export class EngineClient {
  private readonly eventListeners = new Set<(event: AnyEvent) => void>();

  /**
   * @param desktop the window's save dialog (Electron only); null in a browser, where
   * exports are downloads.
   */
  constructor(
    private readonly transport: RawTransport,
    readonly desktop: DesktopSave | null = null,
  ) {
    transport.onEvent((raw) => {
      const event = parseEvent(raw);
      if (!event) return; // Unknown or malformed events are dropped, never half-used.
      for (const listener of this.eventListeners) listener(event);
    });
  }

  get kind(): 'electron' | 'web' {
    return this.transport.kind;
  }

  get state(): ConnectionState {
    return this.transport.state;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    return this.transport.onState(listener);
  }

  dispose(): void {
    this.transport.dispose?.();
  }

  onEvent(listener: (event: AnyEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async call<K extends CommandName>(command: K, params: CommandParams<K>): Promise<CommandResult<K>> {
    const raw = await this.transport.request(command, params);
    const envelope = responseEnvelopeSchema.safeParse(raw);
    if (!envelope.success) throw new EngineCallError(`The engine sent a malformed reply to ${command}.`, 'bad-reply');
    if (!envelope.data.ok) throw new EngineCallError(envelope.data.error.message, envelope.data.error.code);
    const result = COMMANDS[command].result.safeParse(envelope.data.result);
    if (!result.success) {
      throw new EngineCallError(`The engine's reply to ${command} did not match the contract: ${describeIssues(result.error)}`, 'bad-reply');
    }
    return result.data as CommandResult<K>;
  }
}

function electronTransport(bridge: SetBeatBridge): RawTransport {
  return {
    kind: 'electron',
    state: 'open',
    request: (command, params) => bridge.invoke(command, params),
    onEvent: (listener) => bridge.onEvent(listener),
    onState: () => () => undefined,
  };
}

/** WebSocket transport with request ids, timeouts and reconnection with backoff. */
export function webSocketTransport(url: string, WebSocketImpl: typeof WebSocket = WebSocket): RawTransport {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retryMs = 500;
  const pending = new Map<number, { resolve: (raw: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  const eventListeners = new Set<(raw: unknown) => void>();
  const stateListeners = new Set<(s: ConnectionState) => void>();
  let queue: string[] = [];
  let disposed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const l of stateListeners) l(next);
  };

  const failAll = (message: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve({ kind: 'response', id, ok: false, error: { code: 'failed', message } });
    }
    pending.clear();
  };

  const connect = (): void => {
    setState('connecting');
    const ws = new WebSocketImpl(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      setState('open');
      for (const m of queue) ws.send(m);
      queue = [];
    };
    ws.onmessage = (msg: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      if (typeof data !== 'object' || data === null) return;
      const kind = (data as { kind?: unknown }).kind;
      if (kind === 'event') {
        for (const l of eventListeners) l(data);
      } else if (kind === 'response') {
        const id = (data as { id?: unknown }).id;
        const p = typeof id === 'number' ? pending.get(id) : undefined;
        if (p && typeof id === 'number') {
          clearTimeout(p.timer);
          pending.delete(id);
          p.resolve(data);
        }
      }
    };
    // A failed connection is followed by close, which schedules the retry.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      socket = null;
      setState('closed');
      failAll('The connection to the engine was lost.');
      if (disposed) return;
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 8000);
    };
  };
  connect();

  return {
    kind: 'web',
    get state() {
      return state;
    },
    request(command, params) {
      const id = nextId++;
      const message = JSON.stringify({ kind: 'request', id, command, params });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ kind: 'response', id, ok: false, error: { code: 'failed', message: `${command} timed out.` } });
        }, 15_000);
        pending.set(id, { resolve, timer });
        if (socket && socket.readyState === WebSocketImpl.OPEN) socket.send(message);
        else queue.push(message);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

/** Whichever transport this page has: the Electron bridge, else the WebSocket it was served with. */
export function connectToEngine(win: Window & { setbeat?: SetBeatBridge } = window): EngineClient {
  if (win.setbeat && win.setbeat.transport === 'electron') return new EngineClient(electronTransport(win.setbeat), desktopSave(win.setbeat));
  const here = new URL(win.location.href);
  const wsUrl = new URL('/ws', here);
  wsUrl.protocol = here.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = here.searchParams.get('token');
  if (token) wsUrl.searchParams.set('token', token);
  return new EngineClient(webSocketTransport(wsUrl.href));
}
