/** Electron entry: app lifecycle, the window, IPC wiring. Everything else is the engine's. */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/create';
import type { Engine } from '../engine/engine';
import { createMainWindow, isOwnPage, type WindowPaths } from './window';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { forwardEvents, registerIpc } from './ipc';
import { registerSaveExport } from './save-export-ipc';
import { SaveExportFlow } from '../engine/export/save-dialog';
import { printToPdfVia } from '../engine/export/pdf';
import { openPrintWindow } from './print';
import { utilityProcessLauncher } from './bluetooth-launcher';
import { useElectronChildLauncher } from '../engine/bluetooth/child-handle';

const here = path.dirname(fileURLToPath(import.meta.url));

const paths: WindowPaths = {
  preload: path.join(here, '../preload/index.cjs'),
  rendererUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined,
  rendererFile: path.join(here, '../renderer/index.html'),
};

app.setName('SetBeat');
// Before ready: app:// is a standard, secure origin, so the page gets its own origin, not file://.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every renderer sandboxed, whatever options a future window forgets to pass.
app.enableSandbox();
let mainWindow: BrowserWindow | null = null;
let engine: Engine | null = null;

// One instance owns the database: a second launch focuses the first and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.whenReady().then(() => {
    // Only the built renderer folder is reachable through app://.
    const rendererRoot = path.dirname(paths.rendererFile);
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request.url));
    // Nothing in SetBeat needs the camera, microphone, notifications or the like.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    // Nor USB, HID or serial devices from the page: sensors go through the engine.
    session.defaultSession.setDevicePermissionHandler(() => false);
    session.defaultSession.on('select-hid-device', (event, _details, callback) => {
      event.preventDefault();
      callback('');
    });
    session.defaultSession.on('select-serial-port', (event, _ports, _contents, callback) => {
      event.preventDefault();
      callback('');
    });
    session.defaultSession.on('select-usb-device', (event, _details, callback) => {
      event.preventDefault();
      callback();
    });

    // Where the Bluetooth child would run as "Electron as Node", run it as a utility process.
    useElectronChildLauncher(utilityProcessLauncher);
    engine = createEngine({
      dataDir: process.env.SETBEAT_DATA_DIR ? path.resolve(process.env.SETBEAT_DATA_DIR) : app.getPath('userData'),
      transport: 'electron',
      bluetooth: 'auto',
      electronNativeDir: path.join(app.getAppPath(), '.native', 'electron'),
      printToPdf: printToPdfVia(openPrintWindow),
      // Exports run on a worker thread started from the self-contained entry the build emits
      // beside this bundle (electron.vite.config.ts), so a big one never stalls a recording.
      exportWorker: path.join(here, 'export-worker.mjs'),
      openFolder: (folder) => shell.openPath(folder),
    });
    const current = engine;
    const fromOurWindow = (event: Electron.IpcMainInvokeEvent): boolean => {
      const frameUrl = event.senderFrame?.url ?? '';
      return mainWindow !== null && event.sender === mainWindow.webContents && isOwnPage(frameUrl, paths);
    };
    registerIpc(ipcMain, current, fromOurWindow);
    // Exports from the window are saved where the person picks (native dialogs, sheet on macOS).
    const saveFlow = new SaveExportFlow({
      dialog: {
        showSaveDialog: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)),
        showOpenDialog: (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options)),
      },
      shell: { showItemInFolder: (p) => shell.showItemInFolder(p) },
      target: current.exportTarget,
      startFolder: app.getPath('documents'),
      now: () => Date.now(),
    });
    registerSaveExport(ipcMain, saveFlow, fromOurWindow);
    forwardEvents(current, () => mainWindow?.webContents ?? null);

    mainWindow = createMainWindow(paths, path.join(here, '../../resources/icon.png'));
    mainWindow.on('closed', () => (mainWindow = null));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) {
        mainWindow = createMainWindow(paths, path.join(here, '../../resources/icon.png'));
      }
    });
  });

  // Any web contents, including ones SetBeat never meant to create: no pop-ups, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Close the engine before exit: the session writer flushes and the Bluetooth process
  // stops its sensors' streams.
  app.on('will-quit', (event) => {
    const closing = engine;
    if (!closing) return;
    engine = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
}
