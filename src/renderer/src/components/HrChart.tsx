/**
 * The session's heart rate with uPlot: one canvas, redrawn from the bounded ChartBuffer when
 * it changes (setData, no re-creation), so a 2-hour session draws as fast as a 2-minute one.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartBuffer } from '../live/chart-buffer';

/** Axis ticks as session time: "0:30", "12:00", "1:05:00". */
function clockTick(s: number): string {
  const v = Math.max(0, Math.round(s));
  const h = Math.floor(v / 3600);
  const m = Math.floor((v % 3600) / 60);
  const sec = String(v % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function HrChart({ buffer, version, originS, label }: { buffer: ChartBuffer; version: number; originS: number | null; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useResolvedTheme();

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const stroke = css.getPropertyValue('--accent').trim() || '#0f766e';
    const axis = css.getPropertyValue('--muted').trim() || '#4d5866';
    const grid = css.getPropertyValue('--border').trim() || '#d5dbe2';
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(60, Math.floor(min / 10) * 10), Math.max(160, Math.ceil(max / 10) * 10)] } },
      axes: [
        { stroke: axis, grid: { stroke: grid, width: 1 }, incrs: [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600], values: (_u, ticks) => ticks.map((t) => clockTick(t)) },
        { stroke: axis, grid: { stroke: grid, width: 1 }, size: 44 },
      ],
      series: [{}, { stroke, width: 3, spanGaps: false }],
    };
    plot.current = new uPlot(opts, [[], []], el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height: 180 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Colours come from the theme's CSS variables: a new theme draws a new chart.
  }, [theme]);

  useEffect(() => {
    const o = originS ?? buffer.xs[0] ?? 0;
    plot.current?.setData([buffer.xs.map((x) => x - o), buffer.ys]);
  }, [buffer, version, originS, theme]);

  return (
    <figure className="hr-chart" aria-label={label}>
      <div ref={host} className="hr-chart-canvas" role="img" aria-label={label} />
    </figure>
  );
}

/** The theme applied on <html> (light/dark), followed live. */
function useResolvedTheme(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? 'light');
  useEffect(() => {
    const mo = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? 'light'));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => mo.disconnect();
  }, []);
  return theme;
}
