// A stand-in for the `electron` module: records what the main bundle asks of it and prints
// a JSON report once the app is "ready" and the window exists.
const report = { windows: [], handlers: [], appEvents: [], singleInstance: false, permissionHandler: false, webContentsEvents: [], windowOpenHandler: null, loaded: [] };

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
  focus() {}
  show() {}
}

export const ipcMain = {
  handle(channel) {
    report.handlers.push(channel);
  },
  removeHandler() {},
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler() {
      report.permissionHandler = true;
    },
    setPermissionCheckHandler() {},
  },
};

export const contextBridge = { exposeInMainWorld() {} };
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
  requestSingleInstanceLock() {
    report.singleInstance = true;
    return true;
  },
  on(name) {
    report.appEvents.push(name);
  },
  quit() {},
  whenReady() {
    setTimeout(() => {
      process.stdout.write('SMOKE-REPORT ' + JSON.stringify(report) + '\n');
      process.exit(0);
    }, 200);
    return Promise.resolve();
  },
};

export default { app, BrowserWindow, ipcMain, session, contextBridge, ipcRenderer };
