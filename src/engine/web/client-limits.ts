/**
 * What one web client may cost the engine: how many may be connected, how many requests a
 * second each may send, how far behind a reader may fall, and how soon a silent one is dropped.
 * Without these, thirty clients that never read grew the server's memory without end, and any
 * local process could flood the engine with commands.
 */
export interface WebClientLimits {
  /** Connections at once; the next is refused with 503. */
  maxClients: number;
  /** Bytes queued for one client before it is dropped as too slow. */
  maxBufferedBytes: number;
  /** Sustained requests per second for one client. */
  messagesPerSecond: number;
  /** Requests one client may send at once above the sustained rate. */
  messageBurst: number;
  /** A client that has not answered the previous ping after this long is dropped. */
  pingIntervalMs: number;
}

export const DEFAULT_WEB_CLIENT_LIMITS: WebClientLimits = {
  maxClients: 16,
  // A frame of the live screen is a few KB at 30 Hz: 4 MB is many seconds behind.
  maxBufferedBytes: 4 * 1024 * 1024,
  messagesPerSecond: 50,
  messageBurst: 200,
  pingIntervalMs: 20_000,
};

/** A token bucket: `take()` is false once a client has used its burst faster than the rate. */
export class RequestBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The value of one cookie in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
