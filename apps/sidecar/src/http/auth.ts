// Authentication (docs/architecture.md#authentication): a bearer access token from the admin SPA,
// verified with jose against the realm's JWKS, then checked claim by claim. Failures are 401 (no or bad
// token) or 403 (no multi-factor login).
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTVerifyGetKey } from 'jose';
import type { RequestHandler } from 'express';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import { principalFromClaims, setPrincipal } from './principal.ts';
import type { Principal } from './principal.ts';
import { mfaRequired, unauthenticated } from './problems.ts';

export interface TokenVerifierOptions {
  /** `{KEYCLOAK_URL}/realms/{REALM}`. */
  issuer: string;
  /** The realm's JWKS; ignored when `keys` is given. */
  jwksUrl: string;
  /** Audience the token must contain. */
  audience: string;
  /** The admin SPA's client ID: the token's `azp`. */
  consoleClientId: string;
  /** The `acr` of a multi-factor login. */
  mfaAcr: string;
  operatorRole: string;
  clock: () => Date;
  /** Timeout of a JWKS fetch. */
  timeoutMs?: number;
  /** A key source other than the remote JWKS (e.g. a local key set). */
  keys?: JWTVerifyGetKey;
}

/** Verifies an access token and returns its principal; throws ApiError (401/403) or KeycloakUnavailableError. */
export type TokenVerifier = (token: string) => Promise<Principal>;

// Tolerates small clock differences between Keycloak and the sidecar on exp/nbf/iat.
const CLOCK_TOLERANCE_SECONDS = 5;

function rejection(error: unknown): Error {
  if (error instanceof errors.JWTExpired)
    return unauthenticated('The access token has expired.', { invalidToken: true, cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') {
      const what = error.claim === 'sub' ? 'a subject' : `the ${error.claim} claim`;
      return unauthenticated(`The access token lacks ${what}.`, { invalidToken: true, cause: error });
    }
    return unauthenticated(`The access token's ${error.claim} claim is not accepted.`, {
      invalidToken: true,
      cause: error,
    });
  }
  // The key set could not be fetched: Keycloak's fault, not the token's, and worth a retry.
  if (
    error instanceof errors.JWKSTimeout ||
    !(error instanceof errors.JOSEError) ||
    error.code === 'ERR_JOSE_GENERIC'
  ) {
    return new KeycloakUnavailableError('The realm key set could not be fetched', { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return unauthenticated('The access token signature is not valid.', { invalidToken: true, cause: error });
  }
  return unauthenticated('The access token is malformed or not accepted.', {
    invalidToken: true,
    cause: error,
  });
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(options.jwksUrl), {
      timeoutDuration: options.timeoutMs ?? 5000,
      // A key rotation in Keycloak shows up as an unknown `kid`; refetch at most every 30 s.
      cooldownDuration: 30_000,
    });
  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        currentDate: options.clock(),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        // Keycloak always sets them; a token without them is not one of its access tokens (defence in depth).
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      throw rejection(error);
    }
    // Keycloak marks access tokens `typ: Bearer`; ID and refresh tokens of the same realm carry other types.
    if (payload.typ !== 'Bearer') {
      throw unauthenticated('The token is not an access token.', { invalidToken: true });
    }
    if (payload.azp !== options.consoleClientId) {
      throw unauthenticated('The access token was not issued to the credman console.', {
        invalidToken: true,
      });
    }
    const principal = principalFromClaims(payload, { operatorRole: options.operatorRole });
    if (principal === undefined)
      throw unauthenticated('The access token lacks a subject.', { invalidToken: true });
    // Only the exact MFA level passes: a missing or lower level (e.g. a password-only login) needs a step-up.
    if (principal.acr !== options.mfaAcr) throw mfaRequired(options.mfaAcr);
    return principal;
  };
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Requires a valid bearer token and records the principal for principalOf(req). */
export function authenticate(verify: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (header === undefined || !/^Bearer\b/i.test(header)) {
      throw unauthenticated('Send an access token as Authorization: Bearer <token>.');
    }
    const token = BEARER.exec(header)?.[1];
    if (token === undefined)
      throw unauthenticated('The Authorization header is malformed.', { invalidToken: true });
    setPrincipal(req, await verify(token));
    next();
  };
}
