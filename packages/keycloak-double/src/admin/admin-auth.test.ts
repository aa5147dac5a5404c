import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { createDoubleApp } from '../app.ts';
import { createKeycloakDouble } from '../double.ts';
import { ROTATION_POLICY_REALM } from '../testing/minimal-realm.ts';
import { adminRoutes } from './routes.ts';

const BASE = 'http://kc.test';
const ADMIN_CLIENT = 'unmanaged';

async function setup() {
  const clock = new ManualClock(Date.UTC(2027, 0, 1));
  const double = await createKeycloakDouble({ realm: structuredClone(ROTATION_POLICY_REALM), clock });
  const app = createDoubleApp(double, [adminRoutes]);
  const realm = double.realm;
  const client = realm.clientByClientId(ADMIN_CLIENT);
  const serviceAccount = client ? realm.serviceAccountOf(client) : undefined;
  const management = realm.clientByClientId('realm-management');
  const role = (name: string) => (management ? realm.clientRole(management.id, name) : undefined);
  if (!serviceAccount) throw new Error('fixture service account missing');
  const grant = (name: string) => serviceAccount.roleMappings.add(role(name)?.id ?? '');
  const revoke = (name: string) => serviceAccount.roleMappings.delete(role(name)?.id ?? '');
  const token = async () => {
    const response = await app.fetch(
      new Request(`${BASE}/realms/test/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: ADMIN_CLIENT,
          client_secret: 'unmanaged-secret',
        }),
      }),
    );
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const get = async (path: string, bearer: string, method = 'GET') =>
    app.fetch(
      new Request(`${BASE}/admin/realms/test${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}` },
      }),
    );
  return { clock, double, serviceAccount, grant, revoke, token, get };
}

describe('admin authentication and permissions', () => {
  it('given a token past its expiry, then the call is 401 without a challenge header', async () => {
    const { clock, grant, token, get } = await setup();
    grant('view-clients');
    const bearer = await token();
    expect((await get('/clients', bearer)).status).toBe(200);
    clock.advanceSeconds(301);
    const response = await get('/clients', bearer);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.json()).toEqual({ error: 'HTTP 401 Unauthorized' });
  });

  it('given the token user was disabled after issuance, then the call is 401', async () => {
    const { serviceAccount, grant, token, get } = await setup();
    grant('view-clients');
    const bearer = await token();
    serviceAccount.enabled = false;
    expect((await get('/clients', bearer)).status).toBe(401);
  });

  it('given a token for another issuer, then the call is 401', async () => {
    const { double, grant, get } = await setup();
    grant('view-clients');
    const forged = await double.keys.sign(
      { iss: 'http://elsewhere/realms/test', typ: 'Bearer', sub: 'x', exp: 4102444800 },
      'JWT',
    );
    expect((await get('/clients', forged)).status).toBe(401);
  });

  it('given a role removed after the token was issued, then the next call is 403 at once', async () => {
    const { grant, revoke, token, get } = await setup();
    grant('view-events');
    const bearer = await token();
    expect((await get('/events', bearer)).status).toBe(200);
    revoke('view-events');
    const response = await get('/events', bearer);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'HTTP 403 Forbidden' });
  });

  it('given query-clients, then reading a secret is 403; given view-clients, then it is readable (26.7.3) but regenerating it needs manage-clients', async () => {
    const { double, grant, token, get } = await setup();
    grant('query-clients');
    const bearer = await token();
    const app = double.realm.clientByClientId('Partner-NL-Acme-DM');
    const secretPath = `/clients/${app?.id ?? ''}/client-secret`;
    expect((await get('/clients', bearer)).status).toBe(200);
    expect((await get(secretPath, bearer)).status).toBe(403);
    grant('view-clients');
    const read = await get(secretPath, bearer);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ type: 'secret', value: app?.secret });
    const client = (await (await get(`/clients/${app?.id ?? ''}`, bearer)).json()) as { secret?: string };
    expect(client.secret).toBe(app?.secret);
    expect((await get(secretPath, bearer, 'POST')).status).toBe(403);
    grant('manage-clients');
    expect((await get(secretPath, bearer, 'POST')).status).toBe(200);
  });

  it('given realm-admin, then every realm-management permission is granted', async () => {
    const { grant, token, get } = await setup();
    grant('realm-admin');
    const bearer = await token();
    expect((await get('/client-policies/policies', bearer)).status).toBe(200);
    expect((await get('/admin-events', bearer)).status).toBe(200);
  });

  it('given events of several types, then /events filters by type and client, newest first, paged', async () => {
    const { double, clock, grant, token, get } = await setup();
    grant('view-events');
    const realm = double.realm;
    for (const type of ['CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR', 'CLIENT_LOGIN']) {
      clock.advance(1000);
      realm.recordEvent({ type, clientId: 'Partner-NL-Acme-DM', details: { n: type } });
    }
    const bearer = await token();
    const events = (await (
      await get('/events?type=CLIENT_LOGIN&client=Partner-NL-Acme-DM', bearer)
    ).json()) as { time: number; type: string }[];
    expect(events.map((e) => e.type)).toEqual(['CLIENT_LOGIN', 'CLIENT_LOGIN']);
    expect(events[0]!.time).toBeGreaterThan(events[1]!.time);
    const page = (await (
      await get('/events?client=Partner-NL-Acme-DM&direction=asc&first=1&max=1', bearer)
    ).json()) as { type: string }[];
    expect(page.map((e) => e.type)).toEqual(['CLIENT_LOGIN_ERROR']);
  });
});
