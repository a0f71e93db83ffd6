/**
 * GET /download?session=ID|all&format=F: an export sent to the browser as a download (one
 * file, or a ZIP for CSV and for every session), so a person on a tablet gets the file and not
 * the server's disk. Asked for by the page with fetch and the header below: a request from
 * another site cannot set it without a CORS preflight, which this server never grants.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../engine';
import { DownloadError } from '../export/download';
import { isExportFormat } from '../export/exporter';
import { writeZip } from '../export/zip';
import { CONTENT_SECURITY_POLICY } from './security';

export const DOWNLOAD_HEADER = 'x-setbeat-download';
export const TOKEN_HEADER = 'x-setbeat-token';

function plain(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
  res.end(message);
}

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Answers /download; returns false for any other path. */
export function handleDownload(engine: Engine, authorized: (given: string | null) => boolean, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== '/download') return false;
  void (async () => {
    if (req.method !== 'GET') return plain(res, 405, 'Use GET.');
    if (req.headers[DOWNLOAD_HEADER] !== '1') return plain(res, 403, 'Downloads are asked for by the SetBeat page.');
    const given = req.headers[TOKEN_HEADER];
    if (!authorized(typeof given === 'string' ? given : null)) return plain(res, 401, 'Unauthorized');
    const session = url.searchParams.get('session') ?? '';
    const format = url.searchParams.get('format') ?? '';
    if (!isExportFormat(format)) return plain(res, 400, `Unknown format "${format}": use csv, json, tcx, fit, html or pdf.`);
    const what = session === 'all' ? 'all' : /^[1-9]\d{0,15}$/.test(session) ? Number(session) : null;
    if (what === null) return plain(res, 400, 'Say which session: a session id or "all".');
    let prepared;
    try {
      prepared = await engine.prepareDownload(what, format);
    } catch (err) {
      const status = err instanceof DownloadError ? err.status : 500;
      return plain(res, status, `The ${format.toUpperCase()} export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      res.writeHead(200, {
        'Content-Type': prepared.contentType,
        'Content-Disposition': disposition(prepared.fileName),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      if (prepared.zip) {
        await writeZip(prepared.files, res);
        res.end();
      } else {
        await pipeline(fs.createReadStream(prepared.files[0].path), res);
      }
    } catch {
      // The browser went away, or a file could not be read: the half-sent download fails there.
      res.destroy();
    } finally {
      prepared.cleanup();
    }
  })();
  return true;
}
