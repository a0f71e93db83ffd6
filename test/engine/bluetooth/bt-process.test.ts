/** The supervisor's own checks, against a child that sends malformed messages and ignores requests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BtProcess, RequestError } from '../../../src/engine/bluetooth/bt-process';
import type { ChildMessage } from '../../../src/engine/bluetooth/ipc';

const here = path.dirname(fileURLToPath(import.meta.url));
let proc: BtProcess | null = null;
afterEach(async () => {
  await proc?.stop();
  proc = null;
});

describe('BtProcess', () => {
  it('drops and counts what fails validation, passes the rest, and times out unanswered requests', async () => {
    const p = (proc = new BtProcess({ config: { backend: 'simulator' }, entry: path.join(here, 'fixtures', 'confused-child.ts') }));
    const messages: ChildMessage[] = [];
    const invalid: string[] = [];
    p.on('message', (m) => messages.push(m));
    p.on('invalid', (why) => invalid.push(why));
    const ready = new Promise<void>((r) => p.once('ready', () => r()));
    p.start();
    await ready;
    await new Promise((r) => setTimeout(r, 500));
    expect(invalid).toHaveLength(3);
    expect(p.invalidMessages).toBe(3);
    expect(messages.filter((m) => m.t === 'batch')).toEqual([{ t: 'batch', deviceId: 'x', seq: 1, hr: [1000, 70, 1], rr: [], acc: [] }]);
    const err = await p.request({ op: 'status' }, 300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).code).toBe('timeout');
    // It answers pings, so it is not treated as hung.
    await new Promise((r) => setTimeout(r, 1500));
    expect(p.restartCount).toBe(0);
  });
});
