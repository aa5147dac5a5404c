// Contract: an application's API permissions are its default client scopes, and credman changes them with the
// default-client-scopes endpoints of the admin API (ClientResource, DefaultClientScopes) as the sidecar's service
// account. A client_credentials token's `scope` follows the change at once (TokenManager's client scopes).
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
  const clientId = uniqueClientId('Partner-NL-ScopeContract-SMC');
  const secret = newSecret();
  app = { id: await createApplication(kc, { clientId, secret, markerRole: true }), clientId, secret };
});

afterAll(async () => {
  await (await target.admin()).clients.del({ id: app.id });
  await target.close();
});

/** The scopes of a fresh client_credentials token. */
async function tokenScopes(): Promise<string[]> {
  const response = await fetch(`${target.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.secret,
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { scope?: string };
  return (body.scope ?? '').split(' ').filter((scope) => scope !== '');
}

async function scopeId(name: string): Promise<string> {
  const scope = await kc.clientScopes.findOneByName({ name });
  if (scope?.id === undefined) throw new Error(`the realm has no client scope ${name}`);
  return scope.id;
}

async function defaultScopeNames(): Promise<string[]> {
  const assigned = await kc.clients.listDefaultClientScopes({ id: app.id });
  return assigned.map((scope) => scope.name ?? '').sort();
}

describe('default client scopes as permissions (contract)', () => {
  it('given the sidecar adds and removes default client scopes, then the client lists them and a new token carries exactly those', async () => {
    const sandbox = await scopeId('smc.sandbox');
    const production = await scopeId('smc.production');

    await kc.clients.addDefaultClientScope({ id: app.id, clientScopeId: sandbox });
    expect(await defaultScopeNames()).toContain('smc.sandbox');
    expect(await tokenScopes()).toContain('smc.sandbox');
    expect(await tokenScopes()).not.toContain('smc.production');

    await kc.clients.addDefaultClientScope({ id: app.id, clientScopeId: production });
    await kc.clients.delDefaultClientScope({ id: app.id, clientScopeId: sandbox });
    const names = await defaultScopeNames();
    expect(names).toContain('smc.production');
    expect(names).not.toContain('smc.sandbox');
    const scopes = await tokenScopes();
    expect(scopes).toContain('smc.production');
    expect(scopes).not.toContain('smc.sandbox');
  });
});
