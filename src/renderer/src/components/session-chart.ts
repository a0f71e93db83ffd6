/**
 * What the session charts (HrChart live, SeriesChart in History) share: a uPlot chart of one
 * line over session time, coloured from the theme's CSS variables and as wide as its host, and
 * the theme to redraw it for.
 */
import { useEffect, useState } from 'react';
import uPlot from 'uplot';
import { formatClock } from '../live/time';

/** Axis ticks as session time, to the nearest second: "0:30", "12:00", "1:05:00". */
export function clockTick(s: number): string {
  return formatClock(Math.round(s));
}

/** The theme applied on <html> (light/dark), followed live. */
export function useResolvedTheme(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? 'light');
  useEffect(() => {
    const mo = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? 'light'));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => mo.disconnect();
  }, []);
  return theme;
}

export interface SessionChart {
  plot: uPlot;
  /** Stops following the host's width and removes the chart. */
  destroy(): void;
}

/**
 * Draws `data` (session seconds, values) into `el` at `height` px: x ticks as session time,
 * no legend or cursor, the line in the accent colour with the options in `line` (width,
 * paths...), the y scale as `y` says (uPlot's default otherwise). Follows the host's width.
 */
export function mountSessionChart(el: HTMLElement, height: number, line: uPlot.Series, data: uPlot.AlignedData, y?: uPlot.Scale, x?: uPlot.Scale): SessionChart {
  const css = getComputedStyle(document.documentElement);
  const stroke = css.getPropertyValue('--accent').trim() || '#0f766e';
  const axis = css.getPropertyValue('--muted').trim() || '#4d5866';
  const grid = css.getPropertyValue('--border').trim() || '#d5dbe2';
  const opts: uPlot.Options = {
    width: Math.max(200, el.clientWidth),
    height,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: x ?? { time: false }, ...(y ? { y } : {}) },
    axes: [
      { stroke: axis, grid: { stroke: grid, width: 1 }, incrs: [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600], values: (_u, ticks) => ticks.map((t) => clockTick(t)) },
      { stroke: axis, grid: { stroke: grid, width: 1 }, size: 44 },
    ],
    series: [{}, { stroke, ...line }],
  };
  const plot = new uPlot(opts, data, el);
  const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
  ro.observe(el);
  return {
    plot,
    destroy: () => {
      ro.disconnect();
      plot.destroy();
    },
  };
}
