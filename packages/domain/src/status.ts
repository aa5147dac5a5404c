// The status of a secret as shown to people, from its expiry and deletion times and the current time.
import { calendarDateOf, calendarDaysBetween, DEFAULT_ZONE, toEpochSeconds, type Instant } from './time.ts';

/** A secret with fewer calendar days left than this is `expiring` (marked with a warning). */
export const EXPIRING_THRESHOLD_DAYS = 30;

export type SecretStatus = 'active' | 'expiring' | 'expired' | 'deleted';

export interface SecretTimes {
  expiresAt: Instant;
  deletedAt?: Instant | null;
}

/**
 * Expired follows Keycloak exactly: a secret is expired once the current epoch second is greater than its
 * expiration's epoch second, so it still works during its last second. `expiring` counts calendar days in
 * `zone` (see `daysLeft`), so the warning starts at midnight where the people concerned live.
 */
export function secretStatus(secret: SecretTimes, now: Instant, zone: string = DEFAULT_ZONE): SecretStatus {
  if (secret.deletedAt !== undefined && secret.deletedAt !== null) return 'deleted';
  if (isExpired(secret.expiresAt, now)) return 'expired';
  return daysLeft(secret.expiresAt, now, zone) < EXPIRING_THRESHOLD_DAYS ? 'expiring' : 'active';
}

/** Keycloak's rule: `expiration < now`, both in whole epoch seconds. */
export function isExpired(expiresAt: Instant, now: Instant): boolean {
  return toEpochSeconds(now) > toEpochSeconds(expiresAt);
}

/**
 * Whole calendar days in `zone` from today to the expiry date: 0 on the last day the secret works, 1 the day
 * before, negative once the expiry date has passed.
 */
export function daysLeft(expiresAt: Instant, now: Instant, zone: string = DEFAULT_ZONE): number {
  return calendarDaysBetween(calendarDateOf(now, zone), calendarDateOf(expiresAt, zone));
}
