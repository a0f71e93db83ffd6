/** Helpers for one-off users of the device manager (the CLI): wait for the adapter to settle, wait for a device. */
import type { DeviceManager } from './device-manager';
import type { AdapterStatus } from './status';

/** The first status that is not 'starting', or the last one seen after timeoutMs. */
export function settledStatus(m: DeviceManager, timeoutMs = 8000): Promise<AdapterStatus> {
  return new Promise((resolve) => {
    const current = m.status();
    if (current.state !== 'starting') return resolve(current);
    const timer = setTimeout(() => {
      m.off('status', on);
      const last = m.status();
      resolve(
        last.state === 'starting'
          ? { ...last, message: `Bluetooth did not start within ${Math.round(timeoutMs / 1000)} s.`, fix: 'Check that the adapter is on and not used by another program, then retry.' }
          : last,
      );
    }, timeoutMs);
    const on = (s: AdapterStatus): void => {
      if (s.state === 'starting') return;
      clearTimeout(timer);
      m.off('status', on);
      resolve(s);
    };
    m.on('status', on);
  });
}

/** Resolves when `signal` aborts or after ms, whichever is first. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
