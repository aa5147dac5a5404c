import { describe, expect, it } from 'vitest';
import { AdminHttpError } from './errors.ts';
import {
  applyPage,
  fieldMatcher,
  parseDirection,
  parseEventDate,
  parsePage,
  parseSearchQuery,
  userSearchMatcher,
} from './query.ts';

describe('admin query parsing', () => {
  it('given q with bare and quoted pairs, then each key maps to its value', () => {
    const fields = parseSearchQuery('a:1  "b c":"x \\"y\\" z" d:e:f');
    expect([...fields]).toEqual([
      ['a', '1'],
      ['b c', 'x "y" z'],
      ['d', 'e:f'],
    ]);
  });

  it('given q with malformed tokens, then they are skipped', () => {
    expect([...parseSearchQuery('novalue: justtext k:v "open:x')]).toEqual([['k', 'v']]);
  });

  it('given first/max, then paging slices; no max and no default means no limit', () => {
    const items = [1, 2, 3, 4, 5];
    expect(applyPage(items, parsePage('1', '2', undefined))).toEqual([2, 3]);
    expect(applyPage(items, parsePage(undefined, undefined, undefined))).toEqual(items);
    expect(applyPage(items, parsePage('-1', undefined, 3))).toEqual([1, 2, 3]);
  });

  it('given event dates as yyyy-MM-dd or epoch ms, then from is the day start and to the day end in UTC', () => {
    expect(parseEventDate('2027-01-02', 'dateFrom')).toBe(Date.UTC(2027, 0, 2));
    expect(parseEventDate('2027-01-02', 'dateTo')).toBe(Date.UTC(2027, 0, 3) - 1);
    expect(parseEventDate('1798000000000', 'dateFrom')).toBe(1798000000000);
    expect(parseEventDate(undefined, 'dateTo')).toBeUndefined();
  });

  it('given a bad date or direction, then a 400 names the parameter', () => {
    for (const [call, message] of [
      [
        () => parseEventDate('2027-13-40', 'dateFrom'),
        "Invalid value for 'dateFrom', expected format is yyyy-MM-dd or an Epoch timestamp",
      ],
      [
        () => parseEventDate('yesterday', 'dateTo'),
        "Invalid value for 'dateTo', expected format is yyyy-MM-dd or an Epoch timestamp",
      ],
      [() => parseDirection('up'), 'Invalid value for sortDirection, expected value is asc or desc'],
    ] as const) {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(AdminHttpError);
        expect((error as AdminHttpError).status).toBe(400);
        expect((error as AdminHttpError).body).toEqual({ error: message });
      }
    }
    expect(parseDirection(undefined)).toBe('desc');
  });

  it('given a user search, then plain is a prefix, * a wildcard and quotes exact, ignoring case', () => {
    expect(userSearchMatcher('ali')('Alice')).toBe(true);
    expect(userSearchMatcher('lic')('alice')).toBe(false);
    expect(userSearchMatcher('*lic*')('alice')).toBe(true);
    expect(userSearchMatcher('"alice"')('ALICE')).toBe(true);
    expect(userSearchMatcher('"alic"')('alice')).toBe(false);
    expect(userSearchMatcher('a.c')('abc')).toBe(false);
  });

  it('given a field filter, then exact compares whole values and otherwise a substring matches', () => {
    expect(fieldMatcher('lic', false)('alice')).toBe(true);
    expect(fieldMatcher('lic', true)('alice')).toBe(false);
    expect(fieldMatcher('Alice', true)('alice')).toBe(true);
  });
});
