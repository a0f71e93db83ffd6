import { describe, expect, it } from 'vitest';
import {
  csvField,
  SAMPLES_CSV_HEADER,
  SETS_CSV_HEADER,
  STRONG_CSV_HEADER,
  UTF8_BOM,
  writeRrText,
  writeSamplesCsv,
  writeSetsCsv,
  strongDate,
  writeStrongCsv,
} from '../../../src/core/export/csv';
import { parseCsvText as parseCsv } from '../../../src/engine/io/csv';
import { collectText } from '../../../src/core/export/sink';
import { makeFixture, ODD } from './fixture';

describe('CSV fields (RFC 4180)', () => {
  it('quotes only what needs quoting and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
  });
});

describe('sets CSV', () => {
  const fx = makeFixture({ oddNames: true });
  const text = collectText((sink) => writeSetsCsv(fx.detail, sink));
  const rows = parseCsv(text);

  it('starts with a BOM and the header, one row per set, CRLF line ends', () => {
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(rows[0]).toEqual([...SETS_CSV_HEADER]);
    expect(rows).toHaveLength(1 + fx.detail.sets.length);
    expect(text.split('\r\n')[0]).toBe(UTF8_BOM + SETS_CSV_HEADER.join(','));
  });

  it('odd names and notes (commas, quotes, emoji, newlines) survive the round trip', () => {
    const first = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
    expect(first.exercise).toBe(ODD.exerciseName);
    expect(first.notes).toBe(ODD.setNote);
    expect(first.start).toBe(new Date(fx.detail.sets[0].startedAt).toISOString());
    expect(Number(first.duration_s)).toBe(40);
  });

  it('numbers sets from 1 as the app does, whether stored orders start at 0 (imports) or 1 (live)', () => {
    const setColumn = SETS_CSV_HEADER.indexOf('set');
    for (const shift of [0, 1]) {
      const detail = { ...fx.detail, sets: fx.detail.sets.map((st) => ({ ...st, order: st.order + shift })) };
      const r = parseCsv(collectText((sink) => writeSetsCsv(detail, sink)));
      expect(r.slice(1).map((row) => row[setColumn])).toEqual(fx.detail.sets.map((_, i) => String(i + 1)));
    }
  });

  it('keeps detected and corrected reps apart, and the final count', () => {
    const h = rows[0];
    const second = rows[2];
    const set = fx.detail.sets[1];
    expect(Number(second[h.indexOf('reps_detected')])).toBe(set.repsDetected);
    expect(Number(second[h.indexOf('reps_corrected')])).toBe(set.repsCorrected);
    expect(Number(second[h.indexOf('reps')])).toBe(set.repsCorrected);
    expect(rows[1][h.indexOf('reps_corrected')]).toBe('');
    expect(Number(second[h.indexOf('rest_before_s')])).toBe(90);
    expect(Number(second[h.indexOf('max_hr')])).toBe(set.maxHr);
  });
});

describe('samples CSV', () => {
  const fx = makeFixture();
  const rows = parseCsv(collectText((sink) => writeSamplesCsv(fx.source, sink)));
  const rrCount = [...fx.source.rr()].length;

  it('has one row per heart-rate reading and per RR interval, in time order', () => {
    expect(rows[0]).toEqual([...SAMPLES_CSV_HEADER]);
    const body = rows.slice(1);
    expect(body.filter((r) => r[1] !== '')).toHaveLength(fx.hrCount);
    expect(body.filter((r) => r[3] !== '')).toHaveLength(rrCount);
    const times = body.map((r) => Date.parse(r[0]));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
  });

  it('writes contact as 1/0 and leaves it empty when the sensor does not say', () => {
    const hrRows = rows.slice(1).filter((r) => r[1] !== '');
    const first = [...fx.source.heartRate()][0];
    expect(hrRows[0]).toEqual([new Date(first.tMs).toISOString(), String(first.bpm), '', '']);
    expect(hrRows[1][2]).toBe('1');
  });
});

describe('RR text and Strong CSV', () => {
  const fx = makeFixture({ oddNames: true });

  it('RR file: one whole-millisecond interval per line, nothing else', () => {
    const text = collectText((sink) => writeRrText(fx.source, sink));
    const lines = text.trimEnd().split('\n');
    const rr = [...fx.source.rr()];
    expect(lines).toHaveLength(rr.length);
    expect(lines.every((l) => /^\d+$/.test(l))).toBe(true);
    expect(Number(lines[10])).toBe(Math.round(rr[10].rrMs));
  });

  it('Strong CSV: no BOM, Strong columns, one row per set, set order per exercise', () => {
    const text = collectText((sink) => writeStrongCsv(fx.detail, sink, 'UTC'));
    expect(text.startsWith('Date,')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...STRONG_CSV_HEADER]);
    expect(rows).toHaveLength(1 + fx.detail.sets.length);
    const row = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
    expect(row['Workout Name']).toBe(ODD.sessionName);
    expect(row['Exercise Name']).toBe(ODD.exerciseName);
    expect(row.Notes).toBe(ODD.setNote);
    expect(row.Date).toBe('2026-11-20 17:30:00');
    // Local wall-clock time, as Strong writes it.
    expect(strongDate(fx.detail.startedAt, 'America/New_York')).toBe('2026-11-20 12:30:00');
    expect(strongDate(Date.UTC(2026, 0, 1, 0, 0, 5), 'Asia/Tokyo')).toBe('2026-01-01 09:00:05');
    expect(row['Set Order']).toBe('1');
    expect(row.Reps).toBe('10');
    const deadlift = rows.find((r) => r[3] === 'Deadlift');
    expect(deadlift?.[5]).toBe('60');
  });
});
