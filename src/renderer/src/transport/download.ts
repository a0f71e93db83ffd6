/**
 * Web mode: an export arrives as a download in this browser (the server's disk may be another
 * machine's). The page asks with fetch, so a failure shows the engine's message, not a broken
 * download; then hands the file to the browser to save.
 */
import type { EXPORT_FORMAT_IDS } from '../../../shared/commands/sessions';

type Format = (typeof EXPORT_FORMAT_IDS)[number];

function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = disposition?.match(/filename\*=UTF-8''([^;]+)/i);
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

export async function downloadExport(session: number | 'all', format: Format): Promise<{ fileName: string; bytes: number }> {
  const token = new URL(window.location.href).searchParams.get('token');
  const url = `/download?session=${encodeURIComponent(String(session))}&format=${format}`;
  const res = await fetch(url, { headers: { 'X-SetBeat-Download': '1', ...(token ? { 'X-SetBeat-Token': token } : {}) }, cache: 'no-store' });
  if (!res.ok) throw new Error((await res.text()) || `The download failed (${res.status}).`);
  const blob = await res.blob();
  const fileName = fileNameOf(res.headers.get('Content-Disposition'), `setbeat-export.${format === 'csv' ? 'zip' : format}`);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Long enough for the browser to start saving it.
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  return { fileName, bytes: blob.size };
}
