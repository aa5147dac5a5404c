import { describe, expect, it } from 'vitest';
import {
  describePlaceholder,
  findPlaceholders,
  PlaceholderRecursionError,
  resolvePlaceholders,
} from './placeholders.ts';

describe('resolvePlaceholders (Keycloak StringPropertyReplacer semantics)', () => {
  it('replaces a set variable and keeps an unset one without default literally', () => {
    expect(resolvePlaceholders('"${HOST}" "${MISSING}"', { HOST: 'mail.example.org' })).toBe(
      '"mail.example.org" "${MISSING}"',
    );
  });

  it('uses the text after the first colon as default, including empty and colon-containing defaults', () => {
    expect(resolvePlaceholders('${URL:http://localhost:8080}', {})).toBe('http://localhost:8080');
    expect(resolvePlaceholders('[${USER:}]', {})).toBe('[]');
    expect(resolvePlaceholders('${URL:http://localhost:8080}', { URL: 'https://credman.example.org' })).toBe(
      'https://credman.example.org',
    );
  });

  it('treats a set-but-empty variable as set', () => {
    expect(resolvePlaceholders('[${PORT:25}]', { PORT: '' })).toBe('[]');
  });

  it('tries alternatives in order, then the default, then leaves the text', () => {
    expect(resolvePlaceholders('${A,B:d}', { A: 'a', B: 'b' })).toBe('a');
    expect(resolvePlaceholders('${A,B:d}', { B: 'b' })).toBe('b');
    expect(resolvePlaceholders('${A,B:d}', {})).toBe('d');
    expect(resolvePlaceholders('${A,B}', { B: 'b' })).toBe('b');
    expect(resolvePlaceholders('${A,B}', {})).toBe('${A,B}');
    expect(resolvePlaceholders('${,B}', { B: 'b' })).toBe('b');
    // Only the first comma splits: the second alternative is "B,C" as one name.
    expect(resolvePlaceholders('${A,B,C}', { C: 'c' })).toBe('${A,B,C}');
  });

  it('looks the whole expression up first, as Keycloak does', () => {
    expect(resolvePlaceholders('${A:x}', { 'A:x': 'whole' })).toBe('whole');
  });

  it('keeps ${}, ${:x} and "$" not followed by "{" literally; maps ${/} and ${:} to separators', () => {
    expect(resolvePlaceholders('${} ${:x} $5 $${A}', { A: 'a', x: 'no' })).toBe('${} ${:x} $5 $${A}');
    expect(resolvePlaceholders('${/}${:}', {})).toBe('/:');
  });

  it('resolves nested expressions inside-out', () => {
    expect(resolvePlaceholders('${A:${B}}', { B: 'b' })).toBe('b');
    expect(resolvePlaceholders('${A:${B}}', {})).toBe('${B}');
    expect(resolvePlaceholders('${NAME_${ENV}}', { ENV: 'prod', NAME_prod: 'p' })).toBe('p');
    expect(resolvePlaceholders('${NAME_${ENV}}', { ENV: 'dev' })).toBe('${NAME_dev}');
  });

  it('resolves placeholders inside values, and refuses a self-reference', () => {
    expect(resolvePlaceholders('${A}', { A: 'x-${B}', B: 'b' })).toBe('x-b');
    expect(() => resolvePlaceholders('${A}', { A: '${A}' })).toThrow(PlaceholderRecursionError);
  });

  it('copies an unclosed expression and a trailing "$" as they are', () => {
    expect(resolvePlaceholders('x ${A:1', {})).toBe('x ${A:1');
    expect(resolvePlaceholders('cost $', {})).toBe('cost $');
  });

  it('does not find Object.prototype members as variables', () => {
    expect(resolvePlaceholders('${constructor}', {})).toBe('${constructor}');
  });

  it('inserts values unescaped, so a quote breaks JSON (documented limitation)', () => {
    const text = resolvePlaceholders('{"secret":"${S}"}', { S: 'a"b' });
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });
});

describe('findPlaceholders / describePlaceholder', () => {
  it('lists expressions with their variable names and defaults', () => {
    expect(findPlaceholders('${A} and ${B,C:d}').map((p) => [p.names, p.defaultValue])).toEqual([
      [['A'], undefined],
      [['B', 'C'], 'd'],
    ]);
  });

  it('lists nested expressions too', () => {
    expect(findPlaceholders('${A:${B}}').map((p) => p.expression)).toEqual(['B', 'A:${B}']);
  });

  it('does not take a colon at position 0 as a default', () => {
    expect(describePlaceholder(':x')).toEqual({ expression: ':x', names: [':x'], defaultValue: undefined });
  });
});
