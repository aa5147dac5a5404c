// PKCE (RFC 7636) as Keycloak checks it: the authorization request (AuthorizationEndpointChecker.checkPKCEParams)
// and the code exchange (PkceUtils, AuthorizationCodeGrantType). Messages are Keycloak's.
import { createHash } from 'node:crypto';

const VALID = /^[0-9a-zA-Z\-._~]+$/;

/** A code_challenge or code_verifier of 43–128 unreserved characters. */
function wellFormed(value: string): boolean {
  return value.length >= 43 && value.length <= 128 && VALID.test(value);
}

export interface PkceRequestError {
  error: 'invalid_request';
  description: string;
}

/**
 * Checks code_challenge / code_challenge_method of an authorization request. `enforcedMethod` is the client's
 * `pkce.code.challenge.method` attribute (empty = PKCE optional). Returns the method to store, or an error.
 */
export function checkPkceRequest(
  challenge: string | undefined,
  method: string | undefined,
  enforcedMethod: string | undefined,
): { ok: true; method?: string } | ({ ok: false } & PkceRequestError) {
  const fail = (description: string) => ({
    ok: false as const,
    error: 'invalid_request' as const,
    description,
  });
  if (enforcedMethod !== undefined && enforcedMethod !== '') {
    if (method === undefined) return fail('Missing parameter: code_challenge_method');
    if (method !== enforcedMethod)
      return fail('Invalid parameter: code challenge method is not matching the configured one');
    if (challenge === undefined) return fail('Missing parameter: code_challenge');
    if (!wellFormed(challenge)) return fail('Invalid parameter: code_challenge');
    return { ok: true, method };
  }
  if (challenge === undefined && method !== undefined) return fail('Missing parameter: code_challenge');
  if (challenge === undefined) return { ok: true };
  if (method !== undefined && method !== 'S256' && method !== 'plain')
    return fail('Invalid parameter: code_challenge_method');
  if (!wellFormed(challenge)) return fail('Invalid parameter: code_challenge');
  return { ok: true, method: method ?? 'plain' };
}

export type PkceExchangeResult = { ok: true } | { ok: false; description: string; eventError: string };

/** Verifies the token request's code_verifier against what the authorization request stored. */
export function verifyCodeVerifier(
  verifier: string | undefined,
  challenge: string | undefined,
  method: string | undefined,
): PkceExchangeResult {
  if (challenge === undefined) {
    if (verifier === undefined) return { ok: true };
    return {
      ok: false,
      description: 'PKCE code verifier specified but challenge not present in authorization',
      eventError: 'invalid_code_verifier',
    };
  }
  if (verifier === undefined)
    return {
      ok: false,
      description: 'PKCE code verifier not specified',
      eventError: 'code_verifier_missing',
    };
  if (!wellFormed(verifier))
    return {
      ok: false,
      description: 'PKCE verification failed: Invalid code verifier',
      eventError: 'invalid_code_verifier',
    };
  const computed =
    method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  if (computed !== challenge)
    return {
      ok: false,
      description: 'PKCE verification failed: Code mismatch',
      eventError: 'pkce_verification_failed',
    };
  return { ok: true };
}
