/**
 * The app:// handler (issue 17 item 13) serves the built renderer and nothing else, however
 * the path is spelled; real files in a temp folder, no Electron needed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { appUrlToFile, serveAppRequest } from '../../src/main/app-protocol';
import { isOwnPage, rendererOrigin } from '../../src/main/window';

// window.ts names BrowserWindow; the checks below never create one.
vi.mock('electron', () => ({ BrowserWindow: class {} }));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-app-protocol-'));
const root = path.join(dir, 'renderer');
fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>SetBeat</title>');
fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the page');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves the renderer files with their types', async () => {
    const index = await serveAppRequest(root, 'app://setbeat/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>SetBeat</title>');
    const js = await serveAppRequest(root, 'app://setbeat/assets/app.js?v=1#x');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await serveAppRequest(root, 'app://setbeat/')).status).toBe(200);
  });

  it('refuses anything outside the renderer folder, another host or scheme', async () => {
    for (const url of [
      'app://setbeat/../secret.txt',
      'app://setbeat/%2e%2e/secret.txt',
      'app://setbeat/..%2fsecret.txt',
      'app://setbeat/assets/..%2f..%2fsecret.txt',
      'app://setbeat/secret.txt%00.html',
      'app://setbeat/%ZZ',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://setbeat/missing.js',
    ]) {
      const res = await serveAppRequest(root, url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('not for the page');
    }
    expect(appUrlToFile(root, 'app://setbeat/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('the window trusts only its app:// page, not file:// pages', () => {
    const paths = { preload: '', rendererUrl: undefined, rendererFile: path.join(root, 'index.html') };
    expect(rendererOrigin(paths)).toBe('app://setbeat');
    expect(isOwnPage('app://setbeat/index.html#/history', paths)).toBe(true);
    expect(isOwnPage(`file://${path.join(root, 'index.html')}`, paths)).toBe(false);
    expect(isOwnPage('app://setbeat.evil/index.html', paths)).toBe(false);
  });
});
