// A stand-in for the `electron` module: records what the main bundle asks of it and prints
// a JSON report once the app is "ready" and the window exists.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const report = { windows: [], handlers: [], appEvents: [], singleInstance: false, permissionHandler: false, webContentsEvents: [], windowOpenHandler: null, loaded: [], sandboxAll: false, devicePermissionHandler: null, sessionEvents: [], workers: [] };

// Worker threads the bundle starts, by entry file (the ES binding follows the patched export).
const workerThreads = createRequire(import.meta.url)('node:worker_threads');
const NodeWorker = workerThreads.Worker;
workerThreads.Worker = class extends NodeWorker {
  constructor(file, options) {
    report.workers.push(String(file));
    super(file, options);
  }
};
syncBuiltinESMExports();

class WebContents {
  constructor() {
    this.handlers = {};
  }
  on(name, fn) {
    report.webContentsEvents.push(name);
    this.handlers[name] = fn;
  }
  setWindowOpenHandler(fn) {
    report.windowOpenHandler = fn({ url: 'https://example.org/' });
  }
  isDestroyed() {
    return false;
  }
  send() {}
}

export class BrowserWindow {
  static all = [];
  static getAllWindows() {
    return BrowserWindow.all;
  }
  constructor(options) {
    report.windows.push(options);
    this.webContents = new WebContents();
    BrowserWindow.all.push(this);
  }
  once() {}
  on() {}
  loadURL(url) {
    report.loaded.push(url);
    return Promise.resolve();
  }
  loadFile(file) {
    report.loaded.push(file);
    return Promise.resolve();
  }
  isMinimized() {
    return false;
  }
  restore() {
    report.restored = (report.restored ?? 0) + 1;
  }
  focus() {
    report.focused = (report.focused ?? 0) + 1;
  }
  show() {}
}

const ipcHandlers = {};

export const ipcMain = {
  handle(channel, fn) {
    report.handlers.push(channel);
    ipcHandlers[channel] = fn;
  },
  removeHandler() {},
};

const sessionHandlers = {};
const appHandlers = {};

/** Offers a device pick to a handler: did it take the choice away from Electron, and what did it pick? */
function offerDevice(handler, args) {
  if (!handler) return null;
  const outcome = { prevented: false, picked: undefined };
  const event = { preventDefault: () => (outcome.prevented = true) };
  handler(event, ...args, (id) => (outcome.picked = id ?? null));
  return outcome;
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler() {
      report.permissionHandler = true;
    },
    setPermissionCheckHandler() {},
    setDevicePermissionHandler(fn) {
      report.devicePermissionHandler = fn({ deviceType: 'usb', origin: 'file://' });
    },
    on(name, fn) {
      report.sessionEvents.push(name);
      sessionHandlers[name] = fn;
    },
  },
};

let appProtocolHandler = null;
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    report.privilegedSchemes = schemes;
  },
  handle(scheme, fn) {
    report.protocolHandlers = [...(report.protocolHandlers ?? []), scheme];
    if (scheme === 'app') appProtocolHandler = fn;
  },
};

/** What the app:// handler answers for a few URLs: status and content type. */
async function probeAppProtocol() {
  if (!appProtocolHandler) return null;
  const out = {};
  for (const url of ['app://setbeat/index.html', 'app://setbeat/../../../../etc/passwd', 'app://setbeat/%2e%2e/main/index.js', 'app://other/index.html']) {
    const res = await appProtocolHandler({ url });
    out[url] = { status: res.status, type: res.headers.get('content-type') };
  }
  return out;
}

export const contextBridge = { exposeInMainWorld() {} };
export const shell = {
  openPath(p) {
    (report.openedPaths ??= []).push(p);
    return Promise.resolve('');
  },
  showItemInFolder(p) {
    (report.shownInFolder ??= []).push(p);
  },
};
/** The bundle only wires the dialogs up; nothing under this stand-in opens one. */
export const dialog = {
  showSaveDialog() {
    return Promise.resolve({ canceled: true });
  },
  showOpenDialog() {
    return Promise.resolve({ canceled: true, filePaths: [] });
  },
};
export const utilityProcess = {
  fork() {
    throw new Error('utilityProcess.fork is not available under the stand-in electron');
  },
};
export const ipcRenderer = {};

export const app = {
  isPackaged: false,
  setName() {},
  getPath() {
    return process.env.SETBEAT_DATA_DIR;
  },
  getAppPath() {
    return process.cwd();
  },
  enableSandbox() {
    report.sandboxAll = true;
  },
  requestSingleInstanceLock() {
    report.singleInstance = true;
    // SETBEAT_STUB_LOCK_HELD=1 plays the second launch: another instance holds the lock.
    report.lockGranted = process.env.SETBEAT_STUB_LOCK_HELD !== '1';
    return report.lockGranted;
  },
  on(name, fn) {
    report.appEvents.push(name);
    appHandlers[name] = fn;
  },
  quit() {
    report.quit = true;
    // A refused second launch never gets to whenReady: report what it did and end here.
    if (report.lockGranted === false) {
      process.stdout.write('SMOKE-REPORT ' + JSON.stringify(report) + '\n');
      process.exit(0);
    }
  },
  whenReady() {
    setTimeout(async () => {
      report.appProtocol = await probeAppProtocol();
      // An export asked for by the window: it runs on the worker the bundle names (the data
      // folder is empty, so the worker itself answers that there is no such session).
      const win = BrowserWindow.all[0];
      const exportCall = ipcHandlers['setbeat:cmd:sessions.export'];
      report.exportAnswer = exportCall && win ? await exportCall({ sender: win.webContents, senderFrame: { url: report.loaded[0] } }, { id: 1, format: 'json' }) : null;
      const device = { deviceId: 'd1', deviceName: 'Polar H10' };
      report.devicePicks = {
        bluetooth: offerDevice(BrowserWindow.all[0]?.webContents.handlers['select-bluetooth-device'], [[device]]),
        hid: offerDevice(sessionHandlers['select-hid-device'], [{ deviceList: [device] }]),
        serial: offerDevice(sessionHandlers['select-serial-port'], [[{ portId: 'p1' }], null]),
        usb: offerDevice(sessionHandlers['select-usb-device'], [{ deviceList: [device] }]),
      };
      // Web contents the app did not create itself (what 'web-contents-created' is for).
      const stray = new WebContents();
      const mainWindowOpen = report.windowOpenHandler;
      report.windowOpenHandler = null;
      appHandlers['web-contents-created']?.({}, stray);
      report.strayContents = { windowOpen: report.windowOpenHandler, events: Object.keys(stray.handlers) };
      report.windowOpenHandler = mainWindowOpen;
      // A second launch tells the first one: it must come to the front.
      const focusedBefore = report.focused ?? 0;
      appHandlers['second-instance']?.({}, ['setbeat'], process.cwd(), {});
      report.secondInstanceFocused = (report.focused ?? 0) > focusedBefore;
      process.stdout.write('SMOKE-REPORT ' + JSON.stringify(report) + '\n');
      process.exit(0);
    }, 200);
    return Promise.resolve();
  },
};

export default { app, BrowserWindow, ipcMain, protocol, session, contextBridge, ipcRenderer, utilityProcess, shell, dialog };
