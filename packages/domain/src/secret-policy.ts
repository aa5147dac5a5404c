// Rules for a new client secret: its display name, its expiry date (a calendar date in the configured zone)
// and the hint that is the only part of a secret ever shown again.
import {
  cleanDisplayText,
  displayTextMessage,
  visibleText,
  type DisplayTextProblem,
} from './display-text.ts';
import { fail, ok, type DomainError, type Result } from './result.ts';
import {
  DEFAULT_ZONE,
  isCalendarDate,
  isValidZone,
  startOfDate,
  zonedDateTime,
  type CalendarDate,
  type Instant,
} from './time.ts';

// ---- How many ----

/** At most two live secrets per application: the two slots Keycloak has (the current and the rotated one). */
export const MAX_LIVE_SECRETS = 2;

// ---- Secret name ----

export const SECRET_NAME_MAX_LENGTH = 64;
export const SECRET_HINT_LENGTH = 3;

export type SecretNameErrorReason = 'empty' | 'too-long' | DisplayTextProblem;

export interface SecretNameError extends DomainError {
  reason: SecretNameErrorReason;
}

/** Lengths count Unicode code points, so an emoji or an accented letter counts once, not as UTF-16 units. */
function codePointLength(value: string): number {
  return Array.from(value).length;
}

/** Normalises the name (docs/architecture.md#validation-and-errors) and checks it; a valid result's value is the clean name. */
export function validateSecretName(raw: string): Result<string, SecretNameError> {
  const { value: name, problems } = cleanDisplayText(raw);
  if (name === '') return fail([{ reason: 'empty', message: 'Give the secret a name.' }]);
  const errors = displayTextErrors(name, problems, 'The name', SECRET_NAME_MAX_LENGTH);
  return errors.length > 0 ? fail(errors) : ok(name);
}

/** The problems of cleaned text as errors, and `too-long` past `max` code points; `what` names the field. */
function displayTextErrors(
  value: string,
  problems: DisplayTextProblem[],
  what: string,
  max: number,
): { reason: DisplayTextProblem | 'too-long'; message: string }[] {
  const errors: { reason: DisplayTextProblem | 'too-long'; message: string }[] = problems.map((reason) => ({
    reason,
    message: displayTextMessage(reason, what),
  }));
  if (codePointLength(value) > max)
    errors.push({ reason: 'too-long', message: `${what} may be at most ${String(max)} characters long.` });
  return errors;
}

// ---- Secret notes ----

/** Notes are one paragraph: a line break could forge a line of its own in a plain-text mail. */
export const SECRET_NOTES_MAX_LENGTH = 250;

export type SecretNotesErrorReason = 'too-long' | DisplayTextProblem;

export interface SecretNotesError extends DomainError {
  reason: SecretNotesErrorReason;
}

/** Optional notes on a secret, cleaned like its name; a valid result's value is '' when there are none. */
export function validateSecretNotes(raw: string): Result<string, SecretNotesError> {
  const { value: notes, problems } = cleanDisplayText(raw);
  const errors = displayTextErrors(notes, problems, 'The notes', SECRET_NOTES_MAX_LENGTH);
  return errors.length > 0 ? fail(errors) : ok(notes);
}

const DEFAULT_NAME_PREFIX = 'Secret by ';
const DEFAULT_NAME_WITHOUT_PERSON = 'New secret';

/** The suggested name `Secret by <full name>`, always valid: cleaned of hidden characters and shortened. */
export function defaultSecretName(fullName: string): string {
  const person = visibleText(fullName.replace(/\p{Cc}/gu, ' '));
  if (person === '') return DEFAULT_NAME_WITHOUT_PERSON;
  const room = SECRET_NAME_MAX_LENGTH - codePointLength(DEFAULT_NAME_PREFIX);
  return DEFAULT_NAME_PREFIX + truncateGraphemes(person, room).trimEnd();
}

/** At most `maxCodePoints` code points, cut between user-perceived characters (never inside an emoji or accent). */
function truncateGraphemes(value: string, maxCodePoints: number): string {
  if (codePointLength(value) <= maxCodePoints) return value;
  let result = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)) {
    if (codePointLength(result) + codePointLength(segment) > maxCodePoints) break;
    result += segment;
  }
  return result;
}

/** The first characters of a secret, shown so people can tell secrets apart. Never more. */
export function secretHint(value: string): string {
  // Code points on purpose: generated secrets are ASCII, and a hint must never split a surrogate pair.
  return Array.from(value).slice(0, SECRET_HINT_LENGTH).join('');
}

// ---- Expiry ----

export interface ExpiryPolicy {
  /** IANA zone in which expiry dates are interpreted; default UTC. */
  zone?: string | undefined;
  /** Optional lower maximum validity, in days from today (e.g. 90). It never extends the one-year maximum. */
  maxValidityDays?: number | undefined;
}

export interface ExpiryBounds {
  earliest: CalendarDate;
  latest: CalendarDate;
  default: CalendarDate;
}

export type ExpiryPolicyErrorReason = 'invalid-zone' | 'invalid-max-validity';

export interface ExpiryPolicyError extends DomainError {
  reason: ExpiryPolicyErrorReason;
}

/** For configuration loading: the bounds functions below assume a valid policy. */
export function validateExpiryPolicy(policy: ExpiryPolicy): Result<ExpiryPolicy, ExpiryPolicyError> {
  const errors: ExpiryPolicyError[] = [];
  const zone = policy.zone ?? DEFAULT_ZONE;
  if (!isValidZone(zone)) {
    errors.push({ reason: 'invalid-zone', message: `"${zone}" is not a known IANA time zone.` });
  }
  if (
    policy.maxValidityDays !== undefined &&
    !(Number.isInteger(policy.maxValidityDays) && policy.maxValidityDays >= 1)
  ) {
    errors.push({
      reason: 'invalid-max-validity',
      message: 'The maximum validity must be a whole number of days, at least 1.',
    });
  }
  return errors.length > 0 ? fail(errors) : ok(policy);
}

/**
 * The instant a secret with expiry date `date` stops working: 23:59:59 on that date in `zone`, i.e. one second
 * before the next day starts there. Keycloak stores whole epoch seconds and treats `expiration < now` as
 * expired, so the secret works through 23:59:59 and fails from 00:00:00 — on 23- and 25-hour days too.
 * Returns epoch milliseconds (a multiple of 1000). Throws RangeError for an invalid date or zone (a bug:
 * dates come from `validateExpiryDate`, zones from a validated configuration).
 */
export function expiryInstant(date: CalendarDate, zone: string = DEFAULT_ZONE): number {
  const nextDay = startOfDate(date, zone).plus({ days: 1 }).startOf('day');
  return nextDay.toMillis() - 1000;
}

export function expiryBounds(now: Instant, policy: ExpiryPolicy = {}): ExpiryBounds {
  const zone = policy.zone ?? DEFAULT_ZONE;
  const today = zonedDateTime(now, zone).startOf('day');
  const earliest = today.plus({ days: 1 });
  // luxon keeps the calendar date and clamps 29 February to 28 February in a non-leap year.
  let latest = today.plus({ years: 1 });
  const { maxValidityDays } = policy;
  if (maxValidityDays !== undefined) {
    if (!Number.isInteger(maxValidityDays) || maxValidityDays < 1) {
      throw new RangeError(
        'maxValidityDays must be a whole number of days, at least 1 (see validateExpiryPolicy).',
      );
    }
    const capped = today.plus({ days: maxValidityDays });
    if (capped < latest) latest = capped;
  }
  const latestDate = latest.toISODate();
  return { earliest: earliest.toISODate(), latest: latestDate, default: latestDate };
}

export type ExpiryDateErrorReason = 'invalid-format' | 'invalid-date' | 'too-early' | 'too-late';

export interface ExpiryDateError extends DomainError {
  reason: ExpiryDateErrorReason;
}

export interface ValidExpiry {
  date: CalendarDate;
  /** Epoch milliseconds of the expiry instant (see `expiryInstant`). */
  expiresAt: number;
}

const STRICT_ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function validateExpiryDate(
  input: string,
  now: Instant,
  policy: ExpiryPolicy = {},
): Result<ValidExpiry, ExpiryDateError> {
  const zone = policy.zone ?? DEFAULT_ZONE;
  if (!STRICT_ISO_DATE.test(input)) {
    return fail([{ reason: 'invalid-format', message: 'Give the expiry date as YYYY-MM-DD.' }]);
  }
  const bounds = expiryBounds(now, policy);
  if (!isCalendarDate(input)) {
    return fail([{ reason: 'invalid-date', message: `${input} is not a date in the calendar.` }]);
  }
  // ISO dates with four-digit years compare correctly as strings.
  if (input < bounds.earliest) {
    return fail([{ reason: 'too-early', message: `The expiry date must be ${bounds.earliest} or later.` }]);
  }
  if (input > bounds.latest) {
    return fail([{ reason: 'too-late', message: `The expiry date must be ${bounds.latest} or earlier.` }]);
  }
  return ok({ date: input, expiresAt: expiryInstant(input, zone) });
}
