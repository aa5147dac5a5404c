import { describe, expect, it } from 'vitest';
import { COUNTRIES, countryName, isCountryCode } from './countries.ts';

describe('ISO 3166-1 alpha-2 country list', () => {
  it('has exactly 249 unique, upper-case two-letter codes, each with a name', () => {
    const codes = COUNTRIES.map((country) => country.code);
    expect(codes).toHaveLength(249);
    expect(new Set(codes).size).toBe(249);
    for (const country of COUNTRIES) {
      expect(country.code).toMatch(/^[A-Z]{2}$/);
      expect(country.name.trim()).not.toBe('');
    }
  });

  it('is sorted by code so it reads like the standard', () => {
    const codes = COUNTRIES.map((country) => country.code);
    expect(codes).toEqual([...codes].sort());
  });

  it.each(['NL', 'DE', 'US', 'GB', 'SS', 'BQ', 'CW', 'SX', 'AX', 'ZW'])('includes %s', (code) => {
    expect(isCountryCode(code)).toBe(true);
  });

  it.each(['UK', 'EU', 'XK', 'AN', 'CS', 'YU', 'ZZ', 'AA', 'nl', 'NLD', ''])('excludes %j', (code) => {
    expect(isCountryCode(code)).toBe(false);
    expect(countryName(code)).toBeUndefined();
  });

  it('every code is one the runtime region data also knows', () => {
    const regions = new Intl.DisplayNames(['en'], { type: 'region' });
    const unknown = COUNTRIES.filter((country) => regions.of(country.code) === country.code);
    expect(unknown).toEqual([]);
  });

  it('gives English short names', () => {
    expect(countryName('NL')).toBe('Netherlands');
    expect(countryName('GB')).toBe('United Kingdom');
    expect(countryName('CW')).toBe('Curaçao');
  });
});
