import { describe, expect, it } from 'vitest';
import { FILTERS, parseFilter } from './list-filter.ts';

describe('list filter', () => {
  it('given a URL value, then only a known filter is taken', () => {
    expect(parseFilter('expired')).toBe('expired');
    expect(parseFilter('sandbox')).toBe('sandbox');
    expect(parseFilter('everything')).toBeUndefined();
    expect(parseFilter(null)).toBeUndefined();
    expect(FILTERS).toEqual([
      'no-live-secret',
      'expiring-without-successor',
      'expired',
      'fewer-than-two-managers',
      'sandbox',
    ]);
  });
});
