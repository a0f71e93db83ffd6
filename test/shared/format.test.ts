/** The one way dates and durations are written (issue 16, item 12): src/shared/format.ts. */
import { describe, expect, it } from 'vitest';
import { formatClock, formatDate, formatDateTime, formatDuration, formatImpact, formatSway, formatTime } from '../../src/shared/format';

// 3 Dec 2026, 15:05:30 UTC.
const T = Date.UTC(2026, 11, 3, 15, 5, 30);

describe('dates', () => {
  it('write day, month name and year: neither 03/12 nor 12/03, whatever the locale', () => {
    expect(formatDate(T, 'UTC')).toBe('3 Dec 2026');
    expect(formatTime(T, 'UTC')).toBe('15:05');
    expect(formatDateTime(T, 'UTC')).toBe('3 Dec 2026, 15:05');
    expect(formatDateTime(Date.UTC(2026, 0, 9, 7, 4), 'UTC')).toBe('9 Jan 2026, 07:04');
  });

  it('follow the time zone, across midnight and a daylight-saving change', () => {
    expect(formatDateTime(T, 'America/New_York')).toBe('3 Dec 2026, 10:05');
    expect(formatDateTime(T, 'Pacific/Auckland')).toBe('4 Dec 2026, 04:05');
    // 29 Mar 2026 01:30 UTC is after Europe's switch to summer time (01:00 UTC).
    expect(formatTime(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin')).toBe('03:30');
    expect(formatTime(Date.UTC(2026, 2, 29, 0, 30), 'Europe/Berlin')).toBe('01:30');
  });

  it('say "–" for a time that is not one', () => {
    expect(formatDate(Number.NaN)).toBe('–');
    expect(formatDateTime(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('durations', () => {
  it('round to the nearest second: m:ss under an hour, h:mm:ss over', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(42.4)).toBe('0:42');
    expect(formatDuration(59.5)).toBe('1:00');
    expect(formatDuration(905)).toBe('15:05');
    expect(formatDuration(912.49)).toBe('15:12');
    expect(formatDuration(3599.6)).toBe('1:00:00');
    expect(formatDuration(3729)).toBe('1:02:09');
    expect(formatDuration(-3)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('–');
  });

  it('a running clock shows whole seconds gone, never one ahead', () => {
    expect(formatClock(9.99)).toBe('0:09');
    expect(formatClock(60)).toBe('1:00');
    expect(formatClock(3729.9)).toBe('1:02:09');
  });
});

describe('quality figures', () => {
  it('sway in milli-g and landing in g, the same in the app and the report', () => {
    expect(formatSway(0.054)).toBe('54 mg');
    expect(formatSway(0.0004)).toBe('0 mg');
    expect(formatImpact(1.94)).toBe('1.9 g');
  });
});
