/**
 * `export SESSION_ID|all --format csv|json|tcx|fit|html|pdf --out PATH [--browser PATH] [--json]`
 *
 * csv writes four files per session into the folder PATH; the other formats write the file
 * PATH for one session (or `<base>.<ext>` inside PATH when it is a folder); `all` writes one
 * file (four for csv) per session into the folder PATH, with progress on stderr.
 */
import { UsageError, UserFacingError, requireString, type CliCommand } from '../command';
import { exportAll, exportSession, EXPORT_FORMATS, isExportFormat, type ExportedFile } from '../../export/exporter';
import { sourceFromStore } from '../../export/store-port';
import { BrowserNotFoundError, findBrowser } from '../../export/find-browser';
import { openChromiumPdfPrinter, type PrintToPdf } from '../../export/pdf';
import { openStore, readOnlyFolderNote, type Store } from '../../store/index';
import { asUserFacing, requireDataFolder } from './store-errors';

function describeFiles(files: ExportedFile[]): string {
  return files.map((f) => `  ${f.path} (${(f.bytes / 1024).toFixed(1)} KB)`).join('\n');
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a session (or all) as CSV, JSON, TCX, FIT, an HTML report or a PDF',
  usage: `export SESSION_ID|all --format ${EXPORT_FORMATS.join('|')} --out PATH [--browser PATH] [--json]`,
  positionals: { min: 1, max: 1, names: 'SESSION_ID or "all"' },
  options: {
    format: { type: 'string', description: `one of ${EXPORT_FORMATS.join(', ')}` },
    out: { type: 'string', description: 'file to write (a folder for csv and for "all")' },
    browser: { type: 'string', description: 'pdf: the Chrome, Chromium or Edge to print with (default: SETBEAT_BROWSER, else an installed one)' },
  },
  async run(input, io) {
    const format = requireString(input, 'format');
    if (!isExportFormat(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}; got "${format}"`);
    const out = requireString(input, 'out');
    const which = input.positionals[0];
    const all = which === 'all';
    const id = all ? NaN : Number(which);
    if (!all && !(Number.isInteger(id) && id > 0)) throw new UsageError(`SESSION_ID is a whole number or "all"; got "${which}"`);

    requireDataFolder(input.dataDir);
    // A PDF needs a browser: find it before anything is written, and say what to do without one.
    let printToPdf: PrintToPdf | undefined;
    if (format === 'pdf') {
      const browser = typeof input.options.browser === 'string' ? input.options.browser : undefined;
      try {
        printToPdf = (await openChromiumPdfPrinter(findBrowser({ explicit: browser }))).print;
      } catch (err) {
        if (err instanceof BrowserNotFoundError) throw new UserFacingError(err.message);
        throw err;
      }
    }
    // Read-only: an export never changes the database, and the app may be recording meanwhile.
    let store: Store;
    try {
      store = openStore(input.dataDir, { readonly: true });
      const note = readOnlyFolderNote(store);
      if (note) io.note(note);
    } catch (err) {
      throw asUserFacing(err);
    }
    try {
      if (all) {
        const result = await exportAll(store, format, out, {
          signal: io.stopSignal,
          printToPdf,
          onProgress: (p) => io.note(`[${p.done}/${p.total}] session ${p.sessionId}${p.files.length ? ` -> ${p.files.map((f) => f.path).join(', ')}` : ' failed'}`),
        });
        const text = [
          `Exported ${result.sessions.length} session(s) as ${format} into ${result.folder} (${result.sessions.reduce((n, s) => n + s.files.length, 0)} files)`,
          ...result.failed.map((f) => `  session ${f.sessionId} failed: ${f.reason}`),
        ].join('\n');
        return {
          json: { format, folder: result.folder, sessions: result.sessions, failed: result.failed },
          text,
          exitCode: result.failed.length ? 1 : 0,
        };
      }
      const source = sourceFromStore(store, id);
      if (!source) throw new UserFacingError(`no session ${id} in ${input.dataDir} (\`npm run -s cli -- sessions\` lists them)`);
      const result = await exportSession(source, format, out, { printToPdf });
      return {
        json: { format, sessionId: id, files: result.files },
        text: `Exported session ${id} as ${format}:\n${describeFiles(result.files)}`,
      };
    } finally {
      store.close();
    }
  },
};
