// Contract: the token endpoint's answers for client authentication with client secrets (client_secret_basic and
// client_secret_post), which partner systems see and credman's rotation relies on (reference Part 1 §2.1,
// ClientIdAndSecretAuthenticator / ClientCredentialsGrantType / TokenEndpoint).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { createApplication, newSecret, uniqueClientId } from './admin-fixtures.ts';
import { startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

let target: ContractTarget;
let kc: KeycloakAdminClient;
let app: { id: string; clientId: string; secret: string };

beforeAll(async () => {
  target = await startContractTarget();
  kc = await target.admin();
  const clientId = uniqueClientId('Partner-NL-TokenContract-DM');
  const secret = newSecret();
  app = { id: await createApplication(kc, { clientId, secret, markerRole: true }), clientId, secret };
});

afterAll(async () => {
  await (await target.admin()).clients.del({ id: app.id });
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

  // [case, extra form fields, send the application's client_id, status, error]
  it.each([
    ['no client_id', {}, false, 400, 'invalid_client'],
    ['an unknown client', { client_id: 'no-such-client', client_secret: 'x' }, false, 401, 'invalid_client'],
    ['a wrong secret', { client_secret: 'wrong' }, true, 401, 'unauthorized_client'],
    ['no secret', {}, true, 401, 'unauthorized_client'],
  ] as [string, Record<string, string>, boolean, number, string][])(
    'given %s, then the answer is the documented status and error',
    async (_case, form, withAppClient, status, error) => {
      const response = await token({
        grant_type: 'client_credentials',
        ...form,
        ...(withAppClient ? { client_id: app.clientId } : {}),
      });
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toBe(error);
    },
  );

  it('given an unsupported grant type, then 400 unsupported_grant_type before the client is authenticated', async () => {
    const response = await token({ grant_type: 'password', client_id: 'no-such-client' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
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
