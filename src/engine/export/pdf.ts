/**
 * HTML -> PDF through Chromium's print-to-PDF. The function is injectable: the Electron app
 * passes one built on webContents.printToPDF; Node (CLI, web mode, tests) uses headless
 * Chromium through playwright-core.
 */
export type PrintToPdf = (html: string) => Promise<Uint8Array>;

export interface PdfPrinter {
  print: PrintToPdf;
  close(): Promise<void>;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser for many pages (bulk export); close() when done. */
export async function openChromiumPdfPrinter(executablePath = process.env.SETBEAT_CHROMIUM ?? CHROMIUM_PATH): Promise<PdfPrinter> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  return {
    async print(html) {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}

/**
 * What the Electron main process hands over for printing: a hidden window (sandboxed, no
 * JavaScript) wrapped in these three calls. Kept structural so the engine never imports
 * electron; main builds it from `new BrowserWindow({ show: false, ... })` and
 * `webContents.printToPDF`.
 */
export interface PdfWindowLike {
  loadURL(url: string): Promise<void>;
  printToPDF(options: { printBackground: boolean; preferCSSPageSize: boolean }): Promise<Uint8Array>;
  close(): void;
}

/** A PrintToPdf over any Chromium window: the report goes in as a data: URL (it has no external resources). */
export function printToPdfVia(openWindow: () => PdfWindowLike): PrintToPdf {
  return async (html) => {
    const win = openWindow();
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      return await win.printToPDF({ printBackground: true, preferCSSPageSize: true });
    } finally {
      win.close();
    }
  };
}
