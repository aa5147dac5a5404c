// Contract: what Keycloak does with a client created the way credman creates an application
// (docs/architecture.md#applications): clientId uniqueness and search, the scopes a token of the new client
// carries, and what a brief client listing holds (docs/architecture.md#keycloak-facts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { adminFetch, newSecret, uniqueClientId } from './admin-fixtures.ts';

let target: ContractTarget;
const created: string[] = [];

beforeAll(async () => {
  target = await startContractTarget();
});

afterAll(async () => {
  const admin = await target.admin();
  for (const id of created) await admin.clients.del({ id });
  await target.close();
});

async function token(): Promise<string> {
  return (await target.admin()).accessToken ?? '';
}

const MACHINE_CLIENT = {
  enabled: true,
  protocol: 'openid-connect',
  publicClient: false,
  serviceAccountsEnabled: true,
  standardFlowEnabled: false,
  directAccessGrantsEnabled: false,
  clientAuthenticatorType: 'client-secret',
};

/** POST /clients with the sidecar's rights; the new client's UUID, or the status when it was refused. */
async function createClient(
  rep: Record<string, unknown>,
): Promise<{ status: number; id?: string | undefined }> {
  const response = await adminFetch(target, await token(), '/clients', { method: 'POST', body: rep });
  await response.body?.cancel();
  const id = response.headers.get('location')?.split('/').pop();
  if (id !== undefined && response.status === 201) created.push(id);
  return { status: response.status, id };
}

async function clientIds(query: string): Promise<string[]> {
  const response = await adminFetch(target, await token(), `/clients?${query}`);
  return ((await response.json()) as { clientId: string }[]).map((client) => client.clientId);
}

async function clientCredentials(
  clientId: string,
  secret: string,
  scope?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${target.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      // A form parameter present is sent, even as "undefined".
      ...(scope !== undefined ? { scope } : {}),
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function claimsOf(accessToken: unknown): Record<string, unknown> {
  const payload = String(accessToken).split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('new application clients (contract)', () => {
  it('given a clientId, then one differing only in case is another client, but not with a service account', async () => {
    const upper = uniqueClientId('Partner-NL-CaseContract');
    const lower = upper.replace('CaseContract', 'casecontract');
    const plain = { ...MACHINE_CLIENT, serviceAccountsEnabled: false };
    expect((await createClient({ ...plain, clientId: upper, secret: newSecret() })).status).toBe(201);
    expect((await createClient({ ...plain, clientId: lower, secret: newSecret() })).status).toBe(201);
    expect(await clientIds(`clientId=${encodeURIComponent(upper)}`)).toEqual([upper]);
    // The search ignores case: one query finds every spelling.
    const found = await clientIds(`clientId=${encodeURIComponent(upper.toUpperCase())}&search=true`);
    expect(found.sort()).toEqual([lower, upper].sort());

    // A service account's username is `service-account-<clientId in lower case>`: the second spelling of a
    // machine client collides with the first one's and nothing is created.
    const machine = uniqueClientId('Partner-NL-CaseMachine');
    const machineLower = machine.replace('CaseMachine', 'casemachine');
    expect((await createClient({ ...MACHINE_CLIENT, clientId: machine, secret: newSecret() })).status).toBe(
      201,
    );
    expect(
      (await createClient({ ...MACHINE_CLIENT, clientId: machineLower, secret: newSecret() })).status,
    ).toBe(409);
    expect(await clientIds(`clientId=${encodeURIComponent(machineLower)}`)).toEqual([]);
  });

  it('given fullScopeAllowed false and only default scopes, then its tokens carry just those; other scopes are invalid_scope', async () => {
    const clientId = uniqueClientId('Partner-NL-ScopeContract-DM');
    const secret = newSecret();
    const { id } = await createClient({
      ...MACHINE_CLIENT,
      clientId,
      secret,
      fullScopeAllowed: false,
      defaultClientScopes: ['basic', 'roles', 'dm.sandbox'],
      optionalClientScopes: [],
    });
    const rep = (await (await adminFetch(target, await token(), `/clients/${id ?? ''}`)).json()) as {
      fullScopeAllowed: boolean;
      defaultClientScopes: string[];
      optionalClientScopes: string[];
    };
    expect(rep.fullScopeAllowed).toBe(false);
    // Keycloak links `service_account` itself to a client with a service account.
    expect(rep.defaultClientScopes.sort()).toEqual(['basic', 'dm.sandbox', 'roles', 'service_account']);
    expect(rep.optionalClientScopes).toEqual([]);

    const issued = await clientCredentials(clientId, secret);
    expect(issued.status).toBe(200);
    const claims = claimsOf(issued.body.access_token);
    expect(claims.scope).toBe('dm.sandbox');
    // No realm roles (offline_access, default roles) and no microprofile-jwt `upn`.
    expect(claims.realm_access).toBeUndefined();
    expect(claims.upn).toBeUndefined();

    for (const scope of ['offline_access', 'microprofile-jwt', 'dm.production']) {
      const refused = await clientCredentials(clientId, secret, scope);
      expect(refused).toEqual({
        status: 400,
        body: { error: 'invalid_scope', error_description: `Invalid scopes: ${scope}` },
      });
    }
  });

  it('given a client listing with briefRepresentation=true, then each client still comes whole: secret and attributes', async () => {
    const clientId = uniqueClientId('Partner-NL-BriefContract-DM');
    const secret = newSecret();
    await createClient({
      ...MACHINE_CLIENT,
      clientId,
      secret,
      attributes: { 'client.secret.rotated': 'rotated-value', 'credman.secrets': '{}' },
    });
    const response = await adminFetch(
      target,
      await token(),
      `/clients?clientId=${encodeURIComponent(clientId)}&search=true&briefRepresentation=true`,
    );
    const [listed] = (await response.json()) as { secret?: string; attributes?: Record<string, string> }[];
    // ClientsResource.getClients has no such parameter: the unknown one is ignored.
    expect(listed?.secret).toBe(secret);
    expect(listed?.attributes).toMatchObject({
      'client.secret.rotated': 'rotated-value',
      'credman.secrets': '{}',
    });
  });
});
