import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_TYPE_PREFIX, PROBLEMS, problemCodeOf, problemType } from './problems.ts';

describe('API problem codes', () => {
  it('lists every code once, in kebab case', () => {
    expect(PROBLEM_CODES).toEqual(Object.keys(PROBLEMS));
    expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length);
    for (const code of PROBLEM_CODES) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('gives each code an error status and a title', () => {
    for (const code of PROBLEM_CODES) {
      const { status, title } = PROBLEMS[code];
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(title.trim()).not.toBe('');
    }
  });

  it.each([
    ['validation-failed', 400],
    ['unauthenticated', 401],
    ['mfa-required', 403],
    ['operator-required', 403],
    ['not-found', 404],
    ['secret-not-found', 404],
    ['secret-limit', 409],
    ['conflict', 409],
    ['rate-limited', 429],
    ['keycloak-unavailable', 503],
  ] as const)('%s answers with HTTP %i', (code, status) => {
    expect(PROBLEMS[code].status).toBe(status);
  });

  it('builds URN problem types and reads them back', () => {
    expect(problemType('secret-limit')).toBe('urn:credman:problem:secret-limit');
    for (const code of PROBLEM_CODES) expect(problemCodeOf(problemType(code))).toBe(code);
  });

  it.each([
    'about:blank',
    'urn:credman:problem:',
    'urn:credman:problem:no-such-code',
    'urn:other:problem:conflict',
    'secret-limit',
  ])('does not read %j as a credman problem', (type) => {
    expect(problemCodeOf(type)).toBeUndefined();
  });

  it('does not mistake inherited object keys for codes', () => {
    expect(problemCodeOf(`${PROBLEM_TYPE_PREFIX}toString`)).toBeUndefined();
    expect(problemCodeOf(`${PROBLEM_TYPE_PREFIX}constructor`)).toBeUndefined();
  });
});
