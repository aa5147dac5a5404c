import { describe, expect, it } from 'vitest';
import {
  cleanDisplayText,
  displaySkeleton,
  displayTextMessage,
  personName,
  visibleText,
  MAX_COMBINING_MARKS,
  PERSON_NAME_MAX_LENGTH,
} from './display-text.ts';
import { validateSecretName } from './secret-policy.ts';

describe('cleanDisplayText', () => {
  it('normalises to NFC, so a decomposed é and a composed é are the same text', () => {
    expect(cleanDisplayText('Cafe\u0301').value).toBe('Caf\u00e9');
    expect(cleanDisplayText('Cafe\u0301').problems).toEqual([]);
  });

  it('writes every kind of space as one ASCII space and trims', () => {
    expect(cleanDisplayText('\u00a0CI\u2003\u2003staging\u3000').value).toBe('CI staging');
  });

  it.each([
    ['zero-width space', 'ab\u200Bc', 'invisible-character'],
    ['Hangul filler', 'ab\u3164', 'invisible-character'],
    ['half-width Hangul filler', 'a\uFFA0b', 'invisible-character'],
    ['lone zero-width joiner', 'a\u200Db', 'invisible-character'],
    ['zero-width joiner at the end of an emoji', '👩\u200D', 'invisible-character'],
    ['tag characters', 'flag\u{E0067}\u{E0062}', 'invisible-character'],
    ['soft hyphen', 'in\u00ADvisible', 'invisible-character'],
    ['private use', 'a\uE000', 'invisible-character'],
    ['byte-order mark', 'na\uFEFFme', 'invisible-character'],
    ['line separator', 'Name\u2028Created by: someone else', 'line-separator'],
    ['paragraph separator', 'a\u2029b', 'line-separator'],
    ['line feed', 'a\nb', 'control-character'],
    ['right-to-left override', 'a\u202Eb', 'control-character'],
    ['60 combining marks', `a${'\u0301'.repeat(60)}`, 'too-many-combining-marks'],
    // Default_Ignorable_Code_Point: shown as nothing, so `prod-key` and `prod-key` + U+034F look the same.
    ['combining grapheme joiner', 'prod-key\u034F', 'invisible-character'],
    ['text presentation selector', 'prod\uFE0E-key', 'invisible-character'],
    ['variation selector supplement', 'prod-key\u{E0100}', 'invisible-character'],
    ['Khmer inherent vowel', 'prod\u17B4-key', 'invisible-character'],
    ['Mongolian free variation selector', 'prod-key\u180B', 'invisible-character'],
    ['emoji selector after a letter', 'key\uFE0F', 'invisible-character'],
  ])('refuses a %s', (_what, raw, problem) => {
    expect(cleanDisplayText(raw).problems).toEqual([problem]);
  });

  it.each([
    ['an emoji sequence joined by zero-width joiners', 'dev 👩‍💻 and 👨🏽‍🚀 and 🏳️‍🌈'],
    ['letters of many scripts and punctuation', 'CI – staging (ß, 東京, Ελλάδα, Україна) #2'],
    [`a letter with ${MAX_COMBINING_MARKS} combining marks`, 'a\u0301\u0302\u0303'],
    ['Vietnamese', 'Tiếng Việt'],
    ['an emoji with its presentation selector', 'love ❤️ and ☁️'],
  ])('accepts %s', (_what, raw) => {
    expect(cleanDisplayText(raw).problems).toEqual([]);
  });

  it('reports each kind of problem once, in a stable order', () => {
    expect(cleanDisplayText('\u200Ba\u200Bb\nc\u2028d').problems).toEqual([
      'control-character',
      'line-separator',
      'invisible-character',
    ]);
  });

  it('has a sentence for every problem, naming the field', () => {
    expect(displayTextMessage('invisible-character', 'The notes')).toMatch(
      /^The notes may not contain invisible/,
    );
  });
});

describe('visibleText', () => {
  it('drops what would be refused and keeps the rest', () => {
    expect(visibleText('Ada\u200B \u3164Love\u2028lace')).toBe('Ada Lovelace');
  });
});

describe('validateSecretName with display-text rules', () => {
  it('keeps the NFC form of the name', () => {
    expect(validateSecretName(' Cafe\u0301 ')).toEqual({ ok: true, value: 'Caf\u00e9' });
  });

  it.each([
    ['\u200B', 'invisible-character'],
    ['\u3164', 'invisible-character'],
    ['Deploy\u2028Created by: Mallory', 'line-separator'],
    [`x${'\u0300'.repeat(20)}`, 'too-many-combining-marks'],
  ])('refuses %j as %s', (raw, reason) => {
    expect(validateSecretName(`name ${raw}`)).toMatchObject({ ok: false, errors: [{ reason }] });
  });
});

describe('displaySkeleton', () => {
  it.each([
    ['Cyrillic letters', 'prod-key', '\u0440rod-k\u0435y'],
    ['Greek omicron and a capital I', 'Iogin', 'l\u03BFgin'],
    ['case and spaces', 'Prod Key', 'prodkey'],
    ['accents and full-width letters', 'cafe', '\uFF43af\u00E9'],
    ['a digit zero and a dash', 'prod-key-0', 'prod\u2013key-o'],
  ])('makes look-alikes equal: %s', (_what, one, other) => {
    expect(displaySkeleton(one)).toBe(displaySkeleton(other));
  });

  it('keeps names that look different apart', () => {
    expect(displaySkeleton('prod-key')).not.toBe(displaySkeleton('prod-key-2'));
    expect(displaySkeleton('mail')).not.toBe(displaySkeleton('mall'));
  });
});

describe('personName', () => {
  it.each([
    [
      'a line break that would forge a mail header',
      'Mallory\r\nBcc: everyone@example.org',
      'Mallory Bcc: everyone@example.org',
    ],
    ['a right-to-left override', 'Mallory\u202Egpj.exe', 'Mallorygpj.exe'],
    ['default-ignorable characters', 'Al\u034Fice\u{E0100}', 'Alice'],
    // q has no precomposed accented form, so all 40 marks stay marks after NFC.
    ['stacked combining marks', `Zaq${'\u0301'.repeat(40)}go`, 'Zaq\u0301\u0301\u0301go'],
    ['a line separator', 'Alice\u2028Operator', 'Alice Operator'],
  ])('keeps a name with %s readable and safe, never refusing it', (_what, raw, shown) => {
    expect(personName(raw)).toBe(shown);
    expect(cleanDisplayText(personName(raw)).problems).toEqual([]);
  });

  it('cuts a name to its maximum length and leaves nothing for a name of only invisible characters', () => {
    expect(Array.from(personName('x'.repeat(500)))).toHaveLength(PERSON_NAME_MAX_LENGTH);
    expect(personName('\u200B\u3164')).toBe('');
    expect(personName('José 東京 👩‍💻')).toBe('José 東京 👩‍💻');
  });
});
