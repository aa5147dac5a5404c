import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { ManualClock } from '../clock.ts';
import { createKeycloakDouble } from '../double.ts';
import type { KeycloakDouble } from '../double.ts';
import { createDoubleApp } from '../app.ts';
import { startServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import { ROTATION_POLICY_REALM } from '../testing/minimal-realm.ts';
import {
  ROTATED_SECRET,
  ROTATED_SECRET_CREATION_TIME,
  ROTATED_SECRET_EXPIRATION_TIME,
  SECRET_EXPIRATION_TIME,
} from '../model/client-secret.ts';

const BASE = 'http://kc.test';
const CLIENT = 'Partner-NL-Acme-DM';
const T0 = Date.UTC(2027, 0, 1, 12);

async function setup() {
  const clock = new ManualClock(T0);
  const double = await createKeycloakDouble({ realm: structuredClone(ROTATION_POLICY_REALM), clock });
  const app = createDoubleApp(double);
  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    app.fetch(
      new Request(`${BASE}/realms/test/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body),
      }),
    );
  return { clock, double, app, token };
}

function basic(id: string, secret: string): Record<string, string> {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return { authorization: `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}` };
}

function setSlots(
  double: KeycloakDouble,
  slots: { current: string; currentExp: number; rotated?: string; rotatedExp?: number },
) {
  const client = double.realm.clientByClientId(CLIENT)!;
  client.secret = slots.current;
  client.attributes.set(SECRET_EXPIRATION_TIME, String(slots.currentExp));
  if (slots.rotated !== undefined) {
    client.attributes.set(ROTATED_SECRET, slots.rotated);
    client.attributes.set(ROTATED_SECRET_CREATION_TIME, String(T0 / 1000));
    if (slots.rotatedExp !== undefined)
      client.attributes.set(ROTATED_SECRET_EXPIRATION_TIME, String(slots.rotatedExp));
  }
}

describe('token endpoint: client_credentials with client secrets', () => {
  it('given the current secret in the form body, when requesting a token, then a service-account token is issued', async () => {
    const { token } = await setup();
    const response = await token({
      grant_type: 'client_credentials',
      client_id: CLIENT,
      client_secret: 'initial-secret-value-0000000000000000000000',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, refresh_expires_in: 0 });
    const claims = decodeJwt(String(body.access_token));
    expect(claims).toMatchObject({
      azp: CLIENT,
      iss: `${BASE}/realms/test`,
      preferred_username: `service-account-${CLIENT.toLowerCase()}`,
    });
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('given Basic credentials with form-encoded parts, then they are decoded as RFC 6749 says', async () => {
    const { token, double } = await setup();
    double.realm.clientByClientId(CLIENT)!.secret = 'a b+c:d';
    expect((await token({ grant_type: 'client_credentials' }, basic(CLIENT, 'a b+c:d'))).status).toBe(200);
  });

  it('given both slots live, then current and rotated both work and their CLIENT_LOGIN events carry the same detail keys', async () => {
    const { token, double } = await setup();
    setSlots(double, {
      current: 'new',
      currentExp: T0 / 1000 + 1000,
      rotated: 'old',
      rotatedExp: T0 / 1000 + 500,
    });
    expect((await token({ grant_type: 'client_credentials' }, basic(CLIENT, 'new'))).status).toBe(200);
    expect((await token({ grant_type: 'client_credentials' }, basic(CLIENT, 'old'))).status).toBe(200);
    const logins = double.realm.events.filter((e) => e.type === 'CLIENT_LOGIN');
    expect(logins).toHaveLength(2);
    // Keycloak 26.7.3 does not record which secret authenticated the client.
    for (const login of logins)
      expect(Object.keys(login.details).sort()).toEqual([
        'client_auth_method',
        'grant_type',
        'scope',
        'token_id',
        'username',
      ]);
  });

  it('given the rotated slot has expired, then only the current secret works', async () => {
    const { token, double, clock } = await setup();
    setSlots(double, {
      current: 'new',
      currentExp: T0 / 1000 + 1000,
      rotated: 'old',
      rotatedExp: T0 / 1000 + 500,
    });
    clock.advanceSeconds(501);
    expect((await token({ grant_type: 'client_credentials' }, basic(CLIENT, 'old'))).status).toBe(401);
    expect((await token({ grant_type: 'client_credentials' }, basic(CLIENT, 'new'))).status).toBe(200);
  });

  it('given a rotated secret without expiration attribute, then it counts as expired', async () => {
    const { token, double } = await setup();
    setSlots(double, { current: 'new', currentExp: T0 / 1000 + 1000, rotated: 'old' });
    expect((await token({ grant_type: 'client_credentials' }, basic(CLIENT, 'old'))).status).toBe(401);
  });

  it('given the current secret expired, then both secrets are rejected even though the rotated one is unexpired', async () => {
    const { token, double, clock } = await setup();
    setSlots(double, {
      current: 'new',
      currentExp: T0 / 1000 + 100,
      rotated: 'old',
      rotatedExp: T0 / 1000 + 5000,
    });
    clock.advanceSeconds(100);
    expect((await token({ grant_type: 'client_credentials' }, basic(CLIENT, 'new'))).status).toBe(200); // at expiry second: still valid
    clock.advanceSeconds(1);
    for (const secret of ['new', 'old']) {
      const response = await token({ grant_type: 'client_credentials' }, basic(CLIENT, secret));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: 'unauthorized_client',
        error_description: 'Invalid client or Invalid client credentials',
      });
    }
  });

  it.each([
    ['missing client_id', {}, {}, 401, 'invalid_client', 'client_not_found'],
    [
      'unknown client',
      { client_id: 'nope', client_secret: 'x' },
      {},
      401,
      'invalid_client',
      'client_not_found',
    ],
    [
      'wrong secret',
      { client_id: CLIENT, client_secret: 'wrong' },
      {},
      401,
      'unauthorized_client',
      'invalid_client_credentials',
    ],
    ['missing secret', { client_id: CLIENT }, {}, 401, 'unauthorized_client', 'invalid_client_credentials'],
  ] as const)(
    'given %s, then the documented error comes back and an error event is stored',
    async (_name, form, headers, status, error, eventError) => {
      const { token, double } = await setup();
      const response = await token({ grant_type: 'client_credentials', ...form }, headers);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        error,
        error_description: 'Invalid client or Invalid client credentials',
      });
      const events = double.realm.events.filter((e) => e.type === 'CLIENT_LOGIN_ERROR');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ error: eventError, details: { grant_type: 'client_credentials' } });
    },
  );

  it('given no grant_type, or one Keycloak does not know, then 400 before any client authentication and no event', async () => {
    const { token, double } = await setup();
    const missing = await token({ client_id: 'nope' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Missing form parameter: grant_type',
    });
    const unknown = await token({ grant_type: 'urn:example:no-such-grant', client_id: 'nope' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Unsupported grant_type',
    });
    expect(double.realm.events).toHaveLength(0);
  });

  it('given grant_type password (a grant Keycloak knows), then the client is authenticated first and a client without direct access grants is refused', async () => {
    const { token, double } = await setup();
    double.realm.eventsConfig.enabledEventTypes.push('LOGIN_ERROR');
    const unknownClient = await token({ grant_type: 'password', client_id: 'nope' });
    expect(unknownClient.status).toBe(401);
    expect(await unknownClient.json()).toMatchObject({ error: 'invalid_client' });
    const wrongSecret = await token({ grant_type: 'password' }, basic(CLIENT, 'wrong'));
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'unauthorized_client' });
    const noDirectGrants = await token(
      { grant_type: 'password', username: 'u', password: 'p' },
      basic(CLIENT, 'initial-secret-value-0000000000000000000000'),
    );
    expect(noDirectGrants.status).toBe(400);
    expect(await noDirectGrants.json()).toEqual({
      error: 'unauthorized_client',
      error_description: 'Client not allowed for direct access grants',
    });
    expect(double.realm.events.map((e) => [e.type, e.error])).toEqual([
      ['LOGIN_ERROR', 'client_not_found'],
      ['LOGIN_ERROR', 'invalid_client_credentials'],
      ['LOGIN_ERROR', 'not_allowed'],
    ]);
  });
});

describe('token endpoint over real HTTP with openid-client', () => {
  let server: RunningServer;
  let double: KeycloakDouble;
  beforeAll(async () => {
    double = await createKeycloakDouble({ realm: structuredClone(ROTATION_POLICY_REALM) });
    server = await startServer(createDoubleApp(double));
  });
  afterAll(() => server.close());

  it('given discovery, when a confidential client asks for a token with client_secret_basic and _post, then both work', async () => {
    const issuer = new URL(`${server.url}/realms/test`);
    for (const auth of [oidc.ClientSecretBasic, oidc.ClientSecretPost]) {
      const config = await oidc.discovery(
        issuer,
        CLIENT,
        undefined,
        auth('initial-secret-value-0000000000000000000000'),
        {
          execute: [oidc.allowInsecureRequests],
        },
      );
      const tokens = await oidc.clientCredentialsGrant(config);
      expect(tokens.token_type).toBe('bearer');
      expect(decodeJwt(tokens.access_token).iss).toBe(issuer.href);
    }
  });
});

describe('token claims from the shipped realm (user-profile attribute mappers)', () => {
  it('given the profile and email scopes of a Keycloak 24+ realm, then username, email and names reach the token', async () => {
    const { loadRealm } = await import('@credman/realm');
    const { loginUser } = await import('../testing/user-login.ts');
    const double = await createKeycloakDouble({
      realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: 'x-secret' }, demo: true }),
    });
    const { allRouteModules } = await import('../routes.ts');
    const server = await startServer(createDoubleApp(double, allRouteModules));
    try {
      const tokens = await loginUser({
        issuer: `${server.url}/realms/credman`,
        clientId: 'credman-console',
        redirectUri: 'http://localhost:5173/',
        username: 'alice',
        password: 'demo-alice-password',
        totpSecret: 'credman-demo-alice12',
      });
      expect(decodeJwt(tokens.access_token)).toMatchObject({
        preferred_username: 'alice',
        email: expect.stringContaining('@') as string,
        given_name: expect.any(String) as string,
        acr: 'mfa',
        azp: 'credman-console',
      });
    } finally {
      await server.close();
    }
  });
});
