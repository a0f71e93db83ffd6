/** `npm run web -- [--port N] [--host H] [--data-dir DIR] [--demo] [--browser PATH]`: the app in a browser. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEngine } from '../create';
import { resolveDataDir } from '../paths';
import { acquireInstanceLock, InstanceLockedError, type InstanceLock } from '../instance-lock';
import { startWebServer } from './server';
import { openChromiumPdfPrinter } from '../export/pdf';
import { findBrowser } from '../export/find-browser';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_STATIC_DIR = path.resolve(here, '..', '..', '..', 'out', 'renderer');

const USAGE = 'Usage: npm run web -- [--port N] [--host ADDRESS] [--data-dir DIR] [--demo] [--browser PATH]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        demo: { type: 'boolean' },
        browser: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`setbeat web: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = values.port === undefined ? 5390 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`setbeat web: --port takes a port number (0-65535), got "${values.port}"\n${USAGE}\n`);
    process.exit(2);
  }
  const host = values.host ?? '127.0.0.1';
  const dataDir = resolveDataDir(values['data-dir']);
  // One live SetBeat per data folder: a second one is refused before it opens the database.
  let lock: InstanceLock;
  try {
    lock = acquireInstanceLock(dataDir, { transport: 'web' });
  } catch (err) {
    if (!(err instanceof InstanceLockedError)) throw err;
    process.stderr.write(`setbeat web: ${err.message}\n`);
    process.exit(1);
  }
  const engine = createEngine({
    dataDir,
    holdsInstanceLock: true,
    transport: 'web',
    bluetooth: values.demo === true ? 'demo' : 'auto',
    // PDF reports print with this browser (found when first needed; a missing one is said then).
    printToPdf: values.browser ? async (html) => (await openChromiumPdfPrinter(findBrowser({ explicit: values.browser }))).print(html) : undefined,
  });
  const info = engine.info();
  if (info.databaseProblem) process.stderr.write(`setbeat web: ${info.databaseProblem}\n`);
  const server = await startWebServer({
    engine,
    host,
    port,
    staticDir: process.env.SETBEAT_RENDERER_DIR ?? DEFAULT_STATIC_DIR,
  });
  // Never the token: the info file is readable by anyone who can read the data folder.
  lock.describe({ url: server.url.split('?')[0] });
  process.stdout.write(`SetBeat is running at ${server.url}\n`);
  process.stdout.write(`Data folder: ${info.dataDir}\n`);
  process.stdout.write('Open this link: it carries the access token. Anyone with it can use SetBeat: share it only with your own devices.\n');
  const stop = async (): Promise<void> => {
    await server.close();
    await engine.close();
    lock.release();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') process.stderr.write(`setbeat web: that port is already in use; pick another with --port.\n`);
  else process.stderr.write(`setbeat web: ${e.message ?? String(err)}\n`);
  process.exit(1);
});
