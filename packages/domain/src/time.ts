// Instants cross the package boundary as `Date | number` (epoch milliseconds) and come back out as epoch
// milliseconds; luxon is used inside only, so callers never need it. The current time is always a parameter.
import { DateTime } from 'luxon';

/** A point in time: a `Date` or epoch milliseconds. */
export type Instant = Date | number;

/** Calendar dates are ISO strings `YYYY-MM-DD`. */
export type CalendarDate = string;

export const DEFAULT_ZONE = 'UTC';

export function toEpochMillis(instant: Instant): number {
  return typeof instant === 'number' ? instant : instant.getTime();
}

/** Keycloak stores secret creation and expiration times as whole epoch seconds. */
export function toEpochSeconds(instant: Instant): number {
  return Math.floor(toEpochMillis(instant) / 1000);
}

/** Whether `zone` is an IANA zone name (or `UTC`) that the runtime knows; use it when loading configuration. */
export function isValidZone(zone: string): boolean {
  return DateTime.fromMillis(0, { zone }).isValid;
}

/** The instant as a luxon DateTime in `zone`. An unknown zone is a configuration bug, so it throws. */
export function zonedDateTime(instant: Instant, zone: string): DateTime<true> {
  const dateTime = DateTime.fromMillis(toEpochMillis(instant), { zone });
  if (!dateTime.isValid)
    throw new RangeError(`Invalid instant or time zone: ${dateTime.invalidExplanation ?? zone}`);
  return dateTime;
}

/** The calendar date (`YYYY-MM-DD`) that the instant falls on in `zone`. */
export function calendarDateOf(instant: Instant, zone: string = DEFAULT_ZONE): CalendarDate {
  return zonedDateTime(instant, zone).toISODate();
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (so 2027-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/** Start of a calendar date (00:00 local, or the first existing local time) in `zone`, as a luxon DateTime. */
export function startOfDate(date: CalendarDate, zone: string): DateTime<true> {
  const dateTime = DateTime.fromISO(date, { zone }).startOf('day');
  if (!dateTime.isValid)
    throw new RangeError(`Invalid date or time zone: ${dateTime.invalidExplanation ?? date}`);
  return dateTime;
}

/** The calendar date `days` days after `date` (negative to go back): plain date arithmetic, no zone involved. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!isCalendarDate(date)) throw new RangeError(`Invalid calendar date: ${date}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to the 1900s.
  shifted.setUTCFullYear(year, month - 1, day + days);
  return shifted.toISOString().slice(0, 10);
}

/** Whole calendar days from date `from` to date `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  // Compared in UTC so that 23- and 25-hour days in a local zone cannot skew the count.
  return Math.round(startOfDate(to, 'UTC').diff(startOfDate(from, 'UTC'), 'days').days);
}
