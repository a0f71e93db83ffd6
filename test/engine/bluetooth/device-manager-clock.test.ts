/**
 * The engine keeps each sensor's clock anchor from the Bluetooth process's batches and hands it
 * back with the next connect, in the next process too: a restarted process continues the H10's
 * stream times instead of guessing them from its first (possibly late) frame. The child here is
 * a stand-in through the launcher seam, so the exchange is exact.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChildHandle, ChildLauncher } from '../../../src/engine/bluetooth/child-handle';
import { DeviceManager } from '../../../src/engine/bluetooth/device-manager';
import type { ChildMessage, ParentMessage, RequestBody } from '../../../src/engine/bluetooth/ipc';

const H10 = 'a0de5e000010';

class StandInChild implements ChildHandle {
  static count = 0;
  readonly pid = 90_000 + StandInChild.count++;
  connected = true;
  readonly requests: RequestBody[] = [];
  private onMsg: (raw: unknown) => void = () => {};
  private onExitFn: (code: number | null, signal: string | null) => void = () => {};

  constructor() {
    setImmediate(() => {
      this.emit({ t: 'ready', pid: this.pid });
      this.emit({ t: 'status', status: { state: 'demo', usable: true, backend: 'simulator', message: 'Demo sensors', fix: '' } });
    });
  }

  emit(m: ChildMessage): void {
    if (this.connected) this.onMsg(m);
  }

  send(msg: ParentMessage): void {
    // A real child stops its sensors and leaves when asked (else close() waits out its grace).
    if (msg.t === 'shutdown') {
      this.kill();
      return;
    }
    // Answer the heartbeat as a real child does: under load a silent stand-in was taken for a
    // hung process and replaced by a third one, and the test waited for the second for ever.
    if (msg.t === 'ping') {
      const { seq } = msg;
      setImmediate(() => this.emit({ t: 'pong', seq }));
      return;
    }
    if (msg.t !== 'req') return;
    const { id, body } = msg;
    this.requests.push(body);
    setImmediate(() => {
      if (body.op === 'scan' && body.on) this.emit({ t: 'found', device: { id: H10, name: 'Polar H10 TEST', rssi: -60, kind: 'polar-pmd', serviceUuids: ['180d'] } });
      if (body.op === 'connect') this.emit({ t: 'connected', info: { id: H10, name: 'Polar H10 TEST', kind: 'polar-pmd' } });
      this.emit({ t: 'res', id, ok: true, result: null });
    });
  }
  onMessage(listener: (raw: unknown) => void): void {
    this.onMsg = listener;
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.onExitFn = listener;
  }
  onError(): void {}
  kill(): void {
    this.connected = false;
    setImmediate(() => this.onExitFn(null, 'SIGKILL'));
  }
}

let manager: DeviceManager | null = null;
afterEach(async () => {
  await manager?.close();
  manager = null;
});

const until = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise<void>((r) => setImmediate(r));
};

/** A device manager over stand-in children, connected to the H10 through the first of them. */
async function connectedH10(o: { restartMs: number; retryMs: number }): Promise<{ m: DeviceManager; children: StandInChild[] }> {
  const children: StandInChild[] = [];
  const launcher: ChildLauncher = () => {
    const c = new StandInChild();
    children.push(c);
    return c;
  };
  const m = (manager = new DeviceManager({ backend: 'simulator', sim: { speed: 1, originMs: Date.now() }, process: { launcher, restartInitialMs: o.restartMs }, reconnect: { initialMs: o.retryMs } }));
  m.start();
  await until(() => m.status().usable);
  await m.startScan();
  await until(() => m.list().some((d) => d.id === H10));
  await m.connect(H10);
  await m.stopScan();
  return { m, children };
}

describe('sensor clock anchors across a Bluetooth process restart', () => {
  it('the anchor of the last batch goes with the connect in the restarted process', async () => {
    const { children } = await connectedH10({ restartMs: 1, retryMs: 1 });
    const first = children[0];
    expect(first.requests.find((b) => b.op === 'connect')).toMatchObject({ op: 'connect', deviceId: H10, accClock: undefined });

    const anchor = { offsetMs: 37.5, sensorMs: 1_000_000.25, hostMs: 1_000_037.75 };
    first.emit({ t: 'batch', deviceId: H10, seq: 0, hr: [], rr: [], acc: [1_000_037.75, 0, 0, 1], accClock: anchor });
    // A later batch without acceleration leaves the anchor as it was.
    first.emit({ t: 'batch', deviceId: H10, seq: 1, hr: [1_000_100, 80, -1], rr: [], acc: [] });
    first.kill();

    // The next process to be asked to connect (whichever it is) is handed the anchor.
    const connectAfter = (): RequestBody | undefined => children.slice(1).flatMap((c) => c.requests).find((b) => b.op === 'connect');
    await until(() => connectAfter() !== undefined);
    expect(connectAfter()).toMatchObject({ op: 'connect', deviceId: H10, accClock: anchor });
  });
});

describe('reconnecting after a Bluetooth process restart', () => {
  it('a connect that failed because the process was down does not hold back the first sighting after the restart', async () => {
    // The retry (30 ms) comes while the process is still down (restart after 40 ms) and fails;
    // the restarted process then sees the sensor within 30 ms of that failed try. It used to be
    // ignored as "too soon after the last attempt", with no retry left: never reconnected.
    // On fake timers (the stand-in children answer on real setImmediate), so the retry falls
    // inside the restart's 40 ms however busy the machine is.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      const { m, children } = await connectedH10({ restartMs: 40, retryMs: 30 });
      const retries: number[] = [];
      m.on('reconnecting', ({ attempt }) => retries.push(attempt));
      children[0].kill();
      await until(() => m.list().some((d) => d.id === H10 && d.state === 'reconnecting'));
      await vi.advanceTimersByTimeAsync(30);
      // The retry came and failed (the process is down); no second child yet.
      expect(children).toHaveLength(1);
      expect(retries.length).toBeGreaterThanOrEqual(1);
      await vi.advanceTimersByTimeAsync(10);
      await until(() => children.length === 2 && m.list().some((d) => d.id === H10 && d.state === 'connected'));
      expect(children[1].requests.filter((b) => b.op === 'connect')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  }, 5000);
});
