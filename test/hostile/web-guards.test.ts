/**
 * Web mode against hostile clients, beyond test/contract/web-server.test.ts: DNS rebinding
 * (a foreign name pointed at 127.0.0.1), look-alike and odd origins, a server bound to a
 * non-loopback address demanding its token from everyone (wrong, truncated, doubled, or sent
 * in the wrong place), and encoded path tricks against the static files.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { startWebServer, type RunningWebServer } from '../../src/engine/web/server';

function upgrade(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

function get(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // A raw path: no client-side normalisation of ../ or %2e.
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web mode against hostile clients', () => {
  let dataDir: string;
  let staticDir: string;
  let engine: Engine;
  let loop: RunningWebServer;
  let lan: RunningWebServer;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-guards-'));
    staticDir = path.join(dataDir, 'static');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>SetBeat</title>');
    fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'not for the web');
    engine = createEngine({ dataDir, transport: 'web' });
    loop = await startWebServer({ engine, host: '127.0.0.1', port: 0, staticDir });
    // Bound to every address: anyone on the network can reach it, so it must want its token.
    lan = await startWebServer({ engine, host: '0.0.0.0', port: 0, staticDir });
  });
  afterAll(async () => {
    await loop?.close();
    await lan?.close();
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses DNS rebinding: a foreign host name is refused even when its origin matches it', async () => {
    const host = `evil.example:${loop.port}`;
    expect(await upgrade(`ws://127.0.0.1:${loop.port}/ws?token=${loop.token}`, { Host: host, Origin: `http://${host}` })).toBe(403);
    expect(await upgrade(`ws://127.0.0.1:${loop.port}/ws?token=${loop.token}`, { Host: host })).toBe(403);
    expect((await get(loop.port, '/', { Host: host })).status).toBe(403);
    // Its own loopback names still work.
    for (const name of [`127.0.0.1:${loop.port}`, `localhost:${loop.port}`]) {
      expect(await upgrade(`ws://127.0.0.1:${loop.port}/ws?token=${loop.token}`, { Host: name, Origin: `http://${name}` }), name).toBe(101);
      expect((await get(loop.port, '/', { Host: name })).status, name).toBe(200);
    }
  });

  it('refuses look-alike and odd origins', async () => {
    const p = loop.port;
    for (const origin of [
      `http://127.0.0.1.evil.example:${p}`,
      `http://evil.example/127.0.0.1:${p}`,
      `http://127.0.0.1:${p}@evil.example`,
      `http://127.0.0.1:${p + 1}`,
      `file://127.0.0.1:${p}`,
      `chrome-extension://abcdef`,
      'null',
      '',
      'not a url',
    ]) {
      expect(await upgrade(`ws://127.0.0.1:${p}/ws?token=${loop.token}`, { Origin: origin }), origin).toBe(403);
    }
  });

  it('a server on a non-loopback address wants its token from every client, loopback included', async () => {
    expect(lan.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const t = lan.token;
    const base = `ws://127.0.0.1:${lan.port}/ws`;
    expect(await upgrade(base)).toBe(401);
    expect(await upgrade(`${base}?token=`)).toBe(401);
    expect(await upgrade(`${base}?token=${t.slice(0, -1)}`)).toBe(401);
    expect(await upgrade(`${base}?token=${t}x`)).toBe(401);
    expect(await upgrade(`${base}?token=${t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase()}`)).toBe(401);
    expect(await upgrade(`${base}?token=wrong&token=${t}`)).toBe(401);
    expect(await upgrade(base, { Authorization: `Bearer ${t}`, Cookie: `token=${t}` })).toBe(401);
    expect(await upgrade(`${base}?token=${t}`)).toBe(101);
    // A LAN client names the machine by its address: allowed with the token, whatever the Host.
    expect(await upgrade(`${base}?token=${t}`, { Host: `192.168.1.20:${lan.port}`, Origin: `http://192.168.1.20:${lan.port}` })).toBe(101);
    // The page itself carries no secret: the token travels only in the address the person was given.
    const page = await get(lan.port, '/', { Host: `192.168.1.20:${lan.port}` });
    expect(page.body).not.toContain(t);
  });

  it('never serves a file outside the app folder, however the path is spelled', async () => {
    const name = path.basename(dataDir);
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/static/..%2f..%2fsecret.txt',
      `/..%2f..%2f${name}%2fsecret.txt`,
      '/%252e%252e%252fsecret.txt',
      '/secret.txt%00.html',
      '/.%2e/.%2e/etc/passwd',
      '//etc/passwd',
    ]) {
      const r = await get(loop.port, p);
      expect(r.body, p).not.toContain('not for the web');
      expect(r.body, p).not.toMatch(/root:.*:0:0:/);
      expect([200, 400, 403, 404], `${p} -> ${r.status}`).toContain(r.status);
    }
  });
});
