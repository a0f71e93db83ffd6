/** The one app window, locked down: isolated, sandboxed, no Node, no navigation, no pop-ups. */
import { BrowserWindow, type WebContents } from 'electron';
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol';

export interface WindowPaths {
  preload: string;
  /** The dev server URL in development; otherwise the built renderer, served as app://setbeat/. */
  rendererUrl: string | undefined;
  /** The built index.html; its folder is what app:// serves. */
  rendererFile: string;
}

export function rendererOrigin(paths: WindowPaths): string {
  return paths.rendererUrl ? new URL(paths.rendererUrl).origin : APP_ORIGIN;
}

/** True when a URL is our own renderer page (the only page allowed to talk to the engine). */
export function isOwnPage(url: string, paths: WindowPaths): boolean {
  if (paths.rendererUrl) return url.startsWith(new URL(paths.rendererUrl).origin + '/');
  return url === APP_INDEX_URL || url.startsWith(APP_INDEX_URL + '#') || url.startsWith(APP_INDEX_URL + '?');
}

function lockDown(contents: WebContents, paths: WindowPaths): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, paths)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, paths)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Sensors are reached through the engine (noble), never Web Bluetooth: Electron would
  // otherwise hand the page the first device it finds when nobody picks one.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
  // SetBeat opens no other windows and hands no URL to the system: nothing to trust.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createMainWindow(paths: WindowPaths, iconPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'SetBeat',
    icon: iconPath,
    backgroundColor: '#101418',
    autoHideMenuBar: true,
    // Spelled out in the constructor call (not spread from a constant) so that
    // `npm run security` (electronegativity's static checks) can see every one of them.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would open links in a new window; there is no link worth opening.
      disableBlinkFeatures: 'Auxclick',
      preload: paths.preload,
    },
  });
  lockDown(win.webContents, paths);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(paths.rendererUrl || APP_INDEX_URL);
  return win;
}
