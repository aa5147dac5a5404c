import { describe, expect, it } from 'vitest';
import { expiryInstant } from './secret-policy.ts';
import { daysLeft, EXPIRING_THRESHOLD_DAYS, isExpired, secretStatus } from './status.ts';

const at = (iso: string): number => Date.parse(iso);

describe('secretStatus', () => {
  it('uses a 30-day threshold for "expiring"', () => {
    expect(EXPIRING_THRESHOLD_DAYS).toBe(30);
  });

  it('is active with 30 or more calendar days left and expiring with fewer', () => {
    const expiresAt = expiryInstant('2027-06-30', 'UTC');
    expect(secretStatus({ expiresAt }, at('2027-05-31T23:59:59Z'))).toBe('active'); // 30 days left
    expect(secretStatus({ expiresAt }, at('2027-06-01T00:00:00Z'))).toBe('expiring'); // 29 days left
    expect(secretStatus({ expiresAt }, at('2027-06-30T12:00:00Z'))).toBe('expiring'); // last day
  });

  it('is deleted whenever a deletion time is set, even before expiry', () => {
    const expiresAt = expiryInstant('2027-06-30', 'UTC');
    expect(
      secretStatus({ expiresAt, deletedAt: at('2027-01-01T00:00:00Z') }, at('2027-01-02T00:00:00Z')),
    ).toBe('deleted');
    expect(secretStatus({ expiresAt, deletedAt: null }, at('2027-01-02T00:00:00Z'))).toBe('active');
  });

  // The 23:59:59 boundary, in several zones and on DST days: valid through the last second, expired at midnight.
  it.each([
    ['2027-03-14', 'UTC', '2027-03-15T00:00:00Z'],
    ['2027-03-28', 'Europe/Amsterdam', '2027-03-28T22:00:00Z'],
    ['2027-10-31', 'Europe/Amsterdam', '2027-10-31T23:00:00Z'],
    ['2027-03-14', 'America/New_York', '2027-03-15T04:00:00Z'],
    ['2027-11-07', 'America/New_York', '2027-11-08T05:00:00Z'],
    ['2027-01-01', 'Pacific/Auckland', '2027-01-01T11:00:00Z'],
    ['2027-01-01', 'Pacific/Honolulu', '2027-01-02T10:00:00Z'],
  ])('a secret expiring on %s in %s stops working at %s', (date, zone, nextMidnight) => {
    const expiresAt = expiryInstant(date, zone);
    const midnight = at(nextMidnight);
    expect(secretStatus({ expiresAt }, midnight - 1000, zone)).toBe('expiring'); // 23:59:59
    expect(secretStatus({ expiresAt }, midnight - 1, zone)).toBe('expiring'); // 23:59:59.999, still that second
    expect(secretStatus({ expiresAt }, midnight, zone)).toBe('expired'); // 00:00:00 next day
    expect(daysLeft(expiresAt, midnight - 1000, zone)).toBe(0);
    expect(daysLeft(expiresAt, midnight, zone)).toBe(-1);
  });

  it('accepts Date instants', () => {
    expect(
      secretStatus({ expiresAt: new Date('2027-01-01T00:00:00Z') }, new Date('2027-01-01T00:00:01Z')),
    ).toBe('expired');
  });
});

describe('isExpired (Keycloak: expiration < now, in epoch seconds)', () => {
  it('is false within the expiration second and true from the next one', () => {
    const expiresAt = at('2027-05-05T23:59:59Z');
    expect(isExpired(expiresAt, expiresAt + 999)).toBe(false);
    expect(isExpired(expiresAt, expiresAt + 1000)).toBe(true);
  });
});

describe('daysLeft', () => {
  it('counts calendar days in the zone, not 24-hour periods', () => {
    // Across the 23-hour day in Amsterdam: from 27 March 00:30 to the end of 29 March is 2 calendar days.
    const expiresAt = expiryInstant('2027-03-29', 'Europe/Amsterdam');
    expect(daysLeft(expiresAt, at('2027-03-26T23:30:00Z'), 'Europe/Amsterdam')).toBe(2);
    // Across the 25-hour day in New York.
    expect(
      daysLeft(
        expiryInstant('2027-11-08', 'America/New_York'),
        at('2027-11-06T04:30:00Z'),
        'America/New_York',
      ),
    ).toBe(2);
  });

  it('depends on the zone when "today" differs', () => {
    const expiresAt = at('2027-01-10T12:00:00Z'); // 10 January in UTC, 11 January 01:00 in Auckland
    const now = at('2027-01-01T10:30:00Z'); // 1 January in UTC, 1 January 23:30 in Auckland
    expect(daysLeft(expiresAt, now, 'UTC')).toBe(9);
    expect(daysLeft(expiresAt, now)).toBe(9);
    expect(daysLeft(expiresAt, now, 'Pacific/Auckland')).toBe(10);
    expect(daysLeft(expiresAt, at('2027-01-01T11:30:00Z'), 'Pacific/Auckland')).toBe(9); // now 2 January there
    expect(daysLeft(expiresAt, at('2027-01-01T09:30:00Z'), 'Pacific/Honolulu')).toBe(10); // 31 Dec 23:30 → 10 Jan 02:00
  });

  it('spans a leap day and a year end', () => {
    expect(daysLeft(expiryInstant('2028-03-01'), at('2028-02-28T12:00:00Z'))).toBe(2);
    expect(daysLeft(expiryInstant('2028-01-01'), at('2027-12-31T00:00:00Z'))).toBe(1);
    expect(daysLeft(expiryInstant('2028-12-31'), at('2027-12-31T00:00:00Z'))).toBe(366);
  });
});
