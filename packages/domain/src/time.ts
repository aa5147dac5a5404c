// Instants cross the package boundary as `Date | number` (epoch milliseconds) and come back out as epoch
// milliseconds; luxon is used inside only, so callers never need it. The current time is always a parameter.
//
// Two epoch units meet in credman: Keycloak keeps secret times in whole seconds, clocks and events give
// milliseconds. `EpochSeconds` and `EpochMillis` carry the unit in the type, and the conversions below are the
// only place that multiplies or divides by 1000 (docs/architecture.md#data-model-in-keycloak).
import { DateTime } from 'luxon';

declare const epochSecondsUnit: unique symbol;
declare const epochMillisUnit: unique symbol;
/** Whole seconds since 1970-01-01T00:00:00Z: Keycloak's secret times and credman's records. */
export type EpochSeconds = number & { readonly [epochSecondsUnit]: true };
/** Milliseconds since 1970-01-01T00:00:00Z: clocks (`Date.now()`), Keycloak events. */
export type EpochMillis = number & { readonly [epochMillisUnit]: true };

const MILLIS_PER_SECOND = 1000;

/** Marks a number read from a seconds field (a record, an attribute) as epoch seconds. */
export function epochSeconds(value: number): EpochSeconds {
  return value as EpochSeconds;
}

/** Marks a number read from a milliseconds source (a clock, an event) as epoch milliseconds. */
export function epochMillis(value: number): EpochMillis {
  return value as EpochMillis;
}

/** The whole epoch second an instant in milliseconds falls in. */
export function toSeconds(millis: number): EpochSeconds {
  return Math.floor(millis / MILLIS_PER_SECOND) as EpochSeconds;
}

/** The first millisecond of an epoch second. */
export function toMillis(seconds: number): EpochMillis {
  return (seconds * MILLIS_PER_SECOND) as EpochMillis;
}

/** The epoch second `seconds` after `at`: adding a duration to an instant keeps its unit. */
export function plusSeconds(at: EpochSeconds, seconds: number): EpochSeconds {
  return (at + seconds) as EpochSeconds;
}

/** A duration in seconds as milliseconds (for timers and leases). */
export function secondsAsMillis(seconds: number): number {
  return seconds * MILLIS_PER_SECOND;
}

/** A duration in milliseconds as seconds (for headers such as Retry-After). */
export function millisAsSeconds(millis: number): number {
  return millis / MILLIS_PER_SECOND;
}

/** An epoch second as an ISO 8601 timestamp (API responses). */
export function secondsToIso(seconds: number): string {
  return new Date(toMillis(seconds)).toISOString();
}

/** A point in time: a `Date` or epoch milliseconds. */
export type Instant = Date | number;

/** Calendar dates are ISO strings `YYYY-MM-DD`. */
export type CalendarDate = string;

export const DEFAULT_ZONE = 'UTC';

export function toEpochMillis(instant: Instant): EpochMillis {
  return epochMillis(typeof instant === 'number' ? instant : instant.getTime());
}

/** Keycloak stores secret creation and expiration times as whole epoch seconds. */
export function toEpochSeconds(instant: Instant): EpochSeconds {
  return toSeconds(toEpochMillis(instant));
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

/**
 * `value` as a calendar date, or undefined when it is none: only `YYYY-MM-DD` with a day the month has, so
 * 2027-02-30 is refused rather than rolled over into March (as `Date.parse` and `new Date` do).
 */
export function parseCalendarDate(value: string): CalendarDate | undefined {
  return isCalendarDate(value) ? value : undefined;
}

/**
 * Whole calendar days from the day `now` falls on in `zone` to the date `value` (negative when it is past), or
 * undefined when `value` is no calendar date.
 */
export function daysUntilDate(value: string, now: Instant, zone: string = DEFAULT_ZONE): number | undefined {
  const date = parseCalendarDate(value);
  return date === undefined ? undefined : calendarDaysBetween(calendarDateOf(now, zone), date);
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
