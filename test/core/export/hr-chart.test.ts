/**
 * The report's heart-rate line: samples a few seconds apart over a long session (an imported
 * session's HR) draw one line, not dashes; a real dropout (minutes without HR) breaks it.
 */
import { describe, expect, it } from 'vitest';
import { hrChartSvg } from '../../../src/core/export/hr-chart';

const opts = { zoneBounds: [95, 114, 133, 152, 171], maxHr: 190 };
const polylines = (svg: string): number => (svg.match(/<polyline /g) ?? []).length;

describe('report heart-rate chart', () => {
  it('draws samples 3 s apart over a short session as one line (each column is well under a second)', () => {
    const start = Date.UTC(2026, 10, 3, 7, 0);
    const hr = Array.from({ length: 100 }, (_, i) => ({ tMs: start + i * 3000, bpm: 100 + (i % 30) }));
    expect(polylines(hrChartSvg(start, start + 5 * 60_000, [], hr, opts))).toBe(1);
  });

  it('draws samples every 8 s over 40 minutes as one line', () => {
    const start = Date.UTC(2026, 10, 3, 7, 0);
    const hr = Array.from({ length: 300 }, (_, i) => ({ tMs: start + i * 8000, bpm: 100 + (i % 30) }));
    expect(polylines(hrChartSvg(start, start + 40 * 60_000, [], hr, opts))).toBe(1);
  });

  it('breaks the line where heart rate was missing for minutes', () => {
    const start = Date.UTC(2026, 10, 3, 7, 0);
    const hr = [...Array.from({ length: 60 }, (_, i) => ({ tMs: start + i * 2000, bpm: 110 })), ...Array.from({ length: 60 }, (_, i) => ({ tMs: start + 600_000 + i * 2000, bpm: 120 }))];
    expect(polylines(hrChartSvg(start, start + 15 * 60_000, [], hr, opts))).toBe(2);
  });
});
