/**
 * Which installed Chrome, Chromium or Edge prints a report to PDF (the CLI and web mode have
 * no window of their own): `--browser PATH`, else SETBEAT_BROWSER, else the usual install
 * places of this system. Nothing is downloaded and no dev dependency is needed.
 */
import fs from 'node:fs';
import path from 'node:path';

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

/** What to do when no browser is there, in one place for the CLI, web mode and the app. */
export const NO_BROWSER_ADVICE =
  'A PDF is printed by Google Chrome, Chromium or Microsoft Edge, and none was found on this computer. Install one of them, or name one with --browser PATH (or SETBEAT_BROWSER=PATH). The HTML report (--format html) needs no browser: open it in any browser and print it from there.';

export interface FindBrowserOptions {
  /** `--browser PATH`. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Injected in tests. */
  isFile?: (p: string) => boolean;
}

function defaultIsFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The places browsers install themselves, most likely first. */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Brave Browser.app/Contents/MacOS/Brave Browser'];
    const roots = ['/Applications', ...(env.HOME ? [path.join(env.HOME, 'Applications')] : [])];
    return roots.flatMap((r) => apps.map((a) => path.posix.join(r, a)));
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    const exes = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'Chromium\\Application\\chrome.exe', 'BraveSoftware\\Brave-Browser\\Application\\brave.exe'];
    return roots.flatMap((r) => exes.map((e) => path.win32.join(r, e)));
  }
  const names = ['google-chrome', 'google-chrome-stable', 'chromium', 'chromium-browser', 'microsoft-edge', 'microsoft-edge-stable', 'brave-browser'];
  const dirs = [...(env.PATH ?? '').split(':').filter(Boolean), '/usr/bin', '/usr/local/bin', '/snap/bin', '/opt/google/chrome'];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of names) {
    for (const dir of dirs) {
      const p = path.posix.join(dir, name);
      if (!seen.has(p)) {
        seen.add(p);
        out.push(p);
      }
    }
  }
  return out;
}

/** The browser to print with; throws BrowserNotFoundError saying what to do. */
export function findBrowser(options: FindBrowserOptions = {}): string {
  const env = options.env ?? process.env;
  const isFile = options.isFile ?? defaultIsFile;
  const named = options.explicit ?? env.SETBEAT_BROWSER ?? env.SETBEAT_CHROMIUM;
  if (named) {
    if (isFile(named)) return named;
    const how = options.explicit ? '--browser' : env.SETBEAT_BROWSER ? 'SETBEAT_BROWSER' : 'SETBEAT_CHROMIUM';
    throw new BrowserNotFoundError(`${how} names ${named}, which is not a file. Give the path of Google Chrome, Chromium or Microsoft Edge.`);
  }
  const found = browserCandidates(options.platform ?? process.platform, env).find(isFile);
  if (!found) throw new BrowserNotFoundError(NO_BROWSER_ADVICE);
  return found;
}
