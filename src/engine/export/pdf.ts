/**
 * HTML -> PDF through Chromium's print-to-PDF. The function is injectable: the Electron app
 * passes one built on webContents.printToPDF; Node (CLI, web mode) runs an installed Chrome,
 * Chromium or Edge headless (`--print-to-pdf`) as a child process, found by find-browser.ts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findBrowser } from './find-browser';

export type PrintToPdf = (html: string) => Promise<Uint8Array>;

export interface PdfPrinter {
  print: PrintToPdf;
  close(): Promise<void>;
}

/** A print that takes longer than this is a hung browser. */
const PRINT_TIMEOUT_MS = 60_000;

export class PdfPrintError extends Error {
  override name = 'PdfPrintError';
}

/**
 * Flags for a one-shot print in a throwaway profile. The report has no script and forbids any by
 * its CSP (`--blink-settings=scriptEnabled=false` would stop headless printing altogether).
 */
export function printArgs(profileDir: string, pdfFile: string, htmlUrl: string, asRoot: boolean): string[] {
  return [
    '--headless',
    '--disable-gpu',
    // Chrome refuses to start as root with its sandbox; only then is it turned off.
    ...(asRoot ? ['--no-sandbox'] : []),
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-pdf-header-footer',
    '--print-to-pdf-no-header',
    `--print-to-pdf=${pdfFile}`,
    htmlUrl,
  ];
}

/**
 * Prints with the installed browser (`browser`, or the one findBrowser picks now: a missing
 * browser is said before any page is written). One browser run per page, in its own profile.
 */
export async function openChromiumPdfPrinter(browser?: string): Promise<PdfPrinter> {
  const executable = browser ?? findBrowser();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    async print(html) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-pdf-'));
      try {
        const htmlFile = path.join(dir, 'report.html');
        const pdfFile = path.join(dir, 'report.pdf');
        fs.writeFileSync(htmlFile, html);
        const args = printArgs(path.join(dir, 'profile'), pdfFile, pathToFileURL(htmlFile).href, asRoot);
        await new Promise<void>((resolve, reject) => {
          execFile(executable, args, { timeout: PRINT_TIMEOUT_MS, windowsHide: true }, (err, _stdout, stderr) => {
            if (err && !fs.existsSync(pdfFile)) {
              const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is not there' : String(stderr).trim().split('\n').slice(-2).join(' ') || err.message;
              reject(new PdfPrintError(`${executable} could not print the report: ${why}`));
            } else resolve();
          });
        });
        if (!fs.existsSync(pdfFile) || fs.statSync(pdfFile).size === 0) throw new PdfPrintError(`${executable} ran but wrote no PDF; try another browser with --browser PATH.`);
        return new Uint8Array(fs.readFileSync(pdfFile));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    close: async () => undefined,
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
