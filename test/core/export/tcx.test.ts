import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectText } from '../../../src/core/export/sink';
import { writeTcx } from '../../../src/core/export/tcx';
import { buildTimeline } from '../../../src/core/export/timeline';
import { HAS_SHARED_REFERENCE, SHARED_REFERENCE_DIR } from '../../data-dir';
import { makeFixture, ODD } from './fixture';
import { validateAgainstXsd } from '../../helpers/xsd';

const XSD = path.join(SHARED_REFERENCE_DIR, 'TrainingCenterDatabasev2.xsd');
const HAS_XSD = HAS_SHARED_REFERENCE && fs.existsSync(XSD);
if (!HAS_XSD) console.warn(`TCX schema validation: skipped, ${XSD} is not present beside this checkout.`);

function xmllint(xml: string): { ok: boolean; output: string } {
  return validateAgainstXsd(XSD, xml);
}

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

describe('TCX export', () => {
  const fx = makeFixture({ oddNames: true });
  const xml = collectText((sink) => writeTcx(fx.source, sink));
  const blocks = buildTimeline(fx.detail);

  it('has one lap per set (Active) and per rest (Resting)', () => {
    expect(count(xml, /<Lap StartTime=/g)).toBe(blocks.length);
    expect(count(xml, /<Intensity>Active<\/Intensity>/g)).toBe(fx.detail.sets.length);
    expect(count(xml, /<Intensity>Resting<\/Intensity>/g)).toBe(blocks.length - fx.detail.sets.length);
    expect(xml).toContain('<Activity Sport="Other">');
  });

  it('puts every heart-rate reading in the track, once', () => {
    expect(count(xml, /<Trackpoint>/g)).toBe(fx.hrCount);
    const first = [...fx.source.heartRate()][0];
    expect(xml).toContain(`<Trackpoint><Time>${new Date(first.tMs).toISOString()}</Time><HeartRateBpm><Value>${first.bpm}</Value>`);
  });

  it('writes each set lap with its reps and the set average HR from the same samples', () => {
    const set = fx.detail.sets[1];
    expect(xml).toContain(`<Notes>${set.exerciseName}: ${set.repsCorrected} reps (detected ${set.repsDetected})</Notes>`);
    const lap = xml.split('<Lap ').find((l) => l.includes(`StartTime="${new Date(set.startedAt).toISOString()}"`)) ?? '';
    expect(lap).toContain(`<AverageHeartRateBpm><Value>${Math.round(set.avgHr ?? 0)}</Value>`);
    expect(lap).toContain(`<MaximumHeartRateBpm><Value>${set.maxHr}</Value>`);
  });

  it('escapes odd names', () => {
    expect(xml).toContain('Legs, &quot;heavy&quot; day 🏋️‍♀️');
    expect(xml).not.toContain(ODD.sessionName);
  });

  it.skipIf(!HAS_XSD)('is valid against TrainingCenterDatabase v2 (libxml2, WebAssembly)', () => {
    const result = xmllint(xml);
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
  });

  it.skipIf(!HAS_XSD)('the validator refuses a document the schema forbids, naming the element', () => {
    const bad = xml.replace('<Intensity>Active</Intensity>', '<Intensity>Busy</Intensity>');
    const result = xmllint(bad);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Intensity/);
  });

  it.skipIf(!HAS_XSD)('stays valid with no sets and no heart rate, and with HR gaps', () => {
    const empty = makeFixture();
    const detail = { ...empty.detail, sets: [] };
    const noHr = collectText((sink) => writeTcx({ detail, heartRate: () => [], rr: () => [] }, sink));
    expect(count(noHr, /<Lap /g)).toBe(1);
    expect(xmllint(noHr).ok).toBe(true);
    const gappy = collectText((sink) =>
      writeTcx({ ...empty.source, heartRate: () => [...empty.source.heartRate()].filter((s) => s.tMs % 300_000 < 100_000) }, sink),
    );
    expect(xmllint(gappy).output).toBe('');
  });
});
