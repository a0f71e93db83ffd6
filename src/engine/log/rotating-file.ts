/**
 * A log file that rolls over by size: setbeat.log grows to maxBytes, then becomes
 * setbeat.1.log (the older ones shift up, the oldest beyond `keep` is deleted). Writes are
 * synchronous appends: no worker thread, so it works the same in plain Node and in the
 * bundled Electron main process, and a crash loses no line already logged.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** Size at which the file rolls over (default 5 MB). */
  maxBytes?: number;
  /** Rolled-over files kept beside it (default 3). */
  keep?: number;
}

export class RotatingLogFile {
  private fd: number | null = null;
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly file: string,
    options: RotatingFileOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = Math.max(1, options.keep ?? 3);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.open();
  }

  /** pino's destination interface: one serialised line at a time. */
  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    if (this.fd === null) return false;
    try {
      fs.writeSync(this.fd, line);
      this.size += bytes;
    } catch {
      // A full disk must not take the app down over a log line.
    }
    return true;
  }

  /** The file and its rolled-over siblings, newest first. */
  files(): string[] {
    return [this.file, ...Array.from({ length: this.keep }, (_, i) => this.rolled(i + 1))].filter((f) => fs.existsSync(f));
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private rolled(n: number): string {
    const ext = path.extname(this.file);
    return path.join(path.dirname(this.file), `${path.basename(this.file, ext)}.${n}${ext}`);
  }

  private open(): void {
    try {
      this.fd = fs.openSync(this.file, 'a');
      this.size = fs.fstatSync(this.fd).size;
    } catch {
      this.fd = null;
      this.size = 0;
    }
  }

  private rotate(): void {
    this.close();
    try {
      fs.rmSync(this.rolled(this.keep), { force: true });
      for (let n = this.keep - 1; n >= 1; n--) if (fs.existsSync(this.rolled(n))) fs.renameSync(this.rolled(n), this.rolled(n + 1));
      fs.renameSync(this.file, this.rolled(1));
    } catch {
      // Another process holding the file (Windows): go on appending to it.
    }
    this.open();
  }
}
