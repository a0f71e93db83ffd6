/**
 * Motion segmenter: tells movement from stillness, for automatic set start/end and for
 * finding sets in a recording. Energy is the RMS (over about a third of a second) of the acceleration
 * vector minus its slow trend, so it is orientation-free and ignores a slowly drifting bias.
 *
 * `motion-start` is reported once the energy has stayed above `onG` for `minMotionS`, dated at
 * the moment it first rose; `still` once it has stayed below `offG` for `stillS`, with `since`
 * the moment it fell. Hysteresis (onG > offG) keeps one set from splitting at a slow rep.
 */
import type { AccSample } from '../../shared/domain';
import { LowPass, LowPass2, RunningPower } from '../signal/filters';
import type { MotionEvent, MotionSegmenter } from './types';

export interface MotionSegmenterOptions {
  /** Energy (g RMS) above which the person is moving. Default 0.025. */
  onG?: number;
  /** Energy below which the person is still. Default 0.015. */
  offG?: number;
  /** Seconds of stillness that end a movement (a set). Default 4. */
  stillS?: number;
  /** Seconds of movement before it counts (a bump of the table does not). Default 0.4. */
  minMotionS?: number;
}

/** What most samples return: no event (one shared array, not one per sample). */
const NO_EVENTS: readonly MotionEvent[] = Object.freeze([]);

export function createMotionSegmenter(options: MotionSegmenterOptions = {}): MotionSegmenter {
  const onG = options.onG ?? 0.025;
  const offG = options.offG ?? 0.015;
  const stillS = options.stillS ?? 4;
  const minMotionS = options.minMotionS ?? 0.4;
  const fast = [new LowPass2(5), new LowPass2(5), new LowPass2(5)];
  const slow = [new LowPass(0.5, true), new LowPass(0.5, true), new LowPass(0.5, true)];
  const energy = new RunningPower(0.35);
  let moving = false;
  let lastT: number | null = null;
  let riseT: number | null = null;
  let fallT: number | null = null;

  // Filters one axis: the fast-smoothed value minus its slow trend, squared.
  function dev(i: number, x: number, dt: number): number {
    const f = fast[i].push(x, dt);
    const d = f - slow[i].push(f, dt);
    return d * d;
  }

  function push(s: AccSample): readonly MotionEvent[] {
    if (!Number.isFinite(s.t + s.x + s.y + s.z) || (lastT !== null && s.t <= lastT)) return NO_EVENTS;
    let dt = lastT === null ? 0 : s.t - lastT;
    if (dt > 1) {
      // A gap: restart the filters; the state (moving or not) carries over.
      for (const f of fast) f.reset();
      for (const f of slow) f.reset();
      energy.reset();
      dt = 0;
    }
    lastT = s.t;
    const sq = dev(0, s.x, dt) + dev(1, s.y, dt) + dev(2, s.z, dt);
    const e = Math.sqrt(energy.push(Math.sqrt(sq), dt));
    let out = NO_EVENTS;
    if (!moving) {
      if (e > onG) {
        riseT ??= s.t;
        if (s.t - riseT >= minMotionS) {
          moving = true;
          fallT = null;
          out = [{ type: 'motion-start', t: riseT }];
        }
      } else {
        riseT = null;
      }
    } else if (e < offG) {
      fallT ??= s.t;
      if (s.t - fallT >= stillS) {
        moving = false;
        riseT = null;
        out = [{ type: 'still', t: s.t, since: fallT }];
        fallT = null;
      }
    } else {
      fallT = null;
    }
    return out;
  }

  function flush(): readonly MotionEvent[] {
    if (!moving || lastT === null) return NO_EVENTS;
    moving = false;
    const since = fallT ?? lastT;
    fallT = null;
    return [{ type: 'still', t: lastT, since }];
  }

  return { push, flush };
}
