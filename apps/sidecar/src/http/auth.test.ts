import { UnsecuredJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW_SECONDS, newKeyPair, serveJwks, signToken, testApp, validClaims } from '../test/fixtures.ts';
import type { JwksServer, KeyPair } from '../test/fixtures.ts';

let key: KeyPair;
let otherKeySameKid: KeyPair;
let otherKid: KeyPair;
let jwks: JwksServer;
let app: ReturnType<typeof testApp>['app'];

beforeAll(async () => {
  [key, otherKeySameKid, otherKid] = await Promise.all([
    newKeyPair('k1'),
    newKeyPair('k1'),
    newKeyPair('k2'),
  ]);
  jwks = await serveJwks([key]);
  ({ app } = testApp({ jwksUrl: jwks.url }));
});

afterAll(async () => {
  await jwks.close();
});

const me = (authorization?: string) => {
  const req = request(app).get('/api/me');
  return authorization === undefined ? req : req.set('Authorization', authorization);
};

function expectUnauthenticated(response: request.Response, detail: RegExp, invalidToken = true) {
  expect(response.status).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: 'urn:credman:problem:unauthenticated', status: 401 });
  expect((response.body as { detail: string }).detail).toMatch(detail);
  const challenge = response.headers['www-authenticate'];
  expect(challenge).toMatch(/^Bearer realm="credman"/);
  if (invalidToken) expect(challenge).toContain('error="invalid_token"');
  else expect(challenge).not.toContain('error=');
}

describe('authentication of /api requests', () => {
  it('given a valid MFA token of a manager, when GET /api/me, then it answers the principal', async () => {
    const response = await me(`Bearer ${await signToken(key)}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: 'user-1',
      username: 'mia',
      name: 'Mia Manager',
      email: 'mia@example.com',
      isOperator: false,
      acr: 'mfa',
      managedClientIds: ['Partner-DE-Acme-SMC'],
      expiryPolicy: { zone: 'UTC' },
    });
  });

  it('given no Authorization header, then 401 with a plain Bearer challenge', async () => {
    expectUnauthenticated(await me(), /Authorization: Bearer/, false);
  });

  it('given another scheme (Basic), then 401 with a plain Bearer challenge', async () => {
    expectUnauthenticated(await me('Basic dXNlcjpwYXNz'), /Authorization: Bearer/, false);
  });

  it('given a Bearer header with characters no token has, then 401 invalid_token', async () => {
    expectUnauthenticated(await me('Bearer a b c'), /malformed/);
  });

  it('given a malformed token, then 401 invalid_token', async () => {
    expectUnauthenticated(await me('Bearer not-a-jwt'), /malformed/);
  });

  it('given an unsigned token (alg none), then 401', async () => {
    const unsigned = new UnsecuredJWT(validClaims()).encode();
    expectUnauthenticated(await me(`Bearer ${unsigned}`), /not accepted|malformed/);
  });

  it('given a token signed by another key with the same kid, then 401 bad signature', async () => {
    expectUnauthenticated(await me(`Bearer ${await signToken(otherKeySameKid)}`), /signature/);
  });

  it('given a token signed by a key the realm does not publish, then 401', async () => {
    expectUnauthenticated(await me(`Bearer ${await signToken(otherKid)}`), /signature/);
  });

  it('given an expired token (by the injected clock), then 401 expired', async () => {
    const token = await signToken(key, validClaims({ iat: NOW_SECONDS - 600, exp: NOW_SECONDS - 60 }));
    expectUnauthenticated(await me(`Bearer ${token}`), /expired/);
  });

  it('given a token not valid before a later time, then 401', async () => {
    const token = await signToken(key, validClaims({ nbf: NOW_SECONDS + 120 }));
    expectUnauthenticated(await me(`Bearer ${token}`), /nbf/);
  });

  it('given a token of another realm (iss), then 401', async () => {
    const token = await signToken(key, validClaims({ iss: 'http://127.0.0.1:8180/realms/master' }));
    expectUnauthenticated(await me(`Bearer ${token}`), /iss/);
  });

  it('given a token issued to another client (azp), then 401', async () => {
    const token = await signToken(key, validClaims({ azp: 'some-other-spa' }));
    expectUnauthenticated(await me(`Bearer ${token}`), /credman console/);
  });

  it('given a token without the sidecar audience, then 401', async () => {
    const token = await signToken(key, validClaims({ aud: 'account' }));
    expectUnauthenticated(await me(`Bearer ${token}`), /aud/);
  });

  it('given a refresh or ID token (typ other than Bearer), then 401', async () => {
    const token = await signToken(key, validClaims({ typ: 'ID' }));
    expectUnauthenticated(await me(`Bearer ${token}`), /not an access token/);
  });

  for (const claim of ['exp', 'iat', 'sub', 'typ'] as const) {
    it(`given a token without ${claim}, then 401 invalid_token`, async () => {
      const claims = Object.fromEntries(Object.entries(validClaims()).filter(([name]) => name !== claim));
      const response = await me(`Bearer ${await signToken(key, claims)}`);
      expectUnauthenticated(
        response,
        claim === 'typ'
          ? /not an access token/
          : claim === 'sub'
            ? /subject/
            : new RegExp(`lacks the ${claim} claim`),
      );
    });
  }

  it('given a token without subject, then 401', async () => {
    const token = await signToken(key, validClaims({ sub: undefined }));
    expectUnauthenticated(await me(`Bearer ${token}`), /subject/);
  });

  it.each([
    ['no acr', undefined],
    ['a password-only acr', 'pwd'],
    ['a numeric lower level', '1'],
  ])('given %s, then 403 mfa-required with a step-up challenge', async (_label, acr) => {
    const token = await signToken(key, validClaims({ acr }));
    const response = await me(`Bearer ${token}`);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ type: 'urn:credman:problem:mfa-required', status: 403 });
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="credman", error="insufficient_user_authentication", acr_values="mfa"',
    );
  });

  it('given an operator token, then isOperator is true', async () => {
    const token = await signToken(
      key,
      validClaims({
        realm_access: { roles: ['credman-operator'] },
        resource_access: {},
        name: undefined,
        given_name: 'Olga',
        family_name: 'Operator',
      }),
    );
    const response = await me(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ isOperator: true, managedClientIds: [], name: 'Olga Operator' });
    expect(response.body).toMatchObject({ expiryPolicy: { zone: 'UTC' } });
  });

  it('given a manager of several applications, then only clients with credential-manager are listed, sorted', async () => {
    const token = await signToken(
      key,
      validClaims({
        resource_access: {
          'Partner-FR-Beta-DM': { roles: ['credential-manager'] },
          'Partner-DE-Acme-SMC': { roles: ['credential-manager', 'other'] },
          'Partner-NL-Gamma-DM': { roles: ['viewer'] },
          broken: { roles: 'credential-manager' },
        },
      }),
    );
    const response = await me(`Bearer ${token}`);
    expect(response.body).toMatchObject({
      isOperator: false,
      managedClientIds: ['Partner-DE-Acme-SMC', 'Partner-FR-Beta-DM'],
    });
  });

  it('given the JWKS cannot be fetched, then 503 keycloak-unavailable with Retry-After', async () => {
    const down = await serveJwks([key]);
    await down.close();
    const { app: isolated, logs } = testApp({ jwksUrl: down.url });
    const response = await request(isolated)
      .get('/api/me')
      .set('Authorization', `Bearer ${await signToken(key)}`);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ type: 'urn:credman:problem:keycloak-unavailable' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(logs.text()).not.toContain('Bearer ');
  });

  it('given the JWKS endpoint answers 500, then 503 keycloak-unavailable', async () => {
    const failing = await serveJwks([key], 500);
    try {
      const { app: isolated } = testApp({ jwksUrl: failing.url });
      const response = await request(isolated)
        .get('/api/me')
        .set('Authorization', `Bearer ${await signToken(key)}`);
      expect(response.status).toBe(503);
    } finally {
      await failing.close();
    }
  });

  it('given many requests, then the key set is fetched once, not per request', async () => {
    const counting = await serveJwks([key]);
    try {
      const { app: isolated } = testApp({ jwksUrl: counting.url });
      const token = await signToken(key);
      for (let i = 0; i < 3; i++) {
        expect((await request(isolated).get('/api/me').set('Authorization', `Bearer ${token}`)).status).toBe(
          200,
        );
      }
      expect(counting.hits()).toBe(1);
    } finally {
      await counting.close();
    }
  });
});
