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
