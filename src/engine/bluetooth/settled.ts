/** Helpers for one-off users of the device manager (the CLI): wait for the adapter to settle, wait for a device. */
import type { DeviceManager } from './device-manager';
import type { AdapterStatus } from './status';

/** What settledStatus needs of a device manager. */
export type StatusSource = Pick<DeviceManager, 'status' | 'on' | 'off'>;

/**
 * How long the Bluetooth process may take to come up. The demo sensors have no radio to wait
 * for, only a process to start, which on a busy machine (a CLI through tsx, two cores shared)
 * can take well over 8 s: they get longer, and advice that fits them.
 */
export const SETTLE_MS = { noble: 15_000, simulator: 30_000 } as const;

function slowStartAdvice(backend: AdapterStatus['backend'], timeoutMs: number): Pick<AdapterStatus, 'message' | 'fix'> {
  const s = Math.round(timeoutMs / 1000);
  return backend === 'simulator'
    ? { message: `The demo sensors did not start within ${s} s.`, fix: 'The computer is probably busy: retry when it is quieter. Demo sensors need no Bluetooth adapter.' }
    : { message: `Bluetooth did not start within ${s} s.`, fix: 'Check that the adapter is on and not used by another program, then retry. `npm run -s cli -- doctor` checks this machine.' };
}

/** The first status that is not 'starting', or the last one seen after timeoutMs. */
export function settledStatus(m: StatusSource, timeoutMs?: number): Promise<AdapterStatus> {
  return new Promise((resolve) => {
    const current = m.status();
    if (current.state !== 'starting') return resolve(current);
    const waitMs = timeoutMs ?? SETTLE_MS[current.backend];
    const timer = setTimeout(() => {
      m.off('status', on);
      const last = m.status();
      resolve(
        last.state === 'starting'
          ? { ...last, ...slowStartAdvice(last.backend, waitMs) }
          : last,
      );
    }, waitMs);
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
