/**
 * The heart-rate trail: one value per second (the last reading in it), the last 10 minutes at
 * most. Frames carry only its newest seconds; the UI keeps its own bounded chart buffer.
 */
export class HrTail {
  private readonly points: [number, number][] = [];

  constructor(private readonly maxPoints = 600) {}

  push(tMs: number, bpm: number): void {
    const sec = Math.floor(tMs / 1000) * 1000;
    const last = this.points[this.points.length - 1];
    if (last && last[0] === sec) last[1] = bpm;
    else if (!last || sec > last[0]) this.points.push([sec, bpm]);
    if (this.points.length > this.maxPoints) this.points.splice(0, this.points.length - this.maxPoints);
  }

  /** The newest `limit` points: frames send a few, `workout.get` the whole tail. */
  snapshot(limit = this.maxPoints): [number, number][] {
    return this.points.slice(-limit).map((p) => [p[0], p[1]]);
  }
}
