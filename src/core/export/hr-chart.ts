/**
 * The report's heart-rate chart as inline SVG: zone bands behind, set blocks shaded, the HR
 * line decimated to min/max per pixel column in one pass (a two-hour session is 7,200
 * readings; the chart needs at most two per column).
 */
import type { TimelineBlock } from './timeline';
import { escapeXml } from './xml';

export interface HrChartOptions {
  width?: number;
  height?: number;
  /** Lower bounds (bpm) of zones 1..5. */
  zoneBounds: readonly number[];
  maxHr: number;
}

export const ZONE_COLOURS = ['#dbeafe', '#dcfce7', '#fef9c3', '#ffedd5', '#fee2e2'] as const;
export const ZONE_INK = ['#1d4ed8', '#15803d', '#a16207', '#c2410c', '#b91c1c'] as const;

interface Column {
  min: number;
  max: number;
  first: number;
  last: number;
}

/** Heart rate missing for longer than this is a hole in the line. */
export const HR_BREAK_MS = 15_000;

export function hrChartSvg(
  startMs: number,
  endMs: number,
  blocks: readonly TimelineBlock[],
  heartRate: Iterable<{ tMs: number; bpm: number }>,
  options: HrChartOptions,
): string {
  const W = options.width ?? 720;
  const H = options.height ?? 190;
  const pad = { l: 34, r: 8, t: 8, b: 22 };
  const plotW = W - pad.l - pad.r;
  const plotH = H - pad.t - pad.b;
  const spanMs = Math.max(1000, endMs - startMs);

  const cols: (Column | null)[] = new Array(plotW).fill(null);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of heartRate) {
    if (!(s.bpm > 0) || s.tMs < startMs || s.tMs > endMs) continue;
    const c = Math.min(plotW - 1, Math.floor(((s.tMs - startMs) / spanMs) * plotW));
    const col = cols[c];
    if (col) {
      col.min = Math.min(col.min, s.bpm);
      col.max = Math.max(col.max, s.bpm);
      col.last = s.bpm;
    } else cols[c] = { min: s.bpm, max: s.bpm, first: s.bpm, last: s.bpm };
    lo = Math.min(lo, s.bpm);
    hi = Math.max(hi, s.bpm);
  }
  const hasHr = Number.isFinite(lo);
  const yMin = hasHr ? Math.max(30, Math.floor((Math.min(lo, options.zoneBounds[0]) - 5) / 10) * 10) : 60;
  const yMax = hasHr ? Math.min(230, Math.ceil((Math.max(hi, options.zoneBounds[2] ?? hi) + 5) / 10) * 10) : 180;
  const x = (ms: number): number => pad.l + ((ms - startMs) / spanMs) * plotW;
  const y = (bpm: number): number => pad.t + plotH - ((Math.min(yMax, Math.max(yMin, bpm)) - yMin) / (yMax - yMin)) * plotH;
  const f = (n: number): string => n.toFixed(1);

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Heart rate over the session, with zones and sets">`);
  // Zone bands.
  const bounds = [...options.zoneBounds, Math.max(options.maxHr, yMax)];
  for (let z = 0; z < 5; z++) {
    const top = Math.min(bounds[z + 1], yMax);
    const bottom = Math.max(bounds[z], yMin);
    if (top <= bottom) continue;
    parts.push(`<rect x="${pad.l}" y="${f(y(top))}" width="${plotW}" height="${f(y(bottom) - y(top))}" fill="${ZONE_COLOURS[z]}"/>`);
    parts.push(`<text x="${W - pad.r - 2}" y="${f(y(top) + 10)}" text-anchor="end" font-size="9" fill="${ZONE_INK[z]}">Z${z + 1}</text>`);
  }
  // Sets as grey blocks with their number.
  let n = 0;
  for (const b of blocks) {
    if (b.kind !== 'active') continue;
    n++;
    const x0 = x(b.startMs);
    const w = Math.max(1, x(b.endMs) - x0);
    parts.push(`<rect x="${f(x0)}" y="${pad.t}" width="${f(w)}" height="${plotH}" fill="#334155" fill-opacity="0.13"/>`);
    if (w >= 7) parts.push(`<text x="${f(x0 + w / 2)}" y="${pad.t + 9}" text-anchor="middle" font-size="8" fill="#334155">${n}</text>`);
  }
  // Grid: bpm every 20, time ticks at round minutes.
  for (let v = Math.ceil(yMin / 20) * 20; v <= yMax; v += 20) {
    parts.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#94a3b8" stroke-width="0.5" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${pad.l - 4}" y="${f(y(v) + 3)}" text-anchor="end" font-size="9" fill="#475569">${v}</text>`);
  }
  const minutes = spanMs / 60_000;
  const step = [1, 2, 5, 10, 15, 30, 60].find((s) => minutes / s <= 12) ?? 120;
  for (let m = 0; m <= minutes; m += step) {
    const xx = x(startMs + m * 60_000);
    parts.push(`<line x1="${f(xx)}" x2="${f(xx)}" y1="${pad.t + plotH}" y2="${pad.t + plotH + 3}" stroke="#475569"/>`);
    // Labels near the right edge are anchored at their end so they are not cut off.
    const anchor = xx > W - pad.r - 18 ? 'end' : 'middle';
    parts.push(`<text x="${f(anchor === 'end' ? Math.min(xx, W - 1) : xx)}" y="${H - 8}" text-anchor="${anchor}" font-size="9" fill="#475569">${m} min</text>`);
  }
  parts.push(`<rect x="${pad.l}" y="${pad.t}" width="${plotW}" height="${plotH}" fill="none" stroke="#94a3b8" stroke-width="0.5"/>`);
  // The line: each column contributes first, min, max, last. It breaks where heart rate was
  // missing for over HR_BREAK_MS (a dropout), whatever time a column spans: an imported
  // session's sparser samples over a long span drew dashes when 3 empty columns broke it.
  const breakCols = Math.max(3, Math.ceil((HR_BREAK_MS / spanMs) * plotW));
  const segments: string[][] = [];
  let current: string[] = [];
  let lastCol = -10;
  cols.forEach((col, c) => {
    if (!col) return;
    if (c - lastCol > breakCols && current.length) {
      segments.push(current);
      current = [];
    }
    const xx = f(pad.l + c + 0.5);
    const ys = col.first <= col.last ? [col.first, col.min, col.max, col.last] : [col.first, col.max, col.min, col.last];
    for (const v of ys) current.push(`${xx},${f(y(v))}`);
    lastCol = c;
  });
  if (current.length) segments.push(current);
  for (const seg of segments) {
    parts.push(`<polyline points="${seg.join(' ')}" fill="none" stroke="#dc2626" stroke-width="1.3" stroke-linejoin="round"/>`);
  }
  if (!hasHr) {
    parts.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-size="12" fill="#475569">${escapeXml('No heart rate recorded')}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
