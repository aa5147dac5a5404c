import { describe, expect, it } from 'vitest';
import {
  defaultSecretName,
  expiryBounds,
  expiryInstant,
  secretHint,
  validateExpiryDate,
  validateExpiryPolicy,
  validateSecretName,
  validateSecretNotes,
} from './secret-policy.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (millis: number): string => new Date(millis).toISOString();

describe('validateSecretNotes', () => {
  it('accepts no notes as the empty string', () => {
    expect(validateSecretNotes('   ')).toEqual({ ok: true, value: '' });
  });

  it('normalises to NFC and collapses spaces', () => {
    expect(validateSecretNotes(' Used by the  cafe\u0301 batch job ')).toEqual({
      ok: true,
      value: 'Used by the caf\u00e9 batch job',
    });
  });

  it('allows 250 code points and refuses 251', () => {
    expect(validateSecretNotes('🔑'.repeat(250)).ok).toBe(true);
    const result = validateSecretNotes('a'.repeat(251));
    expect(result.ok ? [] : result.errors.map((error) => error.reason)).toEqual(['too-long']);
  });

  it('refuses a line break, so notes stay one paragraph in a plain-text mail', () => {
    const result = validateSecretNotes('first line\nsecond line');
    expect(result.ok ? [] : result.errors.map((error) => error.reason)).toEqual(['control-character']);
  });

  it('refuses invisible characters', () => {
    const result = validateSecretNotes('zero\u200Bwidth');
    expect(result.ok ? [] : result.errors.map((error) => error.reason)).toEqual(['invisible-character']);
  });
});

describe('validateSecretName', () => {
  it('returns the trimmed name', () => {
    expect(validateSecretName('  Production key \t')).toEqual({ ok: true, value: 'Production key' });
  });

  it('counts Unicode code points, not UTF-16 units', () => {
    const emoji = '🔑'.repeat(64); // 128 UTF-16 units, 64 code points
    expect(validateSecretName(emoji)).toEqual({ ok: true, value: emoji });
    expect(validateSecretName('é'.repeat(64)).ok).toBe(true);
    expect(validateSecretName(`${'🔑'.repeat(64)}x`)).toMatchObject({
      ok: false,
      errors: [{ reason: 'too-long' }],
    });
  });

  it('accepts 1 and 64 characters and refuses 65', () => {
    expect(validateSecretName('a').ok).toBe(true);
    expect(validateSecretName('a'.repeat(64)).ok).toBe(true);
    expect(validateSecretName('a'.repeat(65))).toMatchObject({ ok: false, errors: [{ reason: 'too-long' }] });
  });

  it.each(['', '   ', '\n\t '])('refuses the empty name %j', (raw) => {
    expect(validateSecretName(raw)).toMatchObject({ ok: false, errors: [{ reason: 'empty' }] });
  });

  it.each([
    'line\nbreak',
    'nul\u0000byte',
    'tab\there',
    'bell\u0007',
    'del\u007f',
    'c1\u0085control',
    'end\u0000',
    'rtl\u202Eoverride',
    'isolate\u2066x\u2069',
    'mark\u200Fhere',
  ])('refuses control characters (incl. text-direction controls) after trimming: %j', (raw) => {
    expect(validateSecretName(raw)).toMatchObject({ ok: false, errors: [{ reason: 'control-character' }] });
  });

  it('reports length and control characters together', () => {
    const result = validateSecretName(`a\n${'b'.repeat(70)}`);
    expect(!result.ok && result.errors.map((error) => error.reason)).toEqual([
      'control-character',
      'too-long',
    ]);
  });

  it('accepts format characters and symbols that are not control characters', () => {
    expect(validateSecretName('CI – staging (ß, 東京) 👩‍💻').ok).toBe(true);
  });
});

describe('defaultSecretName', () => {
  it('suggests "Secret by <full name>", trimmed', () => {
    expect(defaultSecretName('  Ada Lovelace ')).toBe('Secret by Ada Lovelace');
  });

  it('falls back when there is no name', () => {
    expect(defaultSecretName('')).toBe('New secret');
    expect(defaultSecretName(' \n ')).toBe('New secret');
  });

  it('removes control characters and collapses whitespace', () => {
    expect(defaultSecretName('Ada\n\u0000Lovelace')).toBe('Secret by Ada Lovelace');
  });

  it('shortens long names so the suggestion is always valid', () => {
    const suggestion = defaultSecretName('Maximiliane '.repeat(10));
    expect(validateSecretName(suggestion)).toEqual({ ok: true, value: suggestion });
    expect(Array.from(suggestion)).toHaveLength(64);
    expect(suggestion.startsWith('Secret by Maximiliane Maximiliane')).toBe(true);
  });

  it('never cuts inside a user-perceived character', () => {
    const family = '👨‍👩‍👧'; // 5 code points, one grapheme
    const suggestion = defaultSecretName(`${'a'.repeat(52)}${family}`);
    expect(suggestion).toBe(`Secret by ${'a'.repeat(52)}`);
    expect(validateSecretName(suggestion).ok).toBe(true);
  });
});

describe('secretHint', () => {
  it('is the first three characters', () => {
    expect(secretHint('Abc123xyz789')).toBe('Abc');
    expect(secretHint('ab')).toBe('ab');
  });
});

describe('expiryInstant: the secret works through 23:59:59 of its date in the zone', () => {
  it.each([
    ['2027-03-14', 'UTC', '2027-03-14T23:59:59.000Z'],
    ['2027-12-31', 'UTC', '2027-12-31T23:59:59.000Z'],
    ['2028-02-29', 'UTC', '2028-02-29T23:59:59.000Z'],
    // Europe/Amsterdam: 2027-03-28 has 23 hours (02:00 → 03:00), 2027-10-31 has 25 hours (03:00 → 02:00).
    ['2027-03-27', 'Europe/Amsterdam', '2027-03-27T22:59:59.000Z'],
    ['2027-03-28', 'Europe/Amsterdam', '2027-03-28T21:59:59.000Z'],
    ['2027-10-30', 'Europe/Amsterdam', '2027-10-30T21:59:59.000Z'],
    ['2027-10-31', 'Europe/Amsterdam', '2027-10-31T22:59:59.000Z'],
    // America/New_York: 2027-03-14 has 23 hours, 2027-11-07 has 25 hours.
    ['2027-03-13', 'America/New_York', '2027-03-14T04:59:59.000Z'],
    ['2027-03-14', 'America/New_York', '2027-03-15T03:59:59.000Z'],
    ['2027-11-07', 'America/New_York', '2027-11-08T04:59:59.000Z'],
    // Far east (UTC+13 in the southern summer) and far west (UTC−10, no DST).
    ['2027-01-01', 'Pacific/Auckland', '2027-01-01T10:59:59.000Z'],
    ['2027-07-01', 'Pacific/Auckland', '2027-07-01T11:59:59.000Z'],
    ['2027-01-01', 'Pacific/Honolulu', '2027-01-02T09:59:59.000Z'],
  ])('%s in %s ends at %s', (date, zone, expected) => {
    expect(iso(expiryInstant(date, zone))).toBe(expected);
  });

  it('defaults to UTC', () => {
    expect(iso(expiryInstant('2027-06-30'))).toBe('2027-06-30T23:59:59.000Z');
  });

  it('throws for an impossible date or an unknown zone (callers validate first)', () => {
    expect(() => expiryInstant('2027-02-30', 'UTC')).toThrow(RangeError);
    expect(() => expiryInstant('2027-02-28', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('expiryBounds', () => {
  it.each([
    // "Today" differs between UTC and the zone.
    ['2027-01-01T10:00:00Z', 'UTC', '2027-01-02', '2028-01-01'],
    ['2027-01-01T10:00:00Z', 'Pacific/Auckland', '2027-01-02', '2028-01-01'], // 23:00 on 1 January there
    ['2027-01-01T11:00:00Z', 'Pacific/Auckland', '2027-01-03', '2028-01-02'], // already 2 January there
    ['2026-12-31T11:00:00Z', 'Pacific/Auckland', '2027-01-02', '2028-01-01'], // 00:00 on 1 January there
    ['2026-12-31T11:00:00Z', 'UTC', '2027-01-01', '2027-12-31'],
    ['2027-01-01T05:00:00Z', 'Pacific/Honolulu', '2027-01-01', '2027-12-31'], // still 31 December there
    ['2027-01-01T05:00:00Z', 'UTC', '2027-01-02', '2028-01-01'],
    // Leap years.
    ['2028-02-29T12:00:00Z', 'UTC', '2028-03-01', '2029-02-28'],
    ['2027-02-28T12:00:00Z', 'UTC', '2027-03-01', '2028-02-28'],
    ['2028-02-28T12:00:00Z', 'UTC', '2028-02-29', '2029-02-28'],
    // Month and year ends.
    ['2027-01-31T08:00:00Z', 'UTC', '2027-02-01', '2028-01-31'],
    ['2027-04-30T08:00:00Z', 'UTC', '2027-05-01', '2028-04-30'],
    ['2027-12-31T23:59:59Z', 'UTC', '2028-01-01', '2028-12-31'],
    // Across DST changes.
    ['2027-03-27T23:30:00Z', 'Europe/Amsterdam', '2027-03-29', '2028-03-28'], // 00:30 CET on 28 March
    ['2027-10-30T22:30:00Z', 'Europe/Amsterdam', '2027-11-01', '2028-10-31'], // 00:30 CEST on 31 October
    ['2027-11-07T04:30:00Z', 'America/New_York', '2027-11-08', '2028-11-07'], // 00:30 EDT on 7 November
  ])('at %s in %s: earliest %s, latest = default %s', (now, zone, earliest, latest) => {
    expect(expiryBounds(at(now), { zone })).toEqual({ earliest, latest, default: latest });
  });

  it('accepts a Date and defaults to UTC', () => {
    expect(expiryBounds(new Date('2027-05-05T12:00:00Z'))).toEqual({
      earliest: '2027-05-06',
      latest: '2028-05-05',
      default: '2028-05-05',
    });
  });

  it.each([
    [90, '2027-01-01T10:00:00Z', '2027-04-01'],
    [30, '2027-01-31T10:00:00Z', '2027-03-02'],
    [1, '2027-01-31T10:00:00Z', '2027-02-01'],
    [365, '2028-02-29T10:00:00Z', '2029-02-28'], // the cap equals the one-year maximum here
    [400, '2027-01-01T10:00:00Z', '2028-01-01'], // a higher "maximum" never extends the year
  ])('maxValidityDays %i at %s caps latest at %s', (maxValidityDays, now, latest) => {
    const bounds = expiryBounds(at(now), { zone: 'UTC', maxValidityDays });
    expect(bounds.latest).toBe(latest);
    expect(bounds.default).toBe(latest);
  });

  it('counts maxValidityDays from "today" in the zone', () => {
    expect(
      expiryBounds(at('2027-01-01T11:00:00Z'), { zone: 'Pacific/Auckland', maxValidityDays: 90 }).latest,
    ).toBe('2027-04-02');
  });

  it('throws on an invalid maxValidityDays (configuration is validated first)', () => {
    expect(() => expiryBounds(0, { maxValidityDays: 0 })).toThrow(RangeError);
    expect(() => expiryBounds(0, { maxValidityDays: 1.5 })).toThrow(RangeError);
  });
});

describe('validateExpiryPolicy', () => {
  it('accepts the defaults and a valid zone and maximum', () => {
    expect(validateExpiryPolicy({}).ok).toBe(true);
    expect(validateExpiryPolicy({ zone: 'Europe/Amsterdam', maxValidityDays: 90 }).ok).toBe(true);
  });

  it('reports an unknown zone and a bad maximum', () => {
    const result = validateExpiryPolicy({ zone: 'Europe/Atlantis', maxValidityDays: -3 });
    expect(!result.ok && result.errors.map((error) => error.reason)).toEqual([
      'invalid-zone',
      'invalid-max-validity',
    ]);
  });
});

describe('validateExpiryDate', () => {
  const now = at('2027-01-01T10:00:00Z');
  const policy = { zone: 'Europe/Amsterdam' };

  it('accepts the earliest and the latest date with their expiry instants', () => {
    expect(validateExpiryDate('2027-01-02', now, policy)).toEqual({
      ok: true,
      value: { date: '2027-01-02', expiresAt: at('2027-01-02T22:59:59Z') },
    });
    expect(validateExpiryDate('2028-01-01', now, policy)).toEqual({
      ok: true,
      value: { date: '2028-01-01', expiresAt: at('2028-01-01T22:59:59Z') },
    });
  });

  it('accepts 29 February in a leap year and defaults to UTC', () => {
    expect(validateExpiryDate('2028-02-29', at('2027-06-01T00:00:00Z'))).toEqual({
      ok: true,
      value: { date: '2028-02-29', expiresAt: at('2028-02-29T23:59:59Z') },
    });
  });

  it.each([
    ['2027-1-05', 'invalid-format'],
    ['27-01-05', 'invalid-format'],
    ['2027/01/05', 'invalid-format'],
    ['2027-01-05T00:00', 'invalid-format'],
    [' 2027-01-05', 'invalid-format'],
    ['2027-01-05 ', 'invalid-format'],
    ['20270105', 'invalid-format'],
    ['２０２７-０１-０５', 'invalid-format'],
    ['', 'invalid-format'],
    ['2027-02-30', 'invalid-date'],
    ['2027-02-29', 'invalid-date'],
    ['2027-13-01', 'invalid-date'],
    ['2027-04-31', 'invalid-date'],
    ['2027-00-10', 'invalid-date'],
    ['2027-01-01', 'too-early'],
    ['2026-12-31', 'too-early'],
    ['2028-01-02', 'too-late'],
    ['2099-01-01', 'too-late'],
  ])('refuses %j as %s', (input, reason) => {
    const result = validateExpiryDate(input, now, policy);
    expect(result).toMatchObject({ ok: false, errors: [{ reason }] });
    expect(!result.ok && result.errors[0]?.message).toMatch(/\S/);
  });

  it('respects a lower maximum validity', () => {
    const capped = { zone: 'UTC', maxValidityDays: 90 };
    expect(validateExpiryDate('2027-04-01', now, capped).ok).toBe(true);
    expect(validateExpiryDate('2027-04-02', now, capped)).toMatchObject({
      ok: false,
      errors: [{ reason: 'too-late' }],
    });
  });
});
