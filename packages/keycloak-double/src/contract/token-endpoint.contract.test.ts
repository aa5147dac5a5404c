// Contract: the token endpoint's answers for client authentication with client secrets (client_secret_basic and
// client_secret_post), which partner systems see and credman's rotation relies on (ClientIdAndSecretAuthenticator,
// ClientAuthenticationFlow, ClientCredentialsGrantType, TokenEndpoint).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { createApplication, newSecret, uniqueClientId } from './admin-fixtures.ts';
import { startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

let target: ContractTarget;
let kc: KeycloakAdminClient;
let app: { id: string; clientId: string; secret: string };
/** Further clients a test created, deleted at the end. */
const disabled: string[] = [];

beforeAll(async () => {
  target = await startContractTarget();
  kc = await target.admin();
  const clientId = uniqueClientId('Partner-NL-TokenContract-DM');
  const secret = newSecret();
  app = { id: await createApplication(kc, { clientId, secret, markerRole: true }), clientId, secret };
});

afterAll(async () => {
  const admin = await target.admin();
  for (const id of [app.id, ...disabled]) await admin.clients.del({ id });
  await target.close();
});

async function token(form: Record<string, string>, basic?: [string, string]): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64')}`;
  return fetch(`${target.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
  });
}

describe('token endpoint: client secrets (contract)', () => {
  it('given the right secret (basic or post), then a Bearer token without refresh token is issued', async () => {
    for (const response of [
      await token({ grant_type: 'client_credentials' }, [app.clientId, app.secret]),
      await token({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.secret }),
    ]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toContain('no-store');
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ token_type: 'Bearer', refresh_expires_in: 0 });
      expect(body.refresh_token).toBeUndefined();
      expect(typeof body.expires_in).toBe('number');
    }
  });

  const unknownClient = uniqueClientId('no-such-client');

  /** The newest CLIENT_LOGIN_ERROR event of a client id. */
  async function lastLoginError(
    clientId: string,
  ): Promise<{ error?: string; details?: Record<string, unknown> }> {
    const events = await (
      await target.admin()
    ).realms.findEvents({ realm: target.realm, client: clientId, type: 'CLIENT_LOGIN_ERROR', max: 1 });
    return events[0] ?? {};
  }

  // [case, extra form fields, send the application's client_id, status, error, event error (undefined: the event
  // names no client to look it up by)]. Every description is the same.
  it.each([
    ['no client_id', {}, false, 401, 'invalid_client', undefined],
    [
      'an unknown client',
      { client_id: unknownClient, client_secret: 'x' },
      false,
      401,
      'invalid_client',
      'client_not_found',
    ],
    [
      'a wrong secret',
      { client_secret: 'wrong' },
      true,
      401,
      'unauthorized_client',
      'invalid_client_credentials',
    ],
    ['no secret', {}, true, 401, 'unauthorized_client', 'invalid_client_credentials'],
  ] as [string, Record<string, string>, boolean, number, string, string | undefined][])(
    'given %s, then the answer is the documented status and error, and a CLIENT_LOGIN_ERROR event is stored',
    async (_case, form, withAppClient, status, error, eventError) => {
      const response = await token({
        grant_type: 'client_credentials',
        ...form,
        ...(withAppClient ? { client_id: app.clientId } : {}),
      });
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({
        error,
        error_description: 'Invalid client or Invalid client credentials',
      });
      if (eventError === undefined) return;
      expect(await lastLoginError(withAppClient ? app.clientId : unknownClient)).toMatchObject({
        error: eventError,
        details: { grant_type: 'client_credentials' },
      });
    },
  );

  it('given a disabled client with its right secret, then 401 invalid_client and the event says client_disabled', async () => {
    const clientId = uniqueClientId('Partner-NL-TokenContract-Disabled');
    const secret = newSecret();
    kc = await target.admin();
    const id = await createApplication(kc, { clientId, secret, markerRole: false });
    disabled.push(id);
    await kc.clients.update({ id }, { clientId, enabled: false });
    const response = await token({ grant_type: 'client_credentials' }, [clientId, secret]);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Invalid client or Invalid client credentials',
    });
    expect(await lastLoginError(clientId)).toMatchObject({ error: 'client_disabled' });
  });

  it('given no grant_type, then 400 invalid_request before the client is authenticated', async () => {
    const response = await token({ client_id: 'no-such-client' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Missing form parameter: grant_type',
    });
  });

  it('given a grant type Keycloak does not know, then 400 unsupported_grant_type before the client is authenticated', async () => {
    const response = await token({ grant_type: 'urn:example:no-such-grant', client_id: 'no-such-client' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Unsupported grant_type',
    });
  });

  it('given the password grant (known to Keycloak), then the client is authenticated first and a client without direct access grants is refused', async () => {
    const unknownClient = await token({ grant_type: 'password', client_id: 'no-such-client' });
    expect(unknownClient.status).toBe(401);
    expect(await unknownClient.json()).toMatchObject({ error: 'invalid_client' });
    const wrongSecret = await token({ grant_type: 'password' }, [app.clientId, 'wrong']);
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'unauthorized_client' });
    const refused = await token({ grant_type: 'password', username: 'u', password: 'p' }, [
      app.clientId,
      app.secret,
    ]);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: 'unauthorized_client',
      error_description: 'Client not allowed for direct access grants',
    });
  });

  it('given a client_credentials login, then its CLIENT_LOGIN event names the authenticator client-secret', async () => {
    expect((await token({ grant_type: 'client_credentials' }, [app.clientId, app.secret])).status).toBe(200);
    const events = await (
      await target.admin()
    ).realms.findEvents({
      realm: target.realm,
      client: app.clientId,
      type: 'CLIENT_LOGIN',
      max: 1,
    });
    expect(events[0]?.details).toMatchObject({
      grant_type: 'client_credentials',
      client_auth_method: 'client-secret',
    });
  });
});
