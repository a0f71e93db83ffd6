/** Web mode's own guards: origin, token, malformed and oversized messages, static paths. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';
import { isLoopbackHost, originAllowed } from '../../src/engine/web/security';
import { MAX_MESSAGE_BYTES } from '../../src/shared/contract';

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
}

function get(url: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

describe('web server', () => {
  let dataDir: string;
  let staticDir: string;
  let engine: Engine;
  let plain: RunningWebServer;
  let guarded: RunningWebServer;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-web-'));
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>SetBeat</title>');
    fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'not for the web');
    engine = createEngine({ dataDir, transport: 'web' });
    plain = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir });
    guarded = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir });
  });
  afterAll(async () => {
    await plain?.close();
    await guarded?.close();
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('answers malformed JSON, binary frames and bad envelopes with an error reply', async () => {
    const ws = await open(`ws://127.0.0.1:${plain.port}/ws?token=${plain.token}`);
    ws.send('{not json');
    expect(await nextMessage(ws)).toMatchObject({ ok: false, error: { code: 'bad-request', message: 'Messages must be valid JSON.' } });
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await nextMessage(ws)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    ws.send(JSON.stringify({ kind: 'request', id: 7, command: 42 }));
    expect(await nextMessage(ws)).toMatchObject({ id: 7, ok: false, error: { code: 'bad-request' } });
    ws.send(JSON.stringify({ kind: 'request', id: 8, command: 'settings.update', params: { maxHr: -1 } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 8, ok: false, error: { code: 'invalid-params' } });
    ws.send(JSON.stringify({ kind: 'request', id: 9, command: 'app.ping', params: { echo: 'still here' } }));
    expect(await nextMessage(ws)).toMatchObject({ id: 9, ok: true, result: { echo: 'still here' } });
    ws.close();
  });

  it('closes a connection that sends an oversized message', async () => {
    const ws = await open(`ws://127.0.0.1:${plain.port}/ws?token=${plain.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ kind: 'request', id: 1, command: 'app.ping', params: { echo: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
    expect(await closed).toBe(1009);
  });

  it('refuses a cross-origin WebSocket upgrade and accepts its own origin', async () => {
    await expect(open(`ws://127.0.0.1:${plain.port}/ws?token=${plain.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    const ws = await open(`ws://127.0.0.1:${plain.port}/ws?token=${plain.token}`, { Origin: `http://127.0.0.1:${plain.port}` });
    ws.close();
  });

  it('requires the token on loopback too, and checks it on every connection', async () => {
    expect(guarded.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(guarded.url).toContain(`token=${guarded.token}`);
    await expect(open(`ws://127.0.0.1:${guarded.port}/ws`)).rejects.toThrow('HTTP 401');
    await expect(open(`ws://127.0.0.1:${guarded.port}/ws?token=wrong`)).rejects.toThrow('HTTP 401');
    const ws = await open(`ws://127.0.0.1:${guarded.port}/ws?token=${guarded.token}`);
    ws.close();
    expect(plain.token).not.toBe(guarded.token);
    await expect(open(`ws://127.0.0.1:${plain.port}/ws?token=${guarded.token}`)).rejects.toThrow('HTTP 401');
  });

  it('the printed link sets an HttpOnly cookie that later connections may carry instead', async () => {
    const first = await get(guarded.url);
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']?.[0] ?? '');
    expect(cookie).toMatch(new RegExp(`^${guarded.cookieName}=${guarded.token};.*HttpOnly.*SameSite=Strict`));
    // Without the token in the address, the page sets nothing.
    expect((await get(`http://127.0.0.1:${guarded.port}/`)).headers['set-cookie']).toBeUndefined();
    const ws = await open(`ws://127.0.0.1:${guarded.port}/ws`, { Cookie: `other=1; ${guarded.cookieName}=${guarded.token}` });
    ws.close();
    await expect(open(`ws://127.0.0.1:${guarded.port}/ws`, { Cookie: `${guarded.cookieName}=wrong` })).rejects.toThrow('HTTP 401');
    // Another server's cookie opens nothing here.
    await expect(open(`ws://127.0.0.1:${guarded.port}/ws`, { Cookie: `${plain.cookieName}=${plain.token}` })).rejects.toThrow('HTTP 401');
  });

  it('serves the app with a strict policy and never a file outside its folder', async () => {
    const index = await get(`http://127.0.0.1:${plain.port}/`);
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe');
    const escape = await get(`http://127.0.0.1:${plain.port}/..%2f${path.basename(dataDir)}%2fsecret.txt`);
    expect([403, 404]).toContain(escape.status);
    expect(escape.body).not.toContain('not for the web');
  });

  it('knows loopback from other addresses and judges origins', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.4', '::', 'example.org'].some(isLoopbackHost)).toBe(false);
    expect(originAllowed('http://127.0.0.1:5390', '127.0.0.1:5390')).toBe(true);
    expect(originAllowed('http://127.0.0.1:5391', '127.0.0.1:5390')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:5390')).toBe(false);
    expect(originAllowed(undefined, '127.0.0.1:5390')).toBe(true);
  });
});
