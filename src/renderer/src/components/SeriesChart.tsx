/**
 * A small uPlot chart of one series over session time (HR, cumulative reps), with theme
 * colours. For History: data arrive once per session, so the chart is simply rebuilt.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

function clockTick(s: number): string {
  const v = Math.max(0, Math.round(s));
  const h = Math.floor(v / 3600);
  const m = Math.floor((v % 3600) / 60);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}` : `${m}:${String(v % 60).padStart(2, '0')}`;
}

export function SeriesChart({ xs, ys, label, steps = false, height = 200 }: { xs: number[]; ys: number[]; label: string; steps?: boolean; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? 'light');
  useEffect(() => {
    const mo = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? 'light'));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => mo.disconnect();
  }, []);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const stroke = css.getPropertyValue('--accent').trim() || '#0f766e';
    const axis = css.getPropertyValue('--muted').trim() || '#4d5866';
    const grid = css.getPropertyValue('--border').trim() || '#d5dbe2';
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [
          { stroke: axis, grid: { stroke: grid, width: 1 }, incrs: [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600], values: (_u, t) => t.map(clockTick) },
          { stroke: axis, grid: { stroke: grid, width: 1 }, size: 44 },
        ],
        series: [{}, { stroke, width: 2, ...(steps ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}) }],
      },
      [xs, ys],
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [xs, ys, steps, height, theme]);
  return <div ref={host} className="series-chart" role="img" aria-label={label} />;
}
