/**
 * In a packaged app the bundle sits in app.asar. What a worker thread or another process must
 * load from a real folder is unpacked beside it (electron-builder.yml asarUnpack): this names
 * that copy when it is there, and the path as given otherwise (sources, tests, web mode).
 */
import fs from 'node:fs';

export function outsideAsar(file: string): string {
  const unpacked = file.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
  return unpacked !== file && fs.existsSync(unpacked) ? unpacked : file;
}
