/** Running means of the detector's per-rep quality figures, for the live view and the summary. */
import type { RepQuality } from '../../shared/domain';
import type { RepQualityFigures } from '../../shared/commands/workout';

class Mean {
  n = 0;
  sum = 0;
  add(v: number | undefined): void {
    if (v === undefined || !Number.isFinite(v)) return;
    this.n++;
    this.sum += v;
  }
  get value(): number | null {
    return this.n > 0 ? this.sum / this.n : null;
  }
}

export class QualityTally {
  private readonly impact = new Mean();
  private readonly sway = new Mean();
  private readonly down = new Mean();
  private readonly up = new Mean();
  private lastImpact: number | null = null;
  private lastSway: number | null = null;

  add(q: RepQuality): void {
    this.impact.add(q.impactG);
    this.sway.add(q.swayG);
    this.down.add(q.tempo?.downS);
    this.up.add(q.tempo?.upS);
    if (q.impactG !== undefined) this.lastImpact = q.impactG;
    if (q.swayG !== undefined) this.lastSway = q.swayG;
  }

  figures(): RepQualityFigures {
    return {
      impactG: this.impact.value,
      swayG: this.sway.value,
      downS: this.down.value,
      upS: this.up.value,
      lastImpactG: this.lastImpact,
      lastSwayG: this.lastSway,
    };
  }
}
