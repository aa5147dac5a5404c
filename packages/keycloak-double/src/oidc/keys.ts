// The realm's active RS256 signing key (Keycloak's default `rsa-generated` provider) and its JWKS.
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet } from 'jose';
import type { CryptoKey, JWK, JWTPayload, JWTVerifyResult } from 'jose';

export interface SigningKeys {
  readonly kid: string;
  sign(payload: JWTPayload, typ: string): Promise<string>;
  /** Verifies a token this realm signed: signature, and `exp`/`nbf` against `nowMs` (the realm's clock). */
  verify(token: string, nowMs: number): Promise<JWTVerifyResult>;
  jwks(): { keys: JWK[] };
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwks = { keys: [publicJwk] };
  const localSet = createLocalJWKSet(jwks);
  const key: CryptoKey = privateKey;
  return {
    kid,
    sign: (payload, typ) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ, kid }).sign(key),
    // The double runs on an injectable clock, so expiry is judged at the caller's `now`, not Date.now().
    verify: (token, nowMs) =>
      jwtVerify(token, localSet, { algorithms: ['RS256'], currentDate: new Date(nowMs) }),
    jwks: () => structuredClone(jwks),
  };
}
