/**
 * A synthetic calf-raise set as a chest sensor sees it: gravity on z, each rise a smooth
 * up-and-down of the body (8 cm over ~2.4 s: ~0.03 g), small noise and a slight tilt. The
 * count is known by construction, so tests and the e2e check the whole live path against it.
 */
export interface SynthOptions {
  reps: number;
  rateHz?: number;
  periodS?: number;
  riseM?: number;
  leadS?: number;
  tailS?: number;
  seed?: number;
}

export function syntheticCalfRaises(o: SynthOptions): { t: number; x: number; y: number; z: number }[] {
  const rate = o.rateHz ?? 100;
  const period = o.periodS ?? 2.4;
  const rise = o.riseM ?? 0.08;
  const lead = o.leadS ?? 2;
  const tail = o.tailS ?? 3;
  let seed = o.seed ?? 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const w = (2 * Math.PI) / period;
  const total = lead + o.reps * period + tail;
  const out: { t: number; x: number; y: number; z: number }[] = [];
  for (let i = 0; i <= total * rate; i++) {
    const t = i / rate;
    const tr = t - lead;
    // h = rise/2 (1 - cos wt)  ->  a = rise/2 w^2 cos wt
    const a = tr >= 0 && tr < o.reps * period ? ((rise / 2) * w * w * Math.cos(w * tr)) / 9.81 : 0;
    out.push({ t, x: 0.05 + 0.002 * rand(), y: 0.02 + 0.002 * rand(), z: 1 + a + 0.002 * rand() });
  }
  return out;
}
