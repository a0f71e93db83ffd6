/**
 * The live workout as the screen sees it: the latest engine frame, rendered at most once per
 * animation frame however fast frames arrive, and the session's HR chart data in a bounded
 * buffer (kept outside React state so a 2-hour chart does not re-render the page).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkoutView } from '../../../shared/commands/workout';
import type { CommandName, CommandParams } from '../../../shared/contract';
import { useEngine } from '../engine-context';
import { ChartBuffer } from '../live/chart-buffer';

export interface WorkoutApi {
  view: WorkoutView | null;
  error: string | null;
  chart: ChartBuffer;
  /** Bumped when the chart buffer has new points. */
  chartVersion: number;
  send<K extends CommandName>(command: K, params: CommandParams<K>): Promise<void>;
  clearError(): void;
}

export function useWorkout(): WorkoutApi {
  const { client, connection } = useEngine();
  const [view, setView] = useState<WorkoutView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chartVersion, setChartVersion] = useState(0);
  const chart = useRef(new ChartBuffer()).current;
  const pending = useRef<WorkoutView | null>(null);
  const raf = useRef<number | null>(null);
  const session = useRef<number | null | undefined>(undefined);

  const accept = useCallback(
    (v: WorkoutView) => {
      if (session.current !== v.startedAt) {
        // A new workout (or none): its chart starts empty.
        chart.clear();
        session.current = v.startedAt;
      }
      if (chart.add(v.hrTail)) setChartVersion((n) => n + 1);
      setView(v);
    },
    [chart],
  );

  useEffect(() => {
    let live = true;
    const flush = (): void => {
      raf.current = null;
      const v = pending.current;
      pending.current = null;
      if (v && live) accept(v);
    };
    const off = client.onEvent((e) => {
      if (e.event !== 'workout.frame') return;
      pending.current = e.payload;
      if (raf.current === null) raf.current = requestAnimationFrame(flush);
    });
    client.call('workout.get', {}).then(
      (v) => live && accept(v),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
      off();
      if (raf.current !== null) cancelAnimationFrame(raf.current);
      raf.current = null;
    };
  }, [client, connection, accept]);

  const send = useCallback(
    async <K extends CommandName>(command: K, params: CommandParams<K>) => {
      try {
        const result = await client.call(command, params);
        setError(null);
        if (command.startsWith('workout.')) accept(result as WorkoutView);
      } catch (err) {
        setError(err instanceof Error ? err.message.replace(/^workout\.\w+ failed: /, '') : String(err));
      }
    },
    [client, accept],
  );

  return { view, error, chart, chartVersion, send, clearError: () => setError(null) };
}
