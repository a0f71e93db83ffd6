/**
 * A small uPlot chart of one series over session time (HR, cumulative reps), with theme
 * colours. For History: data arrive once per session, so the chart is simply rebuilt.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { mountSessionChart, useResolvedTheme } from './session-chart';

export function SeriesChart({ xs, ys, label, steps = false, height = 200 }: { xs: number[]; ys: number[]; label: string; steps?: boolean; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    return mountSessionChart(el, height, { width: 2, ...(steps ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}) }, [xs, ys]).destroy;
  }, [xs, ys, steps, height, theme]);
  return <div ref={host} className="series-chart" role="img" aria-label={label} />;
}
