/**
 * Writes a formatter's chunks straight to disk: into "<file>.part", renamed over the target
 * only when the formatter finished, so a failed export never leaves half a file under the
 * real name (and never clobbers an older good export).
 */
import fs from 'node:fs';
import type { ExportSink } from '../../core/export/sink';

export function writeFileStreaming(target: string, produce: (sink: ExportSink) => void): number {
  const part = `${target}.part`;
  const fd = fs.openSync(part, 'w');
  let bytes = 0;
  try {
    const sink: ExportSink = (chunk) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
      bytes += buf.length;
    };
    produce(sink);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(part, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(part, target);
  return bytes;
}

export function writeBytesAtomically(target: string, bytes: Uint8Array): number {
  return writeFileStreaming(target, (sink) => sink(bytes));
}
