import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkPkceRequest, verifyCodeVerifier } from './pkce.ts';

const VERIFIER = 'a'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

describe('PKCE at the authorization request', () => {
  it.each([
    [undefined, undefined, 'Missing parameter: code_challenge_method'],
    [CHALLENGE, undefined, 'Missing parameter: code_challenge_method'],
    [CHALLENGE, 'plain', 'Invalid parameter: code challenge method is not matching the configured one'],
    [undefined, 'S256', 'Missing parameter: code_challenge'],
    ['short', 'S256', 'Invalid parameter: code_challenge'],
  ] as const)(
    'given the client enforces S256, challenge %s and method %s, then %s',
    (challenge, method, description) => {
      expect(checkPkceRequest(challenge, method, 'S256')).toEqual({
        ok: false,
        error: 'invalid_request',
        description,
      });
    },
  );

  it('given the client enforces S256 and the request is right, then S256 is stored', () => {
    expect(checkPkceRequest(CHALLENGE, 'S256', 'S256')).toEqual({ ok: true, method: 'S256' });
  });

  it('given PKCE is optional, then no challenge is fine and a challenge without method means plain', () => {
    expect(checkPkceRequest(undefined, undefined, undefined)).toEqual({ ok: true });
    expect(checkPkceRequest(CHALLENGE, undefined, '')).toEqual({ ok: true, method: 'plain' });
    expect(checkPkceRequest(CHALLENGE, 'S512', undefined)).toMatchObject({
      ok: false,
      description: 'Invalid parameter: code_challenge_method',
    });
  });
});

describe('PKCE at the code exchange', () => {
  it.each([
    [VERIFIER, CHALLENGE, 'S256', { ok: true }],
    [
      'b'.repeat(43),
      CHALLENGE,
      'S256',
      {
        ok: false,
        description: 'PKCE verification failed: Code mismatch',
        eventError: 'pkce_verification_failed',
      },
    ],
    [
      undefined,
      CHALLENGE,
      'S256',
      { ok: false, description: 'PKCE code verifier not specified', eventError: 'code_verifier_missing' },
    ],
    [
      'short',
      CHALLENGE,
      'S256',
      {
        ok: false,
        description: 'PKCE verification failed: Invalid code verifier',
        eventError: 'invalid_code_verifier',
      },
    ],
    [
      VERIFIER,
      undefined,
      undefined,
      {
        ok: false,
        description: 'PKCE code verifier specified but challenge not present in authorization',
        eventError: 'invalid_code_verifier',
      },
    ],
    [VERIFIER, VERIFIER, 'plain', { ok: true }],
    [undefined, undefined, undefined, { ok: true }],
  ] as const)(
    'given verifier %s against challenge %s (%s), then %o',
    (verifier, challenge, method, expected) => {
      expect(verifyCodeVerifier(verifier, challenge, method)).toEqual(expected);
    },
  );
});
