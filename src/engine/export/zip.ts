/**
 * A ZIP archive written as a stream (a download of a CSV export or of every session): each
 * file is deflated on its way through, its CRC and sizes follow it in a data descriptor, so
 * nothing is held in memory and the output never needs to seek. Plain ZIP (no ZIP64), so one
 * file and the whole archive stay under 4 GiB; the writer refuses more instead of writing a
 * broken archive.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';

const LIMIT = 0xffffffff;

export interface ZipEntry {
  /** Name inside the archive (forward slashes). */
  name: string;
  /** The file on disk to put there. */
  path: string;
}

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

export class ZipTooLargeError extends Error {
  override name = 'ZipTooLargeError';
}

/** Writes the files into `out` as one ZIP archive; resolves with the archive's size. */
export async function writeZip(entries: ZipEntry[], out: Writable, now = new Date()): Promise<number> {
  let offset = 0;
  const written: Written[] = [];
  const put = (buf: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      offset += buf.length;
      if (out.write(buf)) resolve();
      else {
        const onDrain = (): void => {
          out.off('error', onError);
          resolve();
        };
        const onError = (err: Error): void => {
          out.off('drain', onDrain);
          reject(err);
        };
        out.once('drain', onDrain);
        out.once('error', onError);
      }
    });
  const { time, date } = dosDateTime(now);

  for (const entry of entries) {
    const name = Buffer.from(entry.name.replace(/\\/g, '/'), 'utf8');
    const start = offset;
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed
    head.writeUInt16LE(0x0808, 6); // sizes in the data descriptor; UTF-8 names
    head.writeUInt16LE(8, 8); // deflate
    head.writeUInt16LE(time, 10);
    head.writeUInt16LE(date, 12);
    // crc and sizes (14..25) stay 0: they follow in the descriptor
    head.writeUInt16LE(name.length, 26);
    head.writeUInt16LE(0, 28);
    await put(head);
    await put(name);

    let crc = 0;
    let size = 0;
    let compressed = 0;
    const deflate = zlib.createDeflateRaw({ level: 6 });
    const done = new Promise<void>((resolve, reject) => {
      deflate.on('data', (chunk: Buffer) => {
        compressed += chunk.length;
        offset += chunk.length;
        if (!out.write(chunk)) {
          deflate.pause();
          out.once('drain', () => deflate.resume());
        }
      });
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    for await (const chunk of fs.createReadStream(entry.path)) {
      const buf = chunk as Buffer;
      crc = zlib.crc32(buf, crc);
      size += buf.length;
      if (!deflate.write(buf)) await new Promise((r) => deflate.once('drain', r));
    }
    deflate.end();
    await done;
    if (size > LIMIT || compressed > LIMIT || offset > LIMIT) throw new ZipTooLargeError(`${entry.name} makes the archive larger than 4 GiB; export the sessions one by one instead.`);

    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(crc >>> 0, 4);
    desc.writeUInt32LE(compressed, 8);
    desc.writeUInt32LE(size, 12);
    await put(desc);
    written.push({ name, crc, compressed, size, offset: start, time, date });
  }

  const dirStart = offset;
  for (const w of written) {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(0x031e, 4); // made by: Unix, spec 3.0
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0808, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt16LE(w.time, 12);
    c.writeUInt16LE(w.date, 14);
    c.writeUInt32LE(w.crc >>> 0, 16);
    c.writeUInt32LE(w.compressed, 20);
    c.writeUInt32LE(w.size, 24);
    c.writeUInt16LE(w.name.length, 28);
    c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a plain file, rw-r--r--
    c.writeUInt32LE(w.offset, 42);
    await put(c);
    await put(w.name);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(offset - dirStart, 12);
  end.writeUInt32LE(dirStart, 16);
  await put(end);
  return offset;
}
