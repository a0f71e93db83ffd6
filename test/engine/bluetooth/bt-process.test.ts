/** The supervisor's own checks, against a child that sends malformed messages and ignores requests. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
    // A short heartbeat so "not treated as hung" is seen over several timeouts in about a second.
    const p = (proc = new BtProcess({ config: { backend: 'simulator' }, entry: path.join(here, 'fixtures', 'confused-child.ts'), heartbeatMs: 100, heartbeatTimeoutMs: 1000 }));
    const messages: ChildMessage[] = [];
    const invalid: string[] = [];
    p.on('message', (m) => messages.push(m));
    p.on('invalid', (why) => invalid.push(why));
    const ready = new Promise<void>((r) => p.once('ready', () => r()));
    p.start();
    await ready;
    // The child sends the valid batch last: once it is here, everything before it is too.
    await vi.waitFor(() => expect(messages.some((m) => m.t === 'batch')).toBe(true), { timeout: 10_000, interval: 20 });
    expect(invalid).toHaveLength(3);
    expect(p.invalidMessages).toBe(3);
    expect(messages.filter((m) => m.t === 'batch')).toEqual([{ t: 'batch', deviceId: 'x', seq: 1, hr: [1000, 70, 1], rr: [], acc: [] }]);
    const err = await p.request({ op: 'status' }, 300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).code).toBe('timeout');
    // It answers pings, so it is not treated as hung: count its answers over more than one
    // heartbeat timeout rather than sleeping a fixed time.
    const heard = p.messagesReceived;
    await vi.waitFor(() => expect(p.messagesReceived - heard).toBeGreaterThanOrEqual(12), { timeout: 20_000, interval: 50 });
    expect(p.restartCount).toBe(0);
  });
});

describe('Bluetooth child process', () => {
  it('leaves by itself when the parent stops talking', async () => {
    const { fork } = await import('node:child_process');
    const entry = path.join(here, '..', '..', '..', 'src', 'engine', 'bluetooth', 'child-main.ts');
    const child = fork(entry, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, SETBEAT_BT_CONFIG: JSON.stringify({ backend: 'simulator', parentSilenceMs: 1500 }) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const ready = new Promise<void>((r) => child.on('message', (m: { t?: string }) => m.t === 'ready' && r()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await ready;
    const t0 = Date.now();
    // Never ping it; keep the channel open.
    const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000))]);
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });
});
