import { describe, expect, it } from 'vitest';
import {
  APPLICATION_DESCRIPTION_MAX_LENGTH,
  validateApplicationDescription,
} from './application-description.ts';

describe('validateApplicationDescription', () => {
  it('normalises to NFC and one kind of space, trimmed', () => {
    expect(validateApplicationDescription('\u00a0Cafe\u0301\u2003orders ')).toEqual({
      ok: true,
      value: 'Caf\u00e9 orders',
    });
  });

  it('treats a description that cleans to nothing as none', () => {
    expect(validateApplicationDescription(' \u3000 ')).toEqual({ ok: true, value: undefined });
  });

  it.each([
    ['a line separator that would forge a mail line', 'Orders\u2028Created by: someone', 'line-separator'],
    ['a zero-width space', 'Ord\u200Bers', 'invisible-character'],
    ['a line break', 'Orders\nmore', 'control-character'],
    ['stacked combining marks', `O${'\u0301'.repeat(10)}`, 'too-many-combining-marks'],
  ])('refuses %s', (_what, raw, reason) => {
    const result = validateApplicationDescription(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.reason)).toEqual([reason]);
  });

  it('counts code points: the maximum of emoji passes, one more is too long', () => {
    expect(validateApplicationDescription('🚀'.repeat(APPLICATION_DESCRIPTION_MAX_LENGTH)).ok).toBe(true);
    const result = validateApplicationDescription('a'.repeat(APPLICATION_DESCRIPTION_MAX_LENGTH + 1));
    expect(result.ok ? [] : result.errors.map((e) => e.reason)).toEqual(['too-long']);
  });
});
