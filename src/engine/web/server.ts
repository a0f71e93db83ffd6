/**
 * Web mode: the engine in plain Node, the built renderer served over HTTP and the contract
 * carried over a WebSocket at /ws. Loopback by default; any other address needs the token.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, type ResponseEnvelope } from '../../shared/contract';
import type { Engine } from '../engine';
import { handleDownload } from './downloads';
import { CONTENT_SECURITY_POLICY, hostHeaderAllowed, isLoopbackHost, newToken, originAllowed, tokensMatch } from './security';

export interface WebServerOptions {
  engine: Engine;
  host: string;
  port: number;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** Force a token even on loopback (tests); always on for other hosts. */
  requireToken?: boolean;
}

export interface RunningWebServer {
  url: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function serveStatic(staticDir: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return send(res, 400, 'Bad request');
  }
  // fs throws at once on a NUL byte (%00): that must be a refusal, not a crashed server.
  if (pathname.includes('\0')) return send(res, 400, 'Bad request');
  const root = path.resolve(staticDir);
  const file = path.resolve(root, '.' + (pathname === '/' ? '/index.html' : pathname));
  // Never serve anything outside the renderer folder, whatever the path says.
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, 'Forbidden');
  fs.readFile(file, (err, data) => {
    if (err) {
      if (pathname.includes('.')) return send(res, 404, 'Not found');
      // Unknown routes get the app, which shows its own screens.
      fs.readFile(path.join(root, 'index.html'), (err2, html) =>
        err2 ? send(res, 503, 'The app is not built yet: run `npm run build`.') : send(res, 200, html, MIME['.html']),
      );
      return;
    }
    send(res, 200, data, MIME[path.extname(file)] ?? 'application/octet-stream');
  });
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { engine, host, staticDir } = options;
  const token = options.requireToken || !isLoopbackHost(host) ? newToken() : null;

  const server = http.createServer((req, res) => {
    if (!token && !hostHeaderAllowed(req.headers.host)) return send(res, 403, 'Forbidden: address SetBeat by 127.0.0.1 or localhost.');
    if (handleDownload(engine, token, req, res)) return;
    serveStatic(staticDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, why: string): void => {
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!originAllowed(req.headers.origin, req.headers.host)) return refuse(403, 'Forbidden');
    if (!token && !hostHeaderAllowed(req.headers.host)) return refuse(403, 'Forbidden');
    if (token && !tokensMatch(token, url.searchParams.get('token'))) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    // Oversized or broken frames: ws closes the link itself (1009/1002); without this
    // listener the error would take the whole server down.
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let reply: ResponseEnvelope;
        if (isBinary) {
          reply = { kind: 'response', id: 0, ok: false, error: { code: 'bad-request', message: 'Messages must be JSON text.' } };
        } else {
          let parsed: unknown;
          try {
            parsed = JSON.parse(data.toString());
          } catch {
            parsed = undefined;
          }
          reply =
            parsed === undefined
              ? { kind: 'response', id: 0, ok: false, error: { code: 'bad-request', message: 'Messages must be valid JSON.' } }
              : await engine.router.dispatch(parsed);
        }
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
      })();
    });
  });

  const unsubscribe = engine.events.subscribe((event, payload) => {
    const message = JSON.stringify({ kind: 'event', event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`;

  return {
    url,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
