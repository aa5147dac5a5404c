// Client authentication with a signed JWT (private_key_jwt; Keycloak's JWTClientAuthenticator and
// JWTClientValidator) for clients whose clientAuthenticatorType is client-jwt. The key is the client attribute
// jwt.credential.public.key (base64 DER SubjectPublicKeyInfo, as the realm file sets it); JWKS URLs and
// certificates are not modelled. Checks and messages in Keycloak's order (seen on 26.7.3 where noted in the fact
// table): parameters, the client (from `sub`), the signature, exp, active, audience (the realm's issuer or its
// token endpoint), then jti single use. Every failure after the parameters is 400 invalid_client. A success
// adds the assertion's details to the request's events (Details.CLIENT_ASSERTION_* and the key's id, which
// Keycloak derives from the registered key when the assertion names none: seen on 26.7.3); failures' events
// are not given them here.
import { createHash } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, importSPKI } from 'jose';
import { epochSeconds } from '../clock.ts';
import { UsedOtpCodes } from '../login/totp.ts';
import type { RealmState } from '../model/realm.ts';
import type { ClientAuthResult } from './client-auth.ts';
import {
  CLIENT_ASSERTION_ID,
  CLIENT_ASSERTION_ISSUER,
  CLIENT_ASSERTION_SUB,
  CLIENT_JWT_KID,
} from './event-details.ts';
import { oauthError } from './oauth-error.ts';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const PUBLIC_KEY_ATTRIBUTE = 'jwt.credential.public.key';

/** Assertion ids seen, per realm, until their expiry (SingleUseObjectProvider). */
const usedAssertions = new WeakMap<RealmState, UsedOtpCodes>();

const refused = (
  description: string,
  rest: Partial<ClientAuthResult & { ok: false }> = {},
): ClientAuthResult => ({
  ok: false,
  eventError: 'invalid_client_credentials',
  response: oauthError(400, 'invalid_client', description),
  ...rest,
});

function claimsOf(assertion: string): ReturnType<typeof decodeJwt> | undefined {
  try {
    return decodeJwt(assertion);
  } catch {
    return undefined;
  }
}

/**
 * Whether the registered key verifies the assertion's signature. Only the signature: the claims are checked
 * after it in Keycloak's order, with its messages.
 */
async function signedBy(assertion: string, publicKey: string): Promise<boolean> {
  try {
    const key = await importSPKI(
      `-----BEGIN PUBLIC KEY-----\n${publicKey}\n-----END PUBLIC KEY-----`,
      'RS256',
    );
    await compactVerify(assertion, key, { algorithms: ['RS256'] });
    return true;
  } catch {
    return false;
  }
}

/** Whether an assertion id is seen for the first time within its lifetime (SingleUseObjectProvider). */
function claimOnce(realm: RealmState, key: string, ttlSeconds: number, now: number): boolean {
  let used = usedAssertions.get(realm);
  if (!used) usedAssertions.set(realm, (used = new UsedOtpCodes()));
  return used.claim(key, ttlSeconds, now);
}

/** What a verified assertion adds to the request's events. */
function assertionDetails(
  assertion: string,
  claims: NonNullable<ReturnType<typeof claimsOf>>,
  publicKey: string,
): Record<string, string> {
  return {
    [CLIENT_ASSERTION_ID]: claims.jti ?? '',
    [CLIENT_ASSERTION_ISSUER]: claims.iss ?? '',
    [CLIENT_ASSERTION_SUB]: claims.sub ?? '',
    [CLIENT_JWT_KID]:
      decodeProtectedHeader(assertion).kid ??
      createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('base64url'),
  };
}

export async function authenticateClientJwt(
  realm: RealmState,
  form: URLSearchParams,
  issuer: string,
): Promise<ClientAuthResult> {
  const type = form.get('client_assertion_type');
  if (type === null) return refused('Parameter client_assertion_type is missing');
  if (type !== JWT_BEARER_ASSERTION)
    return refused(
      `Parameter client_assertion_type has value '${type}' but expected is '${JWT_BEARER_ASSERTION}'`,
    );
  const assertion = form.get('client_assertion');
  if (!assertion) return refused('client_assertion parameter missing');
  const claims = claimsOf(assertion);
  if (!claims) return refused('Client authentication with signed JWT failed: Failed to parse JWT');
  const clientId = claims.sub;
  if (!clientId) return refused("Can't identify client. Subject missing on JWT token");
  const client = realm.clientByClientId(clientId);
  const unknown = { clientId, eventError: 'client_not_found' };
  if (!client) return refused('Invalid client or Invalid client credentials', unknown);
  if (!client.enabled)
    return refused('Invalid client or Invalid client credentials', {
      ...unknown,
      client,
      eventError: 'client_disabled',
    });
  const known = { client, clientId };
  const publicKey = client.attributes.get(PUBLIC_KEY_ATTRIBUTE);
  if (
    client.clientAuthenticatorType !== 'client-jwt' ||
    !publicKey ||
    !(await signedBy(assertion, publicKey))
  )
    return refused(
      'Client authentication with signed JWT failed: Signature on JWT token failed validation',
      known,
    );
  const now = epochSeconds(realm.clock);
  if (claims.exp === undefined) return refused('Token exp claim is required', known);
  if (claims.exp <= now || (claims.nbf !== undefined && claims.nbf > now))
    return refused('Token is not active', known);
  const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  const accepted = [issuer, `${issuer}/protocol/openid-connect/token`];
  if (!audiences.some((aud) => accepted.includes(aud))) return refused('Invalid token audience', known);
  if (!claims.jti) return refused('Missing ID on the token', known);
  if (!claimOnce(realm, `${clientId}:${claims.jti}`, claims.exp - now, now))
    return refused('Token reuse detected', known);
  return {
    ok: true,
    client,
    method: 'private_key_jwt',
    details: assertionDetails(assertion, claims, publicKey),
  };
}
