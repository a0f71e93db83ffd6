/**
 * The session's heart rate with uPlot: one canvas, redrawn from the bounded ChartBuffer when
 * it changes (setData, no re-creation), so a 2-hour session draws as fast as a 2-minute one.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { sessionPoints, type ChartBuffer } from '../live/chart-buffer';
import { mountSessionChart, useResolvedTheme } from './session-chart';

export function HrChart({ buffer, version, originS, label }: { buffer: ChartBuffer; version: number; originS: number | null; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useResolvedTheme();

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // The axis starts at the session's start and spans at least a minute.
    const x: uPlot.Scale = { time: false, range: (_u, _min, max) => [0, Math.max(60, max)] };
    const y: uPlot.Scale = { range: (_u, min, max) => [Math.min(60, Math.floor(min / 10) * 10), Math.max(160, Math.ceil(max / 10) * 10)] };
    const chart = mountSessionChart(el, 180, { width: 3, spanGaps: false }, [[], []], y, x);
    plot.current = chart.plot;
    return () => {
      chart.destroy();
      plot.current = null;
    };
    // Colours come from the theme's CSS variables: a new theme draws a new chart.
  }, [theme]);

  useEffect(() => {
    plot.current?.setData(sessionPoints(buffer.xs, buffer.ys, originS ?? buffer.xs[0] ?? 0));
  }, [buffer, version, originS, theme]);

  return (
    <figure className="hr-chart" aria-label={label}>
      <div ref={host} className="hr-chart-canvas" role="img" aria-label={label} />
    </figure>
  );
}
