/**
 * The detection worker's entry (built into out-cli/detect-worker.js): runs one job (jobs.ts)
 * on the batches the main thread sends while that thread reads the file and stores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createJob, type FromWorker, type JobSpec, type ToWorker } from './jobs';

const port = parentPort;
if (!port) throw new Error('detect-worker runs as a worker thread only');
const reply = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
let job: ReturnType<typeof createJob> | null = null;
try {
  job = createJob(workerData as JobSpec);
} catch (err) {
  fail(err);
}

function fail(err: unknown): void {
  reply({ type: 'failed', message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
  port?.close();
}

port.on('message', (m: ToWorker) => {
  if (!job) return;
  try {
    if (m.type === 'batch') reply({ type: 'ack', sets: job.push(m.data, m.count), data: m.data }, [m.data.buffer]);
    else {
      reply({ type: 'done', result: job.finish(m.lastT) });
      port.close();
    }
  } catch (err) {
    fail(err);
  }
});
