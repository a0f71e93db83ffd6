import type { RepQualityFigures } from '../../../shared/commands/workout';
import { formatImpact, formatSway } from '../../../shared/format';

/** The detector's quality figures in words: landing impact, sway, tempo; only those it gives. */
export function qualityItems(q: RepQualityFigures | null | undefined): { label: string; value: string; hint?: string }[] {
  if (!q) return [];
  const out: { label: string; value: string; hint?: string }[] = [];
  if (q.impactG !== null) {
    out.push({ label: 'Landing impact', value: formatImpact(q.impactG), hint: q.lastImpactG !== null && q.lastImpactG > 2.5 ? 'Land quietly: softer knees' : undefined });
  }
  if (q.swayG !== null) out.push({ label: 'Balance sway', value: formatSway(q.swayG) });
  if (q.downS !== null && q.upS !== null) out.push({ label: 'Tempo down / up', value: `${q.downS.toFixed(1)} s / ${q.upS.toFixed(1)} s` });
  return out;
}

export function QualityFigures({ quality, title = 'Quality' }: { quality: RepQualityFigures | null | undefined; title?: string }) {
  const items = qualityItems(quality);
  if (items.length === 0) return null;
  return (
    <section className="quality" aria-label={title}>
      <dl className="quality-list">
        {items.map((i) => (
          <div key={i.label}>
            <dt>{i.label}</dt>
            <dd>
              {i.value}
              {i.hint ? <span className="quality-hint"> · {i.hint}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
