// Contract: client authentication with a signed JWT (private_key_jwt, Keycloak's client-jwt authenticator), as
// the sidecar uses it (docs/architecture.md#the-sidecars-service-account). The client is registered with its RSA
// public key in the attribute jwt.credential.public.key, as the realm file registers credman-sidecar's.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import type { CryptoKey } from 'jose';
import { startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { uniqueClientId } from './admin-fixtures.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let target: ContractTarget;
let clientId: string;
let clientUuid: string;
let privateKey: CryptoKey;
/** The registered public key, base64 SubjectPublicKeyInfo DER. */
let spki: string;

beforeAll(async () => {
  target = await startContractTarget();
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  spki = (await exportSPKI(pair.publicKey)).replace(/-----[A-Z ]+-----|\s/g, '');
  clientId = uniqueClientId('Partner-XX-Contract-Jwt');
  ({ id: clientUuid } = await (
    await target.admin()
  ).clients.create({
    clientId,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    clientAuthenticatorType: 'client-jwt',
    attributes: { 'jwt.credential.public.key': spki },
  }));
});

afterAll(async () => {
  await (await target.admin()).clients.del({ id: clientUuid });
  await target.close();
});

interface Claims {
  aud?: string;
  exp?: number | null;
  iat?: number;
  jti?: string;
}

async function assertion(claims: Claims = {}, key: CryptoKey = privateKey): Promise<string> {
  const now = Math.floor(target.now() / 1000);
  const jwt = new SignJWT({ jti: claims.jti ?? randomUUID() })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(claims.aud ?? target.issuer)
    .setIssuedAt(claims.iat ?? now);
  if (claims.exp !== null) jwt.setExpirationTime(claims.exp ?? now + 60);
  return jwt.sign(key);
}

async function tokenRequest(
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${target.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const withAssertion = (jwt: string) =>
  tokenRequest({ client_assertion_type: JWT_BEARER, client_assertion: jwt });

describe('client authentication with a signed JWT (contract)', () => {
  it('given an assertion signed with the registered key for the realm issuer, then it gets a token once; the same assertion again is refused (jti single use)', async () => {
    const jwt = await assertion();
    const first = await withAssertion(jwt);
    expect(first.status).toBe(200);
    expect(typeof first.body['access_token']).toBe('string');
    expect(await withAssertion(jwt)).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'Token reuse detected' },
    });
  });

  it("given a login with an assertion, then its CLIENT_LOGIN event carries Keycloak's client-jwt details", async () => {
    const jti = randomUUID();
    expect((await withAssertion(await assertion({ jti }))).status).toBe(200);
    const [event] = await (
      await target.admin()
    ).realms.findEvents({ realm: target.realm, client: clientId, type: 'CLIENT_LOGIN', max: 1 });
    const { token_id: tokenId, ...details } = event?.details ?? {};
    expect(typeof tokenId).toBe('string');
    expect(details).toEqual({
      grant_type: 'client_credentials',
      client_auth_method: 'client-jwt',
      client_assertion_id: jti,
      client_assertion_issuer: clientId,
      client_assertion_sub: clientId,
      // The assertion names no key (no `kid` header): Keycloak names the registered one by its SHA-256.
      client_jwt_kid: createHash('sha256').update(Buffer.from(spki, 'base64')).digest('base64url'),
      scope: expect.any(String) as unknown,
      username: `service-account-${clientId.toLowerCase()}`,
    });
  });

  it('given the token endpoint as audience, then the assertion is accepted too', async () => {
    const jwt = await assertion({ aud: `${target.issuer}/protocol/openid-connect/token` });
    expect((await withAssertion(jwt)).status).toBe(200);
  });

  it("given another key, another audience, an expired or exp-less assertion, or the client's secret form, then 400 invalid_client with Keycloak's reason", async () => {
    const now = Math.floor(target.now() / 1000);
    const other = (await generateKeyPair('RS256')).privateKey;
    const cases: [string, Promise<{ status: number; body: Record<string, unknown> }>, string][] = [
      [
        'other key',
        withAssertion(await assertion({}, other)),
        'Client authentication with signed JWT failed: Signature on JWT token failed validation',
      ],
      [
        'other audience',
        withAssertion(await assertion({ aud: 'https://other.example' })),
        'Invalid token audience',
      ],
      ['expired', withAssertion(await assertion({ iat: now - 120, exp: now - 60 })), 'Token is not active'],
      ['no exp', withAssertion(await assertion({ exp: null })), 'Token exp claim is required'],
      [
        'a secret instead',
        tokenRequest({ client_id: clientId, client_secret: 'anything' }),
        'Parameter client_assertion_type is missing',
      ],
    ];
    for (const [what, pending, description] of cases)
      expect([what, await pending]).toEqual([
        what,
        { status: 400, body: { error: 'invalid_client', error_description: description } },
      ]);
  });
});
