/** noble's GATT promises can hang forever (no ATT error propagation, ble-protocols.md §4.6). */
import type { Clock } from './clock';

export class GattTimeoutError extends Error {
  override name = 'GattTimeoutError';
  constructor(
    readonly operation: string,
    readonly ms: number,
  ) {
    super(`${operation} did not answer within ${ms} ms`);
  }
}

/** Resolves or rejects as `p` does, or rejects with GattTimeoutError after ms of `clock` time. */
export function withTimeout<T>(p: Promise<T>, ms: number, operation: string, clock: Clock, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = clock.after(ms, () => {
      if (settled) return;
      settled = true;
      try {
        onTimeout?.();
      } catch {
        // cleanup is best effort; the timeout is what the caller must hear about
      }
      reject(new GattTimeoutError(operation, ms));
    });
    p.then(
      (v) => {
        if (settled) return;
        settled = true;
        timer.cancel();
        resolve(v);
      },
      (e: unknown) => {
        if (settled) return;
        settled = true;
        timer.cancel();
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
