/**
 * The heart-rate chart's data: parallel arrays of seconds and bpm that never grow past a cap.
 * When full, the older half is thinned to every other point, so a 2-hour session keeps its
 * whole shape in at most `cap` points and memory stays flat.
 */
export class ChartBuffer {
  xs: number[] = [];
  ys: number[] = [];
  private lastX = -Infinity;

  constructor(readonly cap = 4000) {}

  /** Appends points newer than the last one; returns whether anything was added. */
  add(points: readonly (readonly [number, number])[], toX: (tMs: number) => number = (t) => t / 1000): boolean {
    let added = false;
    for (const [tMs, bpm] of points) {
      const x = toX(tMs);
      if (x <= this.lastX) continue;
      this.xs.push(x);
      this.ys.push(bpm);
      this.lastX = x;
      added = true;
    }
    if (this.xs.length > this.cap) this.thin();
    return added;
  }

  clear(): void {
    this.xs = [];
    this.ys = [];
    this.lastX = -Infinity;
  }

  get length(): number {
    return this.xs.length;
  }

  private thin(): void {
    const half = this.xs.length >> 1;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < half; i += 2) {
      xs.push(this.xs[i]);
      ys.push(this.ys[i]);
    }
    this.xs = xs.concat(this.xs.slice(half));
    this.ys = ys.concat(this.ys.slice(half));
  }
}

/**
 * The points of the session only, in seconds since it began: heart rate from before the start
 * (the strap was on while the person got ready) is left out, so the time axis starts at 0:00
 * instead of labelling minutes before the start as 0:00 too.
 */
export function sessionPoints(xs: readonly number[], ys: readonly number[], originS: number): [number[], number[]] {
  let start = 0;
  while (start < xs.length && xs[start] < originS) start++;
  return [xs.slice(start).map((x) => x - originS), ys.slice(start)];
}
