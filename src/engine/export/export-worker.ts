/**
 * Worker entry: runs one export job on its own thread with its own read-only connection, so
 * a ten-million-sample export never blocks the engine's event loop (it once held it for 9 s
 * and a live recording lost 11-13 s on every sensor).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreFileReadonly, useSqliteNativeBinding } from '../store/index';
import { exportAll, exportSession } from './exporter';
import type { ExportWorkerInput, ExportWorkerMessage } from './export-job';
import { sourceFromStore } from './store-port';

async function run(input: ExportWorkerInput): Promise<ExportWorkerMessage> {
  useSqliteNativeBinding(input.nativeBinding);
  const store = openStoreFileReadonly(input.dbFile);
  try {
    const { job } = input;
    if (job.kind === 'one') {
      const source = sourceFromStore(store, job.sessionId);
      if (!source) return { type: 'failed', message: `There is no session ${job.sessionId}.`, missing: true };
      return { type: 'done', one: await exportSession(source, job.format, job.out, { generator: input.generator }) };
    }
    const all = await exportAll(store, job.format, job.folder, {
      generator: input.generator,
      onProgress: (p) => post({ type: 'progress', done: p.done, total: p.total }),
    });
    return { type: 'done', all };
  } finally {
    store.close();
  }
}

function post(message: ExportWorkerMessage): void {
  parentPort?.postMessage(message);
}

run(workerData as ExportWorkerInput).then(post, (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
