/** A hidden, locked-down window for printing reports to PDF (no script runs in it). */
import { BrowserWindow } from 'electron';
import type { PdfWindowLike } from '../engine/export/pdf';

export function openPrintWindow(): PdfWindowLike {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  // The report is a self-contained page: nothing may navigate it elsewhere.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  return {
    loadURL: (url) => win.loadURL(url),
    printToPDF: async (options) => new Uint8Array(await win.webContents.printToPDF(options)),
    close: () => win.destroy(),
  };
}
