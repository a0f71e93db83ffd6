/**
 * Short trials: real lab recordings of drop landings and step-downs are often one or two
 * landings per trial, standing still before and after; a person may do two slow squats, heel
 * raises or lunges and stop. Each of the five movements at the chest and the shank, 100 Hz,
 * one, two and three reps with standing before and after, six seeded people each.
 *
 * What counts: a landing (step-down or drop) with a clear impact is a rep on its own, so one
 * and two landings count exactly; two reps alike with stillness before and after are a set of
 * two; a single squat, heel raise or lunge is a lone movement (sitting down, picking something
 * up look the same), retracted.
 */
import { describe, expect, it } from 'vitest';
import { createStreamingRepDetector, type RepEvent } from '../../../src/core/reps/index';
import type { ExerciseId } from '../../../src/shared/exercises';
import { synthesize, type Movement, type Placement } from './synthetic';

const EXERCISE: Record<string, ExerciseId> = { 'heel-raise': 'calf-raise', squat: 'squat', lunge: 'lunge-matrix', 'box-drop': 'box-step-off', 'drop-landing': 'box-step-off' };
const LANDINGS: Movement[] = ['box-drop', 'drop-landing'];

// [movement, placement, minimum exact of 6 for 1, 2 and 3 reps]
const CASES: [Movement, Placement, [number, number, number]][] = [
  ['heel-raise', 'chest', [6, 6, 6]],
  ['heel-raise', 'shank', [6, 6, 6]],
  ['squat', 'chest', [6, 6, 6]],
  ['squat', 'shank', [6, 6, 6]],
  ['lunge', 'chest', [6, 6, 6]],
  // Weak: at the shank a lunge's swing and foot strike make lobes of their own; one pair of six
  // loses a rep to them (as in longer sets).
  ['lunge', 'shank', [6, 5, 6]],
  ['box-drop', 'chest', [6, 6, 6]],
  ['box-drop', 'shank', [6, 6, 6]],
  ['drop-landing', 'chest', [6, 6, 6]],
  ['drop-landing', 'shank', [6, 6, 6]],
];

describe('short trials (1, 2, 3 reps, standing still around them), 100 Hz', () => {
  for (const [m, p, floors] of CASES) {
    it(`${m} at the ${p}`, () => {
      const exact: number[] = [];
      const misses: string[] = [];
      for (const reps of [1, 2, 3]) {
        // A lone squat, heel raise or lunge is not counted; a lone landing is.
        const expected = reps === 1 && !LANDINGS.includes(m) ? 0 : reps;
        let n = 0;
        for (const seed of [1, 2, 3, 4, 5, 6]) {
          const rec = synthesize({ movement: m, placement: p, reps, rateHz: 100, seed: seed * 977 + reps, restS: 6 });
          const d = createStreamingRepDetector(EXERCISE[m], { placement: p });
          for (const s of rec.samples) d.push(s);
          d.flush();
          expect(d.reps().filter((r) => r.detectedAt - r.t > 1.5).length, 'every rep within 1.5 s of its peak').toBe(0);
          if (d.count === expected) n++;
          else misses.push(`${reps} reps seed ${seed}: ${d.count}`);
        }
        exact.push(n);
      }
      if (misses.length) console.log(`${m}/${p}: ${exact.join(', ')} of 6 exact; ${misses.join(', ')}`);
      exact.forEach((n, i) => expect(n, `${i + 1} reps`).toBeGreaterThanOrEqual(floors[i]));
    });
  }

  it('a landing trial that stops soon after the landing (1.2 s standing) still counts', () => {
    for (const p of ['chest', 'shank'] as const) {
      for (const reps of [1, 2]) {
        const rec = synthesize({ movement: 'drop-landing', placement: p, reps, rateHz: 100, seed: 41 + reps, restS: 1.2 });
        const d = createStreamingRepDetector('box-step-off');
        for (const s of rec.samples) d.push(s);
        d.flush();
        expect(d.count, `${p}, ${reps}`).toBe(reps);
      }
    }
  });

  it('a step down whose trailing foot lands 0.3-0.8 s after the leading one is one landing', () => {
    for (const p of ['chest', 'shank'] as const) {
      for (const lag of [0.3, 0.6, 0.8]) {
        for (const [reps, seed] of [1, 2].flatMap((n) => [1, 2, 3].map((k) => [n, k * 13 + n]))) {
          const rec = synthesize({ movement: 'box-drop', placement: p, reps, rateHz: 100, seed, restS: 6 });
          // The second foot's contact: a 50 ms half-sine along gravity (from the standing samples).
          const g = rec.samples.filter((x) => x.t < 1).reduce((a, x) => [a[0] + x.x, a[1] + x.y, a[2] + x.z], [0, 0, 0]);
          const n = Math.hypot(g[0], g[1], g[2]);
          const peak = p === 'shank' ? 2 : 1;
          const samples = rec.samples.map((x) => {
            const land = rec.repTimes.find((t) => x.t >= t + lag && x.t < t + lag + 0.05);
            const a = land === undefined ? 0 : peak * Math.sin((Math.PI * (x.t - land - lag)) / 0.05);
            return { t: x.t, x: x.x + (a * g[0]) / n, y: x.y + (a * g[1]) / n, z: x.z + (a * g[2]) / n };
          });
          const d = createStreamingRepDetector('box-step-off');
          for (const x of samples) d.push(x);
          d.flush();
          expect(d.count, `${p}, second foot ${lag} s later, ${reps} reps, seed ${seed}`).toBe(reps);
        }
      }
    }
  });

  it('a recording cut to the trial (from 0.3-1 s before the movement to 1 s after) still counts', () => {
    for (const [m, reps] of [['box-drop', 1], ['drop-landing', 2], ['squat', 2], ['heel-raise', 2], ['lunge', 2]] as const) {
      for (const p of ['chest', 'shank'] as const) {
        for (const lead of [0.3, 1]) {
          for (const seed of [1, 2, 3]) {
            const rec = synthesize({ movement: m, placement: p, reps, rateHz: 100, seed: seed * 29 + reps, restS: 6 });
            // A landing's fall starts a moment before it; a squat or heel raise about a second
            // before its middle, a lunge's step out 1.4 s before.
            const t0 = rec.repTimes[0] - (LANDINGS.includes(m) ? 0.2 : m === 'lunge' ? 1.4 : 1.2) - lead;
            // ...and ends about a second after the movement (the landings' include the walk back
            // round and the step back up onto the box).
            const t1 = rec.repTimes[reps - 1] + (m === 'box-drop' ? 4 : m === 'drop-landing' ? 6.6 : m === 'lunge' ? 3 : 2.3);
            const d = createStreamingRepDetector(EXERCISE[m], { placement: p });
            for (const s of rec.samples) if (s.t >= t0 && s.t <= t1) d.push(s);
            d.flush();
            expect(d.count, `${m} at the ${p}, ${lead} s before, seed ${seed}`).toBe(reps);
          }
        }
      }
    }
  });

  it('walking up to the box and away does not add landings (15 s walk each side)', () => {
    for (const p of ['chest', 'shank'] as const) {
      for (const reps of [1, 2]) {
        const rec = synthesize({ movement: 'box-drop', placement: p, reps, rateHz: 100, seed: 51 + reps, walkS: 15 });
        const d = createStreamingRepDetector('box-step-off');
        for (const s of rec.samples) d.push(s);
        d.flush();
        expect(d.count, `${p}, ${reps}`).toBe(reps);
      }
    }
  });

  it('prefix: a stream cut anywhere reports exactly the events the full run had reported by then', () => {
    for (const [m, reps] of [['drop-landing', 2], ['box-drop', 1], ['squat', 2], ['heel-raise', 2]] as const) {
      const rec = synthesize({ movement: m, placement: 'chest', reps, rateHz: 100, seed: 61, restS: 6 });
      const run = (n: number): RepEvent[] => {
        const d = createStreamingRepDetector(EXERCISE[m]);
        return rec.samples.slice(0, n).flatMap((s) => d.push(s));
      };
      const full = run(rec.samples.length);
      const at = (e: RepEvent): number => (e.type === 'rep' ? e.rep.detectedAt : e.detectedAt);
      for (const f of [0.3, 0.5, 0.7]) {
        const n = Math.floor(f * rec.samples.length);
        expect(run(n), `${m} cut at ${f}`).toEqual(full.filter((e) => at(e) <= rec.samples[n - 1].t));
      }
    }
  });
});
