/**
 * Web mode: the engine in plain Node, the built renderer served over HTTP and the contract
 * carried over a WebSocket at /ws. Every connection needs the token, loopback included (any
 * local process or user could otherwise drive the engine): the printed link carries it and
 * the page's first load keeps it in an HttpOnly cookie, so a reload without it still works.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, type ResponseEnvelope } from '../../shared/contract';
import type { Engine } from '../engine';
import { cookieValue, DEFAULT_WEB_CLIENT_LIMITS, RequestBucket, type WebClientLimits } from './client-limits';
import { handleDownload } from './downloads';
import { CONTENT_SECURITY_POLICY, hostHeaderAllowed, isLoopbackHost, newToken, originAllowed, tokensMatch } from './security';

export interface WebServerOptions {
  engine: Engine;
  host: string;
  port: number;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** Tighter limits for tests; the defaults suit a person with a phone and a laptop. */
  limits?: Partial<WebClientLimits>;
}

export interface RunningWebServer {
  url: string;
  port: number;
  token: string;
  /** The cookie that carries the token after the first load. */
  cookieName: string;
  /** Clients connected now. */
  clientCount(): number;
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

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    ...extra,
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function serveStatic(staticDir: string, req: http.IncomingMessage, res: http.ServerResponse, extra: http.OutgoingHttpHeaders): void {
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
        err2 ? send(res, 503, 'The app is not built yet: run `npm run build`.') : send(res, 200, html, MIME['.html'], extra),
      );
      return;
    }
    send(res, 200, data, MIME[path.extname(file)] ?? 'application/octet-stream', extra);
  });
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { engine, host, staticDir } = options;
  const limits: WebClientLimits = { ...DEFAULT_WEB_CLIENT_LIMITS, ...options.limits };
  const token = newToken();
  const loopback = isLoopbackHost(host);
  // Cookies are not kept apart by port: two SetBeat servers on one machine need two names.
  let cookieName = 'setbeat-token';

  const server = http.createServer((req, res) => {
    if (loopback && !hostHeaderAllowed(req.headers.host)) return send(res, 403, 'Forbidden: address SetBeat by 127.0.0.1 or localhost.');
    // A download carries the token in a header, or the cookie the printed link left.
    if (handleDownload(engine, (given) => tokensMatch(token, given ?? cookieValue(req.headers.cookie, cookieName)), req, res)) return;
    // The printed link's token becomes a cookie, so the page's later loads and its socket carry it.
    let extra: http.OutgoingHttpHeaders = {};
    try {
      const given = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
      if (tokensMatch(token, given)) extra = { 'Set-Cookie': `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict` };
    } catch {
      // A malformed URL: serveStatic refuses it.
    }
    serveStatic(staticDir, req, res, extra);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, why: string): void => {
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!originAllowed(req.headers.origin, req.headers.host)) return refuse(403, 'Forbidden');
    if (loopback && !hostHeaderAllowed(req.headers.host)) return refuse(403, 'Forbidden');
    const given = url.searchParams.get('token') ?? cookieValue(req.headers.cookie, cookieName);
    if (!tokensMatch(token, given)) return refuse(401, 'Unauthorized');
    if (clients.size >= limits.maxClients) return refuse(503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  /** Sends unless the client has fallen too far behind; then it is dropped, not waited for. */
  const deliver = (ws: WebSocket, message: string): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + message.length > limits.maxBufferedBytes) {
      ws.terminate();
      clients.delete(ws);
      return;
    }
    ws.send(message);
  };

  wss.on('connection', (ws) => {
    clients.add(ws);
    alive.add(ws);
    const bucket = new RequestBucket(limits.messagesPerSecond, limits.messageBurst);
    let refused = 0;
    ws.on('close', () => clients.delete(ws));
    ws.on('pong', () => alive.add(ws));
    // Oversized or broken frames: ws closes the link itself (1009/1002); without this
    // listener the error would take the whole server down.
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      let parsed: unknown;
      if (!isBinary) {
        try {
          parsed = JSON.parse(data.toString());
        } catch {
          parsed = undefined;
        }
      }
      if (!bucket.take()) {
        // A client that keeps on after being told to slow down is cut off.
        if (++refused > limits.messageBurst) return ws.close(1008, 'too many requests');
        const id = typeof parsed === 'object' && parsed !== null && 'id' in parsed && typeof parsed.id === 'number' ? parsed.id : 0;
        const slow: ResponseEnvelope = { kind: 'response', id, ok: false, error: { code: 'rate-limited', message: 'Too many requests: slow down.' } };
        return deliver(ws, JSON.stringify(slow));
      }
      void (async () => {
        let reply: ResponseEnvelope;
        if (isBinary) {
          reply = { kind: 'response', id: 0, ok: false, error: { code: 'bad-request', message: 'Messages must be JSON text.' } };
        } else {
          reply =
            parsed === undefined
              ? { kind: 'response', id: 0, ok: false, error: { code: 'bad-request', message: 'Messages must be valid JSON.' } }
              : await engine.router.dispatch(parsed);
        }
        deliver(ws, JSON.stringify(reply));
      })();
    });
  });

  // A client that vanished without closing (a laptop lid, a dropped Wi-Fi) answers no ping.
  const pinger = setInterval(() => {
    for (const ws of clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        clients.delete(ws);
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, limits.pingIntervalMs);
  pinger.unref();

  const unsubscribe = engine.events.subscribe((event, payload) => {
    const message = JSON.stringify({ kind: 'event', event, payload });
    for (const ws of clients) deliver(ws, message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/?token=${token}`;
  cookieName = `setbeat-token-${port}`;

  return {
    url,
    port,
    token,
    cookieName,
    clientCount: () => clients.size,
    close: async () => {
      clearInterval(pinger);
      unsubscribe();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
