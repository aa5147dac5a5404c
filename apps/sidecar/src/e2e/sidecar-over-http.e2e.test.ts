// The sidecar and Keycloak (the double, or the real server under `npm run test:keycloak`) as two HTTP servers,
// driven by real clients: users log in through Keycloak's login pages (password + TOTP) and call the sidecar with
// their access tokens; every secret the API hands out is tried at Keycloak's token endpoint with openid-client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DM, SMC, startE2e } from './testing/harness.ts';
import type { DemoUser, E2e, RequestInit } from './testing/harness.ts';

let e2e: E2e;

const api = (user: DemoUser, path: string, init?: RequestInit): Promise<Response> =>
  e2e.api(user, path, init);
const tokenWorks = (clientId: string, secret: string): Promise<boolean> => e2e.tokenWorks(clientId, secret);

beforeAll(async () => {
  e2e = await startE2e();
});

afterAll(async () => {
  await e2e.close();
});

describe('sidecar over HTTP against Keycloak', () => {
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
    const expiresOn = new Date(e2e.clock.now() + 200 * 86_400_000).toISOString().slice(0, 10);
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
    // Stock Keycloak 26.7 does not say which live secret a login used, so the use counts for both; with credman's
    // extension (the real server loads it) the login is this secret's alone.
    const { lastUseAttribution } = (await (await api('alice', `/applications/${DM}`)).json()) as {
      lastUseAttribution: string;
    };
    expect(await refused.json()).toMatchObject({ lastUseAmbiguous: lastUseAttribution === 'none' });
    const deleted = await api('alice', `/applications/${DM}/secrets/${one.secret.id}?force=true`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect([await tokenWorks(DM, one.value), await tokenWorks(DM, second.value)]).toEqual([false, true]);

    const detail = await (await api('alice', `/applications/${DM}`)).text();
    const audit = await (await api('alice', `/applications/${DM}/audit`)).text();
    for (const text of [detail, audit, e2e.logs.text()]) {
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
    const list = (await (await api('olivia', '/applications')).json()) as {
      applications: unknown[];
      hasMore: boolean;
    };
    expect([list.applications.length, list.hasMore]).toEqual([3, false]);
    const write = await api('olivia', `/applications/${SMC}/secrets`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'x',
        expiresOn: new Date(e2e.clock.now() + 86_400_000 * 30).toISOString().slice(0, 10),
      }),
    });
    expect(write.status).toBe(403);
  });

  it('given alice lost her role in Keycloak, when she writes with her old token, then she is refused without logging out', async () => {
    const alice = await e2e.userId('alice');
    const client = (await e2e.keycloak.findClientByClientId(SMC))!;
    await e2e.keycloak.revokeClientRole(alice, client.id, 'credential-manager');
    const write = await api('alice', `/applications/${SMC}/secrets`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'x',
        expiresOn: new Date(e2e.clock.now() + 86_400_000 * 30).toISOString().slice(0, 10),
      }),
    });
    expect(write.status).toBe(403);
    await e2e.keycloak.grantClientRole(alice, client.id, 'credential-manager');
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
    const alice = await e2e.userId('alice');
    const assigned = await api('olivia', `/applications/${app}/managers/${alice}`, { method: 'PUT' });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({ warnings: ['fewer-than-two-managers'] });
    // The new role reaches alice's token at her next login (with the next TOTP code: a code is single-use).
    await e2e.login('alice');
    const secret = await api('alice', `/applications/${app}/secrets`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'First',
        expiresOn: new Date(e2e.clock.now() + 86_400_000 * 60).toISOString().slice(0, 10),
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
