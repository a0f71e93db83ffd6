/**
 * Worker entry: runs one export job on its own thread with its own read-only connection, so
 * a ten-million-sample export never blocks the engine's event loop (it once held it for 9 s
 * and a live recording lost 11-13 s on every sensor).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openStoreFileReadonly, useSqliteNativeBinding } from '../store/index';
import { exportAll, exportSession } from './exporter';
import type { ExportWorkerInput, ExportWorkerMessage, PrintAnswer } from './export-job';
import type { PrintToPdf } from './pdf';
import { sourceFromStore } from './store-port';

/** Prints through the parent: one request per page, answered by id. */
function printViaParent(port: MessagePort): { print: PrintToPdf; stop(): void } {
  let next = 0;
  const waiting = new Map<number, { resolve: (pdf: Uint8Array) => void; reject: (err: Error) => void }>();
  const onAnswer = (m: PrintAnswer): void => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.type === 'printed') w.resolve(m.pdf);
    else w.reject(new Error(m.message));
  };
  port.on('message', onAnswer);
  return {
    print: (html) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        waiting.set(id, { resolve, reject });
        post({ type: 'print', id, html });
      }),
    // A port with a listener keeps the thread alive: off once the job is done.
    stop: () => port.off('message', onAnswer),
  };
}

async function run(input: ExportWorkerInput): Promise<ExportWorkerMessage> {
  useSqliteNativeBinding(input.nativeBinding);
  const store = openStoreFileReadonly(input.dbFile);
  const printer = input.parentPrints && parentPort ? printViaParent(parentPort) : null;
  const options = { generator: input.generator, printToPdf: printer?.print };
  try {
    const { job } = input;
    if (job.kind === 'one') {
      const source = sourceFromStore(store, job.sessionId);
      if (!source) return { type: 'failed', message: `There is no session ${job.sessionId}.`, missing: true };
      return { type: 'done', one: await exportSession(source, job.format, job.out, options) };
    }
    const all = await exportAll(store, job.format, job.folder, {
      ...options,
      onProgress: (p) => post({ type: 'progress', done: p.done, total: p.total }),
    });
    return { type: 'done', all };
  } finally {
    printer?.stop();
    store.close();
  }
}

function post(message: ExportWorkerMessage): void {
  parentPort?.postMessage(message);
}

run(workerData as ExportWorkerInput).then(post, (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
