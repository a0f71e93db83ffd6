/**
 * A Bluetooth process slow to start: the demo sensors get the time a busy machine needs and
 * advice that fits them (no adapter talk); the radio keeps its adapter advice.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SETTLE_MS, settledStatus, type StatusSource } from '../../../src/engine/bluetooth/settled';
import type { AdapterStatus } from '../../../src/engine/bluetooth/status';

function source(backend: AdapterStatus['backend']): StatusSource & { set(s: AdapterStatus): void } {
  const e = new EventEmitter();
  let status: AdapterStatus = { state: 'starting', usable: false, backend, message: 'Starting…', fix: '' };
  return {
    status: () => status,
    on: ((ev: string, l: (s: AdapterStatus) => void) => e.on(ev, l)) as StatusSource['on'],
    off: ((ev: string, l: (s: AdapterStatus) => void) => e.off(ev, l)) as StatusSource['off'],
    set(s) {
      status = s;
      e.emit('status', s);
    },
  };
}

describe('waiting for the Bluetooth process to settle', () => {
  it('gives the demo sensors longer than the radio', () => {
    expect(SETTLE_MS.simulator).toBeGreaterThanOrEqual(30_000);
    expect(SETTLE_MS.simulator).toBeGreaterThan(SETTLE_MS.noble);
  });

  it('says the demo sensors were slow, without adapter advice', async () => {
    const s = await settledStatus(source('simulator'), 50);
    expect(s.message).toBe('The demo sensors did not start within 0 s.');
    expect(s.fix).toMatch(/busy/);
    expect(s.fix).not.toMatch(/adapter is on/);
  });

  it('keeps the adapter advice for the radio', async () => {
    const s = await settledStatus(source('noble'), 50);
    expect(s.message).toMatch(/^Bluetooth did not start within/);
    expect(s.fix).toMatch(/adapter is on/);
  });

  it('resolves with the first settled status', async () => {
    const src = source('simulator');
    const p = settledStatus(src);
    src.set({ state: 'demo', usable: true, backend: 'simulator', message: 'Demo sensors.', fix: '' });
    expect(await p).toMatchObject({ state: 'demo', usable: true });
  });
});
