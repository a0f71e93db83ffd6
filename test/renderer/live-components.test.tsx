/**
 * Component tests for the live workout's pieces, rendered with react-dom/server (vitest runs
 * in node): the timer, the rep counter, zone colouring (with real WCAG contrast maths) and the
 * chart's bounded buffer.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timer } from '../../src/renderer/src/components/Timer';
import { RepCounter } from '../../src/renderer/src/components/RepCounter';
import { HeartRate } from '../../src/renderer/src/components/HeartRate';
import { qualityItems } from '../../src/renderer/src/components/QualityFigures';
import { ZONE_STYLES, zoneRanges, zoneStyle } from '../../src/renderer/src/live/zones';
import { beepDue, formatClock, formatCountdown, restBeep, spokenDuration } from '../../src/renderer/src/live/time';
import { ChartBuffer, sessionPoints } from '../../src/renderer/src/live/chart-buffer';
import { zoneLowerBounds } from '../../src/core/hr';

describe('timer', () => {
  it('formats set time up and rest time down (a countdown shows 0:01 until it is over)', () => {
    expect([0, 9.9, 61, 3599, 3661].map(formatClock)).toEqual(['0:00', '0:09', '1:01', '59:59', '1:01:01']);
    expect([60, 59.2, 0.4, 0, -3].map(formatCountdown)).toEqual(['1:00', '1:00', '0:01', '0:00', '0:00']);
    expect(spokenDuration(65)).toBe('1 minute 5 seconds');
    expect(spokenDuration(1)).toBe('1 second');
  });

  it('renders the clock big with a spoken label, and a bar for the countdown', () => {
    const html = renderToStaticMarkup(<Timer label="Rest" seconds={65.2} countdown totalS={90} />);
    expect(html).toContain('>1:06</time>');
    expect(html).toContain('aria-label="Rest 1 minute 6 seconds"');
    expect(html).toMatch(/width:72\.4\d*%/);
    expect(html).not.toContain('data-near');
    expect(renderToStaticMarkup(<Timer label="Rest" seconds={8} countdown totalS={90} />)).toContain('data-near="true"');
    const set = renderToStaticMarkup(<Timer label="Set time" seconds={42.7} />);
    expect(set).toContain('>0:42</time>');
    expect(set).not.toContain('countdown-bar');
  });

  it('beeps once per second crossed at 3, 2, 1 and 0, never on the way up', () => {
    expect(beepDue(null, 2.5)).toBeNull();
    expect(beepDue(3.1, 2.95)).toBe(3);
    expect(beepDue(2.95, 2.9)).toBeNull();
    expect(beepDue(1.05, 0.98)).toBe(1);
    expect(beepDue(0.2, 0)).toBe(0);
    expect(beepDue(5, 10)).toBeNull();
    expect(beepDue(30, 20)).toBeNull();
    // The rest ended (no countdown any more): the long beep if it ran out, nothing if skipped early.
    expect(restBeep(0.7, null)).toBe(0);
    expect(restBeep(40, null)).toBeNull();
    expect(restBeep(null, null)).toBeNull();
    expect(restBeep(2.1, 1.9)).toBe(2);
  });
});

describe('rep counter', () => {
  it('shows the count against the target with a label for screen readers', () => {
    const html = renderToStaticMarkup(<RepCounter reps={5} target={8} detected={5} onAdjust={() => undefined} />);
    expect(html).toContain('aria-label="Reps 5 of 8"');
    expect(html).toContain('>5</span>');
    expect(html).toContain('/ 8');
    expect(html).not.toContain('data-reached');
    expect(html).toContain('aria-label="One rep fewer"');
    expect(html).toContain('aria-label="One rep more"');
  });

  it('marks the target reached, says when a correction changed the count, and cannot go below 0', () => {
    expect(renderToStaticMarkup(<RepCounter reps={8} target={8} detected={9} onAdjust={() => undefined} />)).toContain('Detected 9, corrected to 8');
    expect(renderToStaticMarkup(<RepCounter reps={8} target={8} detected={8} />)).toContain('data-reached="true"');
    const zero = renderToStaticMarkup(<RepCounter reps={0} target={null} detected={0} onAdjust={() => undefined} />);
    expect(zero).toContain('aria-label="Reps 0"');
    expect(zero).toMatch(/aria-label="One rep fewer" disabled=""/);
  });
});

/** WCAG 2 relative luminance and contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string): number => {
    const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('zone colouring', () => {
  it('gives every zone its own fill with text at AA contrast (4.5:1) or better', () => {
    const fills = new Set<string>();
    for (const z of ZONE_STYLES.filter((s) => s.zone > 0)) {
      fills.add(z.background);
      expect(contrast(z.background, z.color), z.name).toBeGreaterThanOrEqual(4.5);
    }
    expect(fills.size).toBe(5);
  });

  it('fills the heart-rate tile by zone and names the zone in words as well as colour', () => {
    const html = renderToStaticMarkup(<HeartRate bpm={142} zone={3} contact={true} />);
    expect(html).toContain('data-zone="3"');
    expect(html).toContain('background:#facc15');
    expect(html).toContain('aria-label="Heart rate 142 bpm, Zone 3 · moderate"');
    expect(html).toContain('>142</span>');
    const none = renderToStaticMarkup(<HeartRate bpm={null} zone={4} contact={null} />);
    expect(none).toContain('data-zone="0"');
    expect(none).toContain('Heart rate: no reading');
    expect(renderToStaticMarkup(<HeartRate bpm={120} zone={2} contact={false} />)).toContain('Strap not touching the skin');
    expect(zoneStyle(9).zone).toBe(0);
  });

  it('labels zone ranges from the engine bounds', () => {
    const b = zoneLowerBounds({ maxHr: 190, restingHr: 60, zonesMethod: 'max' });
    expect(zoneRanges(b, 190)).toEqual(['Zone 1: 95–113 bpm', 'Zone 2: 114–132 bpm', 'Zone 3: 133–151 bpm', 'Zone 4: 152–170 bpm', 'Zone 5: 171–190 bpm']);
  });
});

describe('quality figures', () => {
  it('shows only what the detector gave, with the landing hint when a landing was hard', () => {
    const none = { impactG: null, swayG: null, downS: null, upS: null, lastImpactG: null, lastSwayG: null };
    expect(qualityItems(none)).toEqual([]);
    expect(qualityItems({ ...none, impactG: 2.34, lastImpactG: 3.1 })).toEqual([{ label: 'Landing impact', value: '2.3 g', hint: 'Land quietly: softer knees' }]);
    expect(qualityItems({ ...none, swayG: 0.0123 })[0]).toMatchObject({ label: 'Balance sway', value: '12 mg' });
    expect(qualityItems({ ...none, downS: 2.04, upS: 0.96 })[0]).toMatchObject({ value: '2.0 s / 1.0 s' });
  });
});

describe('HR chart buffer', () => {
  it('keeps a 2-hour session at 1 Hz within its cap, start and end included, in order', () => {
    const buf = new ChartBuffer(4000);
    const t0 = 1_700_000_000_000;
    for (let s = 0; s < 7200; s += 5) {
      const pts: [number, number][] = [];
      for (let k = 0; k < 5; k++) pts.push([t0 + (s + k) * 1000, 100 + ((s + k) % 60)]);
      buf.add(pts);
    }
    expect(buf.length).toBeLessThanOrEqual(4000);
    expect(buf.xs[0]).toBe(t0 / 1000);
    expect(buf.xs[buf.length - 1]).toBe(t0 / 1000 + 7199);
    for (let i = 1; i < buf.length; i++) expect(buf.xs[i]).toBeGreaterThan(buf.xs[i - 1]);
    // Points already seen (a frame repeating its tail) are not added twice.
    expect(buf.add([[t0 + 7199_000, 150]])).toBe(false);
  });
});

describe('history set quality', () => {
  it('averages the stored per-rep figures and ignores the ones a profile does not give', async () => {
    const { setQuality } = await import('../../src/renderer/src/screens/HistoryScreen');
    const rep = (impactG: number | null, downS: number | null) => ({ t: 0, durationS: 2, downS, upS: downS === null ? null : 1, impactG, swayG: null });
    expect(setQuality([rep(2, 1.5), rep(3, 2.5), rep(null, null)])).toEqual({ impactG: 2.5, swayG: null, downS: 2, upS: 1, lastImpactG: null, lastSwayG: null });
    expect(setQuality([])).toMatchObject({ impactG: null, downS: null });
  });
});

describe('the live heart-rate chart', () => {
  it('shows the session only: heart rate from before the start is left out, time from 0:00', () => {
    // The strap was on for three minutes before the session began at t = 1000 s.
    const xs = [820, 880, 940, 1000, 1030, 1060, 1120];
    const ys = [70, 72, 71, 90, 110, 120, 125];
    expect(sessionPoints(xs, ys, 1000)).toEqual([[0, 30, 60, 120], [90, 110, 120, 125]]);
    expect(sessionPoints(xs, ys, 2000)).toEqual([[], []]);
  });
});
