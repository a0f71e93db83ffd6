/**
 * What one web client may cost (issue 17 items 9 and 12): clients that never read are dropped
 * once their send buffer passes the bound while a reading client gets everything; a client
 * that answers no ping is dropped; requests beyond the rate are refused, and a client that
 * keeps on is cut off; connections beyond the cap are refused. Real server, real sockets.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import type { WebClientLimits } from '../../src/engine/web/client-limits';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(20);
  }
  return check();
}

function open(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A client that completes the handshake and then never reads a byte. */
function deafClient(port: number, token: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.once('data', (head: Buffer) => {
      if (!head.toString().startsWith('HTTP/1.1 101')) return reject(new Error(head.toString().split('\r\n')[0]));
      socket.pause();
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

describe('web clients are bounded', () => {
  let dataDir: string;
  let engine: Engine;
  let server: RunningWebServer | undefined;
  const start = async (limits: Partial<WebClientLimits>): Promise<RunningWebServer> => {
    server = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir: dataDir, limits });
    return server;
  };
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-web-limits-'));
    engine = createEngine({ dataDir, transport: 'web' });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await engine.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('thirty clients that never read are dropped; one that reads gets every event', async () => {
    const s = await start({ maxClients: 40, maxBufferedBytes: 1024 * 1024 });
    const deaf = await Promise.all(Array.from({ length: 30 }, () => deafClient(s.port, s.token)));
    const reader = await open(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
    let received = 0;
    reader.on('message', () => received++);
    expect(s.clientCount()).toBe(31);
    // 24 MB of events in small bursts, so the reading client can keep up.
    const message = 'x'.repeat(900);
    const total = 24_000;
    for (let i = 0; i < total; i += 200) {
      for (let j = 0; j < 200; j++) engine.events.emit('notice', { level: 'info', message });
      await sleep(5);
    }
    expect(await until(() => received === total, 10_000), `received ${received} of ${total}`).toBe(true);
    expect(s.clientCount()).toBe(1);
    reader.close();
    for (const d of deaf) d.destroy();
  });

  it('a client that answers no ping is dropped, one that does stays', async () => {
    const s = await start({ pingIntervalMs: 50 });
    const silent = await open(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`, { autoPong: false });
    const lively = await open(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
    const closed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    await closed;
    expect(s.clientCount()).toBe(1);
    expect(lively.readyState).toBe(WebSocket.OPEN);
    lively.close();
  });

  it('requests beyond the rate are refused, and a client that keeps on is cut off', async () => {
    const s = await start({ messagesPerSecond: 1, messageBurst: 20 });
    const ws = await open(`ws://127.0.0.1:${s.port}/ws?token=${s.token}`);
    const codes: string[] = [];
    const ids: number[] = [];
    ws.on('message', (data) => {
      const reply = JSON.parse(String(data)) as { id: number; ok: boolean; error?: { code: string } };
      ids.push(reply.id);
      codes.push(reply.ok ? 'ok' : (reply.error?.code ?? '?'));
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    for (let i = 0; i < 30; i++) ws.send(JSON.stringify({ kind: 'request', id: i + 1, command: 'app.ping', params: { echo: 'x' } }));
    expect(await until(() => codes.length === 30, 5000)).toBe(true);
    const ok = codes.filter((c) => c === 'ok').length;
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThanOrEqual(25);
    expect(codes.filter((c) => c === 'rate-limited').length).toBe(30 - ok);
    // Each refusal answers its own request, so a client's pending call ends rather than hangs.
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (let i = 0; i < 100 && ws.readyState === WebSocket.OPEN; i++) ws.send(JSON.stringify({ kind: 'request', id: 100 + i, command: 'app.ping', params: { echo: 'x' } }));
    expect(await closed).toBe(1008);
  });

  it('connections beyond the cap are refused until one leaves', async () => {
    const s = await start({ maxClients: 3 });
    const url = `ws://127.0.0.1:${s.port}/ws?token=${s.token}`;
    const three = await Promise.all([open(url), open(url), open(url)]);
    await expect(open(url)).rejects.toThrow('HTTP 503');
    const gone = new Promise<void>((resolve) => three[0].once('close', () => resolve()));
    three[0].close();
    await gone;
    expect(await until(() => s.clientCount() === 2, 2000)).toBe(true);
    const fourth = await open(url);
    fourth.close();
    for (const ws of three) ws.close();
  });
});
