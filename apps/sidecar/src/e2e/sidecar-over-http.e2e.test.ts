// The sidecar and the Keycloak double as two HTTP servers, driven by real clients: users log in through the
// double's login pages (password + TOTP) and call the sidecar with their access tokens; every secret the API
// hands out is tried at the double's token endpoint with openid-client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { loadRealm } from '@credman/realm';
import {
  ManualClock,
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  loginUser,
  startServer,
} from '@credman/keycloak-double';
import type { KeycloakDouble, RunningServer as DoubleServer } from '@credman/keycloak-double';
import { CredentialService } from '../credentials/credential-service.ts';
import { createTokenVerifier } from '../http/auth.ts';
import { keycloakManagerRights } from '../http/keycloak-manager-rights.ts';
import { cacheManagerRights } from '../http/manager-rights.ts';
import { apiRoutes } from '../http/routes/api-routes.ts';
import { KeycloakAdminAdapter } from '../keycloak/admin-adapter.ts';
import { start } from '../server.ts';
import type { RunningServer } from '../server.ts';
import { captureLogs, testConfig } from '../test/fixtures.ts';

const SIDECAR_SECRET = 'e2e-sidecar-secret';
const DM = 'Partner-NL-OrganisationName-DM';
const SMC = 'Partner-NL-OrganisationName-SMC';
const USERS = {
  alice: { username: 'alice', password: 'demo-alice-password', totpSecret: 'credman-demo-alice12' },
  bob: { username: 'bob', password: 'demo-bob-password', totpSecret: 'credman-demo-bob1234' },
  olivia: { username: 'olivia', password: 'demo-olivia-password', totpSecret: 'credman-demo-olivia1' },
} as const;

let clock: ManualClock;
let double: KeycloakDouble;
let kc: DoubleServer;
let sidecar: RunningServer;
const logs = captureLogs();
const tokens: Partial<Record<keyof typeof USERS, string>> = {};

async function login(user: keyof typeof USERS): Promise<string> {
  const issued = await loginUser({
    issuer: `${kc.url}/realms/credman`,
    clientId: 'credman-console',
    redirectUri: 'http://localhost:5173/',
    ...USERS[user],
    now: () => clock.now(),
  });
  tokens[user] = issued.access_token;
  return issued.access_token;
}

async function api(
  user: keyof typeof USERS,
  path: string,
  init: { method?: string; body?: string } = {},
): Promise<Response> {
  const token = tokens[user] ?? (await login(user));
  return fetch(`${sidecar.url}/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
}

async function tokenWorks(clientId: string, secret: string): Promise<boolean> {
  const config = await oidc.discovery(
    new URL(`${kc.url}/realms/credman`),
    clientId,
    undefined,
    oidc.ClientSecretPost(secret),
    { execute: [oidc.allowInsecureRequests] },
  );
  return oidc.clientCredentialsGrant(config).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  clock = new ManualClock(Date.now());
  double = await createKeycloakDouble({
    realm: loadRealm({
      env: {
        CREDMAN_SIDECAR_CLIENT_SECRET: SIDECAR_SECRET,
        CREDMAN_CONSOLE_DEV_URL: 'http://localhost:5173',
      },
      demo: true,
    }),
    clock,
  });
  kc = await startServer(createDoubleApp(double, allRouteModules));
  const keycloak = new KeycloakAdminAdapter({
    baseUrl: kc.url,
    realm: 'credman',
    clientId: 'credman-sidecar',
    clientSecret: SIDECAR_SECRET,
    timeoutMs: 5000,
  });
  const issuer = `${kc.url}/realms/credman`;
  sidecar = await start({
    port: 0,
    config: testConfig({ keycloak: { url: kc.url } }),
    logger: logs.logger,
    verifyToken: createTokenVerifier({
      issuer,
      jwksUrl: `${issuer}/protocol/openid-connect/certs`,
      audience: 'credman-sidecar',
      consoleClientId: 'credman-console',
      mfaAcr: 'mfa',
      operatorRole: 'credman-operator',
      clock: () => new Date(clock.now()),
    }),
    readiness: () => Promise.resolve({ ok: true, checks: {} }),
    // No caching here, so the test can show a removed manager losing write access at once.
    managerRights: cacheManagerRights(keycloakManagerRights(keycloak), { ttlMs: 0 }),
    apiRoutes: apiRoutes({
      keycloak,
      catalogue: DEFAULT_API_CATALOGUE,
      now: () => clock.now(),
      credentials: new CredentialService({
        keycloak,
        now: () => clock.now(),
        config: { zone: 'UTC', catalogue: DEFAULT_API_CATALOGUE },
      }),
      tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
    }),
  });
});

afterAll(async () => {
  await sidecar.close();
  await kc.close();
});

describe('sidecar over HTTP against the Keycloak double', () => {
  it('given alice logged in with password and TOTP, then /api/me and her applications come from her token', async () => {
    const me = await api('alice', '/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'alice', acr: 'mfa', isOperator: false });
    const list = (await (await api('alice', '/applications')).json()) as {
      applications: { clientId: string }[];
    };
    expect(list.applications.map((a) => a.clientId)).toEqual([DM, SMC]);
  });

  it('walks create → use → second → delete old with real token requests, and the value appears in no log line', async () => {
    const first = await api('alice', `/applications/${DM}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Secret by Alice', expiresOn: '2099-01-01' }),
    });
    expect(first.status).toBe(400); // too late: more than a year ahead
    const expiresOn = new Date(clock.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const created = await api('alice', `/applications/${DM}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Secret by Alice', expiresOn }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const one = (await created.json()) as { secret: { id: string; hint: string }; value: string };
    expect(one.secret.hint).toBe(one.value.slice(0, 3));
    expect(await tokenWorks(DM, one.value)).toBe(true);

    const second = (await (
      await api('bob', `/applications/${DM}/secrets`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Secret by Bob', expiresOn }),
      })
    ).json()) as { secret: { id: string }; value: string };
    expect([await tokenWorks(DM, one.value), await tokenWorks(DM, second.value)]).toEqual([true, true]);

    // The first one was just used: deleting it needs force.
    const refused = await api('alice', `/applications/${DM}/secrets/${one.secret.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const deleted = await api('alice', `/applications/${DM}/secrets/${one.secret.id}?force=true`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect([await tokenWorks(DM, one.value), await tokenWorks(DM, second.value)]).toEqual([false, true]);

    const detail = await (await api('alice', `/applications/${DM}`)).text();
    const audit = await (await api('alice', `/applications/${DM}/audit`)).text();
    for (const text of [detail, audit, logs.text()]) {
      expect(text).not.toContain(one.value);
      expect(text).not.toContain(second.value);
    }
  });

  it('given bob, who does not manage SMC, then SMC is 404 for him, for reading and writing alike', async () => {
    expect((await api('bob', `/applications/${SMC}`)).status).toBe(404);
    const write = await api('bob', `/applications/${SMC}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', expiresOn: '2030-01-01' }),
    });
    expect(write.status).toBe(404);
  });

  it('given the operator, then every application is visible but secrets need a manager', async () => {
    const list = (await (await api('olivia', '/applications')).json()) as { total: number };
    expect(list.total).toBe(3);
    const write = await api('olivia', `/applications/${SMC}/secrets`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'x',
        expiresOn: new Date(clock.now() + 86_400_000 * 30).toISOString().slice(0, 10),
      }),
    });
    expect(write.status).toBe(403);
  });

  it('given alice lost her role in Keycloak, when she writes with her old token, then she is refused without logging out', async () => {
    const user = double.realm.userByUsername('alice')!;
    const client = double.realm.clientByClientId(SMC)!;
    const role = double.realm.clientRole(client.id, 'credential-manager')!;
    user.roleMappings.delete(role.id);
    const write = await api('alice', `/applications/${SMC}/secrets`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'x',
        expiresOn: new Date(clock.now() + 86_400_000 * 30).toISOString().slice(0, 10),
      }),
    });
    expect(write.status).toBe(403);
    user.roleMappings.add(role.id);
  });

  it('given the operator creates an application and assigns alice, then alice (after logging in again) rotates its secret', async () => {
    const created = await api('olivia', '/applications', {
      method: 'POST',
      body: JSON.stringify({
        kind: 'Partner',
        country: 'DE',
        organisation: 'AcmeLabs',
        api: 'SMC',
        permissions: ['smc.sandbox'],
      }),
    });
    expect(created.status).toBe(201);
    const app = 'Partner-DE-AcmeLabs-SMC';
    const alice = double.realm.userByUsername('alice')!;
    const assigned = await api('olivia', `/applications/${app}/managers/${alice.id}`, { method: 'PUT' });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({ warnings: ['fewer-than-two-managers'] });
    // The new role reaches alice's token at her next login; a TOTP code is single-use, so in the next 30 s step.
    clock.advance(30_000);
    await login('alice');
    const secret = await api('alice', `/applications/${app}/secrets`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'First',
        expiresOn: new Date(clock.now() + 86_400_000 * 60).toISOString().slice(0, 10),
      }),
    });
    expect(secret.status).toBe(201);
    expect(await tokenWorks(app, ((await secret.json()) as { value: string }).value)).toBe(true);
    const audit = (await (await api('olivia', `/applications/${app}/audit`)).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(['created', 'manager-added', 'application-created']);
  });
});
