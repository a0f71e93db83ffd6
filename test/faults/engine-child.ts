/**
 * A whole engine in its own process, for the SIGKILL test: demo sensors on an accelerated
 * clock, a workout with a set running, a real SQLite file in the folder given. It prints one
 * `STATE {...}` line at start and `RECV {...}` lines (samples received so far) every 100 ms
 * until it is killed.
 *
 * Usage: node --import tsx test/faults/engine-child.ts DATA_DIR SPEED
 */
import { DEMO_IDS, EngineRig } from './engine-rig';

async function main(): Promise<void> {
  const [dataDir, speedText] = process.argv.slice(2);
  if (!dataDir || !speedText) throw new Error('usage: engine-child.ts DATA_DIR SPEED');
  const rig = new EngineRig({ speed: Number(speedText), dataDir });
  await rig.startDemo();
  await rig.call('workout.get', {});
  await rig.connect([DEMO_IDS.h10, DEMO_IDS.imu]);
  const sessionId = await rig.beginSet();
  const counts = (): Record<string, number> => Object.fromEntries([...rig.acc].map(([id, list]) => [id, list.length]));
  process.stdout.write(`STATE ${JSON.stringify({ sessionId, originMs: rig.originMs, btPid: rig.manager.processId, pid: process.pid })}\n`);
  setInterval(() => {
    process.stdout.write(`RECV ${JSON.stringify({ acc: counts(), hr: rig.hrReceived(), at: Date.now() })}\n`);
  }, 100);
}

main().catch((err: unknown) => {
  process.stderr.write(`engine-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
