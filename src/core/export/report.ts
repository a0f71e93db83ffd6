/**
 * The one-page session report a coach reads: header figures, the heart-rate chart with zone
 * bands and sets, a table of sets (reps, HR, rest, landing and balance where measured) and
 * time in zones. Self-contained HTML: no scripts, no external resources, inline styles only
 * (a CSP meta forbids the rest), laid out for A4 so print-to-PDF gives the same page.
 */
import { repsOf, type SetDetail } from '../../shared/domain';
import { hrChartSvg, ZONE_COLOURS, ZONE_INK } from './hr-chart';
import { TextBatcher, type ExportSink } from './sink';
import type { SessionSource } from './source';
import { buildTimeline, sessionEndMs } from './timeline';
import { formatDate, formatDateTime, formatDuration, formatImpact, formatSway, formatTime } from '../../shared/format';
import { escapeXml as esc } from './xml';

export interface ReportOptions {
  /** IANA zone for dates and clock times (default: the runtime's own); written as src/shared/format.ts says. */
  timeZone?: string;
  /** The person's max HR; zones are 50/60/70/80/90 % of it unless zoneBounds is given. */
  maxHr?: number;
  /** Lower bounds (bpm) of zones 1..5, as the engine's HR profile computes them. */
  zoneBounds?: readonly number[];
  /** When the report is made, epoch ms (the caller's clock: core reads none); omitted, no time is shown. */
  generatedAt?: number;
}

const DEFAULT_MAX_HR = 190;

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const fmt = (n: number | null, digits = 0, unit = ''): string => (n === null ? '–' : `${n.toFixed(digits)}${unit}`);

/** Sway and landing as the app shows them ("54 mg", "1.9 g"; not "0.054"). */
function mg(g: number | null): string {
  return g === null ? '' : formatSway(g);
}
function impact(g: number | null): string {
  return g === null ? '' : formatImpact(g);
}

function landingOf(set: SetDetail): number | null {
  return mean(set.reps.map((r) => r.quality.impactG).filter((v): v is number => v !== undefined));
}
function swayOf(set: SetDetail): number | null {
  return mean(set.reps.map((r) => r.quality.swayG).filter((v): v is number => v !== undefined));
}

const STYLE = `
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 10px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; color: #0f172a; background: #fff; }
main { max-width: 186mm; margin: 0 auto; padding: 4mm 0; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #0f172a; padding-bottom: 4px; margin-bottom: 8px; gap: 12px; }
h1 { font-size: 18px; margin: 0; overflow-wrap: anywhere; }
h2 { font-size: 10.5px; text-transform: uppercase; letter-spacing: .06em; color: #475569; margin: 10px 0 3px; }
.when { color: #334155; font-size: 11.5px; white-space: nowrap; }
.figures { display: grid; grid-template-columns: repeat(6, 1fr); gap: 6px; margin: 6px 0 4px; }
.fig { border: 1px solid #cbd5e1; border-radius: 4px; padding: 4px 6px; }
.fig b { display: block; font-size: 15px; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.fig b.text { font-size: 11px; line-height: 18px; }
.fig span { color: #475569; font-size: 9.5px; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 2px 4px; white-space: nowrap; border-bottom: 1px solid #e2e8f0; text-align: right; vertical-align: top; }
th { white-space: normal; font-size: 8.5px; text-transform: uppercase; letter-spacing: .04em; color: #475569; border-bottom: 1px solid #94a3b8; }
th.l, td.l { text-align: left; }
td.notes { text-align: left; color: #334155; white-space: pre-line; overflow-wrap: break-word; min-width: 34mm; width: 100%; }
td.ex { white-space: normal; min-width: 36mm; max-width: 46mm; }
tr { break-inside: avoid; }
.corr { color: #475569; font-size: 9px; }
.zones { display: flex; height: 16px; border-radius: 3px; overflow: hidden; border: 1px solid #cbd5e1; }
.zones div { display: flex; align-items: center; justify-content: center; font-size: 9px; white-space: nowrap; overflow: hidden; }
.legend { color: #475569; font-size: 9.5px; margin-top: 3px; }
.chart { border: 1px solid #e2e8f0; border-radius: 4px; padding: 2px; }
.notes-block { white-space: pre-line; border-left: 3px solid #cbd5e1; padding: 2px 8px; color: #334155; overflow-wrap: anywhere; }
footer { margin-top: 10px; color: #64748b; font-size: 9px; border-top: 1px solid #e2e8f0; padding-top: 4px; }
`;

/** Long sessions get a per-exercise summary above the set table, so page one says it all. */
const BY_EXERCISE_FROM = 12;

function writeByExercise(out: TextBatcher, sets: SetDetail[]): void {
  const groups = new Map<string, SetDetail[]>();
  for (const s of sets) groups.set(s.exerciseName, [...(groups.get(s.exerciseName) ?? []), s]);
  out.write('<h2>By exercise</h2><table><thead><tr><th class="l">Exercise</th><th>Sets</th><th>Reps</th><th>Reps per set</th><th>Avg HR</th><th>Max HR</th><th>Landing</th><th>Sway</th></tr></thead><tbody>');
  for (const [name, group] of groups) {
    const reps = group.reduce((n, s) => n + repsOf(s), 0);
    const hrs = group.map((s) => s.avgHr).filter((v): v is number => v !== null);
    const maxes = group.map((s) => s.maxHr).filter((v): v is number => v !== null);
    const landing = mean(group.map(landingOf).filter((v): v is number => v !== null));
    const sway = mean(group.map(swayOf).filter((v): v is number => v !== null));
    out.write(`<tr><td class="l ex">${esc(name)}</td><td>${group.length}</td><td>${reps}</td><td>${fmt(reps / group.length, 1)}</td>`);
    out.write(`<td>${fmt(mean(hrs))}</td><td>${maxes.length ? Math.max(...maxes) : '–'}</td><td>${impact(landing)}</td><td>${sway === null ? '' : mg(sway)}</td></tr>`);
  }
  out.write('</tbody></table>');
}

export function writeReportHtml(source: SessionSource, sink: ExportSink, options: ReportOptions = {}): void {
  const d = source.detail;
  const out = new TextBatcher(sink);
  const maxHr = options.maxHr ?? source.hrZones?.maxHr ?? DEFAULT_MAX_HR;
  const zoneBounds =
    options.zoneBounds ?? (options.maxHr === undefined ? source.hrZones?.bounds : undefined) ?? [0.5, 0.6, 0.7, 0.8, 0.9].map((p) => Math.round(p * maxHr));
  const tz = options.timeZone;
  const dateText = formatDate(d.startedAt, tz);
  const clock = { format: (ms: number): string => formatTime(ms, tz) };
  const endMs = sessionEndMs(d);
  const blocks = buildTimeline(d);
  const sets = [...d.sets].sort((a, b) => a.order - b.order);
  const totalReps = sets.reduce((n, s) => n + repsOf(s), 0);
  const activeS = blocks.filter((b) => b.kind === 'active').reduce((n, b) => n + (b.endMs - b.startMs) / 1000, 0);
  const rests = sets.map((s) => s.restBeforeS).filter((v): v is number => v !== null);

  out.write('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">');
  out.write(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.write('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.write(`<title>${esc(d.name || 'Session')} – ${esc(dateText)} – SetBeat</title><style>${STYLE}</style></head><body><main>`);

  out.write(`<header><h1>${esc(d.name || 'Strength session')}</h1>`);
  out.write(`<div class="when">${esc(dateText)} · ${esc(clock.format(d.startedAt))}–${esc(clock.format(endMs))}</div></header>`);

  const figures: [string, string][] = [
    [formatDuration(d.durationS), 'duration'],
    [d.routineName ? `<b class="text" title="${esc(d.routineName)}">${esc(d.routineName)}</b>` : '–', 'routine'],
    [`${sets.length}`, `sets · ${formatDuration(activeS)} working`],
    [`${totalReps}`, 'reps'],
    [d.avgHr === null ? '–' : `${Math.round(d.avgHr)}`, `avg HR · max ${d.maxHr === null ? '–' : Math.round(d.maxHr)}`],
    [rests.length ? formatDuration(mean(rests) ?? 0) : '–', 'average rest'],
  ];
  out.write('<section class="figures">');
  for (const [value, label] of figures) {
    out.write(`<div class="fig">${value.startsWith('<b') ? value : `<b>${value}</b>`}<span>${label}</span></div>`);
  }
  out.write('</section>');

  out.write('<h2>Heart rate</h2><div class="chart">');
  out.write(hrChartSvg(d.startedAt, endMs, blocks, source.heartRate(), { zoneBounds, maxHr, width: 720, height: 190 }));
  out.write('</div><div class="legend">Grey blocks are sets (numbered as in the table). Zone bands at ');
  out.write(zoneBounds.map((b, i) => `Z${i + 1} ≥ ${Math.round(b)}`).join(', '));
  out.write(' bpm.</div>');

  if (sets.length > BY_EXERCISE_FROM) writeByExercise(out, sets);

  const hasLanding = sets.some((s) => landingOf(s) !== null);
  const hasSway = sets.some((s) => swayOf(s) !== null);
  const hasLoad = sets.some((s) => s.loadKg !== null);
  out.write('<h2>Sets</h2><table class="sets"><thead><tr><th>#</th><th class="l">Exercise</th><th class="l">Side</th><th>Start</th><th>Time</th><th>Reps</th><th>Target</th>');
  if (hasLoad) out.write('<th>kg</th>');
  out.write('<th>Avg HR</th><th>Max HR</th><th>Rest before</th>');
  if (hasLanding) out.write('<th title="mean landing impact, g">Landing</th>');
  if (hasSway) out.write('<th title="mean sway while holding, mg">Sway</th>');
  out.write('<th class="l">Notes</th></tr></thead><tbody>');
  sets.forEach((s, i) => {
    const corrected = s.repsCorrected !== null && s.repsCorrected !== s.repsDetected;
    const reps = corrected ? `${repsOf(s)} <span class="corr">(counted ${s.repsDetected})</span>` : `${repsOf(s)}`;
    const duration = s.endedAt === null ? '–' : formatDuration((s.endedAt - s.startedAt) / 1000);
    out.write(`<tr><td>${i + 1}</td><td class="l ex">${esc(s.exerciseName)}</td><td class="l">${s.side === 'both' ? '' : s.side}</td>`);
    out.write(`<td>${esc(clock.format(s.startedAt))}</td><td>${duration}</td><td>${reps}</td><td>${s.target ?? ''}</td>`);
    if (hasLoad) out.write(`<td>${s.loadKg ?? ''}</td>`);
    out.write(`<td>${fmt(s.avgHr)}</td><td>${fmt(s.maxHr)}</td><td>${s.restBeforeS === null ? '–' : formatDuration(s.restBeforeS)}</td>`);
    if (hasLanding) out.write(`<td>${impact(landingOf(s))}</td>`);
    if (hasSway) out.write(`<td>${swayOf(s) === null ? '' : mg(swayOf(s))}</td>`);
    out.write(`<td class="notes">${esc(s.notes)}</td></tr>`);
  });
  if (sets.length === 0) out.write('<tr><td colspan="12" class="l">No sets were recorded.</td></tr>');
  out.write('</tbody></table>');
  if (hasLanding || hasSway) {
    out.write('<div class="legend">');
    if (hasLanding) out.write('Landing: mean impact peak of the set\'s landings, in g (lower is quieter). ');
    if (hasSway) out.write('Sway: mean wobble while holding a position, in mg, thousandths of g (lower is steadier).');
    out.write('</div>');
  }

  const zoneTotal = d.zoneSeconds.reduce((a, b) => a + b, 0);
  if (zoneTotal > 0) {
    out.write('<h2>Time in heart-rate zones</h2><div class="zones">');
    d.zoneSeconds.forEach((s, z) => {
      if (s <= 0) return;
      const pct = (s / zoneTotal) * 100;
      out.write(`<div style="width:${pct.toFixed(2)}%;background:${ZONE_COLOURS[z]};color:${ZONE_INK[z]}">${pct >= 9 ? `Z${z + 1} ${formatDuration(s)}` : ''}</div>`);
    });
    out.write('</div><div class="legend">');
    out.write(d.zoneSeconds.map((s, z) => `Z${z + 1} ${formatDuration(s)}`).join(' · '));
    out.write('</div>');
  }

  if (d.notes) out.write(`<h2>Notes</h2><div class="notes-block">${esc(d.notes)}</div>`);

  const devices = d.devices.map((x) => esc([x.name, x.model && !x.name.includes(x.model) ? x.model : ''].filter(Boolean).join(' '))).join(', ');
  const generated = options.generatedAt;
  const made = generated === undefined ? '' : ` · report made ${esc(formatDateTime(generated, tz))}`;
  out.write(`<footer>SetBeat session ${d.id}${devices ? ` · sensors: ${devices}` : ''} · reps counted from the accelerometer, corrections shown${made}</footer>`);
  out.write('</main></body></html>\n');
  out.flush();
}
