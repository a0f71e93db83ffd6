/**
 * Formatters never build a whole file: they push chunks into a sink. `TextBatcher` groups the
 * many small strings a formatter produces into chunks of about 64 KB, so a file sink does few
 * writes while memory stays bounded.
 */
export type ExportSink = (chunk: string | Uint8Array) => void;

export class TextBatcher {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly sink: ExportSink,
    private readonly chunkChars = 64 * 1024,
  ) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.chunkChars) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.sink(chunk);
  }
}

/** Collects a formatter's output in memory: for tests and for small files (the report). */
export function collectText(write: (sink: ExportSink) => void): string {
  const parts: string[] = [];
  const decoder = new TextDecoder();
  write((chunk) => parts.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })));
  return parts.join('');
}

export function collectBytes(write: (sink: ExportSink) => void): Uint8Array {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  write((chunk) => parts.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
