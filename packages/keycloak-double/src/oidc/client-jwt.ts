// Client authentication with a signed JWT (private_key_jwt; Keycloak's JWTClientAuthenticator and
// JWTClientValidator) for clients whose clientAuthenticatorType is client-jwt. The key is the client attribute
// jwt.credential.public.key (base64 DER SubjectPublicKeyInfo, as the realm file sets it); JWKS URLs and
// certificates are not modelled. Checks and messages in Keycloak's order (seen on 26.7.3 where noted in the fact
// table): parameters, the client (from `sub`), the signature, exp, active, audience (the realm's issuer or its
// token endpoint), then jti single use. Every failure after the parameters is 400 invalid_client.
import { compactVerify, decodeJwt, importSPKI } from 'jose';
import { epochSeconds } from '../clock.ts';
import { UsedOtpCodes } from '../login/totp.ts';
import type { RealmState } from '../model/realm.ts';
import type { ClientAuthResult } from './client-auth.ts';
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
  if (client.clientAuthenticatorType !== 'client-jwt' || !publicKey)
    return refused(
      'Client authentication with signed JWT failed: Signature on JWT token failed validation',
      known,
    );
  try {
    const key = await importSPKI(
      `-----BEGIN PUBLIC KEY-----\n${publicKey}\n-----END PUBLIC KEY-----`,
      'RS256',
    );
    // Only the signature here: the claims are checked below in Keycloak's order, with its messages.
    await compactVerify(assertion, key, { algorithms: ['RS256'] });
  } catch {
    return refused(
      'Client authentication with signed JWT failed: Signature on JWT token failed validation',
      known,
    );
  }
  const now = epochSeconds(realm.clock);
  if (claims.exp === undefined) return refused('Token exp claim is required', known);
  if (claims.exp <= now || (claims.nbf !== undefined && claims.nbf > now))
    return refused('Token is not active', known);
  const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  const accepted = [issuer, `${issuer}/protocol/openid-connect/token`];
  if (!audiences.some((aud) => accepted.includes(aud))) return refused('Invalid token audience', known);
  if (!claims.jti) return refused('Missing ID on the token', known);
  let used = usedAssertions.get(realm);
  if (!used) usedAssertions.set(realm, (used = new UsedOtpCodes()));
  if (!used.claim(`${clientId}:${claims.jti}`, claims.exp - now, now))
    return refused('Token reuse detected', known);
  return { ok: true, client, method: 'private_key_jwt' };
}
