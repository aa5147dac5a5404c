import { describe, expect, it } from 'vitest';
import { decodeDue, dueEntryStale, encodeDue } from './due-attribute.ts';

const at = (iso: string) => Date.parse(iso);

describe('the stored text of credman.due', () => {
  it('is 13 zero-padded digits, so that string order is time order, and empty when nothing is due', () => {
    expect(encodeDue(1)).toBe('0000000000001');
    expect(encodeDue(at('2027-06-30T00:00:00Z'))).toBe('1814313600000');
    expect(encodeDue(999) < encodeDue(1000)).toBe(true);
    expect(encodeDue(undefined)).toBe('');
  });
  it('decodes only what credman writes', () => {
    expect(decodeDue('1814313600000')).toBe(at('2027-06-30T00:00:00Z'));
    expect(decodeDue(undefined)).toBeUndefined();
    expect(decodeDue('soon')).toBeUndefined();
    expect(decodeDue('12')).toBeUndefined();
  });
  it('is stale when missing, different or not credman text; two instants already due agree', () => {
    const now = at('2027-06-01T00:00:00Z');
    const past = encodeDue(now - 10);
    const earlier = encodeDue(now - 99);
    const future = encodeDue(now + 10);
    expect(dueEntryStale(undefined, future, now)).toBe(true);
    expect(dueEntryStale(future, undefined, now)).toBe(true);
    expect(dueEntryStale(past, future, now)).toBe(true);
    expect(dueEntryStale('soon', undefined, now)).toBe(true);
    expect(dueEntryStale(future, future, now)).toBe(false);
    expect(dueEntryStale(undefined, undefined, now)).toBe(false);
    expect(dueEntryStale(earlier, past, now)).toBe(false);
  });
});
