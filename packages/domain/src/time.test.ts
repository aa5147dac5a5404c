import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDateOf,
  calendarDaysBetween,
  daysUntilDate,
  isCalendarDate,
  parseCalendarDate,
  isValidZone,
  millisAsSeconds,
  plusSeconds,
  secondsAsMillis,
  secondsToIso,
  startOfDate,
  toEpochMillis,
  toEpochSeconds,
  toMillis,
  toSeconds,
  zonedDateTime,
} from './time.ts';
import type { EpochMillis, EpochSeconds } from './time.ts';

describe('epoch units', () => {
  it('converts milliseconds to the whole second they fall in, and a second to its first millisecond', () => {
    const seconds: EpochSeconds = toSeconds(1_830_000_000_999);
    expect(seconds).toBe(1_830_000_000);
    expect(toSeconds(-1)).toBe(-1); // floor, not truncation: before 1970 too
    const millis: EpochMillis = toMillis(seconds);
    expect(millis).toBe(1_830_000_000_000);
    expect(toEpochSeconds(new Date(millis + 500))).toBe(seconds);
    expect(secondsToIso(seconds)).toBe('2027-12-28T13:20:00.000Z');
  });

  it('adds a duration in seconds to an epoch second, keeping the unit', () => {
    const later: EpochSeconds = plusSeconds(toSeconds(1_830_000_000_000), 86_400);
    expect(later).toBe(1_830_086_400);
  });

  it('converts durations without flooring', () => {
    expect(secondsAsMillis(300)).toBe(300_000);
    expect(millisAsSeconds(1500)).toBe(1.5);
  });
});

describe('instants', () => {
  it('accept Date or epoch milliseconds', () => {
    expect(toEpochMillis(new Date('2027-01-01T00:00:00.250Z'))).toBe(Date.UTC(2027, 0, 1, 0, 0, 0, 250));
    expect(toEpochMillis(42)).toBe(42);
  });

  it('truncate to whole epoch seconds for Keycloak', () => {
    expect(toEpochSeconds(1_999)).toBe(1);
    expect(toEpochSeconds(new Date(5_000))).toBe(5);
  });
});

describe('zones and calendar dates', () => {
  it('recognise IANA zones', () => {
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('Europe/Amsterdam')).toBe(true);
    expect(isValidZone('Europe/Atlantis')).toBe(false);
  });

  it('throw on an unknown zone, which is a configuration bug', () => {
    expect(() => zonedDateTime(0, 'Europe/Atlantis')).toThrow(RangeError);
    expect(() => startOfDate('2027-01-01', 'Europe/Atlantis')).toThrow(RangeError);
  });

  it('give the date an instant falls on in a zone', () => {
    const instant = Date.parse('2027-01-01T10:30:00Z');
    expect(calendarDateOf(instant)).toBe('2027-01-01');
    expect(calendarDateOf(instant, 'Pacific/Auckland')).toBe('2027-01-01');
    expect(calendarDateOf(instant + 3_600_000, 'Pacific/Auckland')).toBe('2027-01-02');
    expect(calendarDateOf(instant, 'Pacific/Honolulu')).toBe('2027-01-01');
    expect(calendarDateOf(Date.parse('2027-01-01T09:00:00Z'), 'Pacific/Honolulu')).toBe('2026-12-31');
  });

  it('find the start of a date, also on DST days', () => {
    expect(startOfDate('2027-03-28', 'Europe/Amsterdam').toUTC().toISO()).toBe('2027-03-27T23:00:00.000Z');
    expect(startOfDate('2027-03-29', 'Europe/Amsterdam').toUTC().toISO()).toBe('2027-03-28T22:00:00.000Z');
  });

  it('count calendar days between dates', () => {
    expect(calendarDaysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(calendarDaysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(calendarDaysBetween('2027-01-10', '2027-01-01')).toBe(-9);
  });

  it('add calendar days across month, year and leap-day boundaries', () => {
    expect(addDays('2027-01-31', 1)).toBe('2027-02-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2028-01-10', -42)).toBe('2027-11-29');
    expect(addDays('0050-01-01', -1)).toBe('0049-12-31');
    expect(() => addDays('2027-02-30', 1)).toThrow(RangeError);
  });

  it.each([
    ['2027-01-31', true],
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2027-1-31', false],
    ['2027-01-31T00:00', false],
  ])('isCalendarDate(%j) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('parseCalendarDate and daysUntilDate: an impossible date is refused, never rolled over', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');

  it.each(['2027-02-30', '2027-02-29', '2027-04-31', '2027-13-01', '2027-00-10', '2027-2-3', ''])(
    '%j is no calendar date',
    (value) => {
      expect(parseCalendarDate(value)).toBeUndefined();
      // Date.parse would take 2027-02-30 as 2 March (85 days from now); the domain gives no day count at all.
      expect(daysUntilDate(value, now)).toBeUndefined();
    },
  );

  it('takes a real date, a leap day included', () => {
    expect(parseCalendarDate('2028-02-29')).toBe('2028-02-29');
    expect(daysUntilDate('2027-02-28', now)).toBe(83);
    expect(daysUntilDate('2026-12-07', now)).toBe(0);
    expect(daysUntilDate('2026-12-06', now)).toBe(-1);
  });

  it('counts from the day now falls on in the zone', () => {
    // 23:30 UTC on 7 December is already 8 December in Amsterdam.
    const late = Date.parse('2026-12-07T23:30:00Z');
    expect(daysUntilDate('2026-12-10', late, 'UTC')).toBe(3);
    expect(daysUntilDate('2026-12-10', late, 'Europe/Amsterdam')).toBe(2);
  });
});
