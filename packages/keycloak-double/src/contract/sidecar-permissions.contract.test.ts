// Contract: what the sidecar's credentials can and cannot do (keycloak-realm/README.md#the-sidecars-permissions).
// With only the sidecar's client credentials, every dangerous call is refused with 403, while the calls credman
// makes on partner applications (create, read secrets, PUT, map its credential-manager role) still work. Ids of
// what the sidecar may not see are looked up as set-up, never asserted through the master admin.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { canSetUpBeyondSidecar, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { MARKER_ROLE, adminFetch, createApplication, newSecret, uniqueClientId } from './admin-fixtures.ts';
import { clientIdOf, throwAwayUser } from './privileged.ts';
import type { Cleanups } from './privileged.ts';

let target: ContractTarget;
let kc: KeycloakAdminClient;
const cleanups: Cleanups = [];

beforeAll(async () => {
  target = await startContractTarget();
  kc = await target.admin();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await target.close();
});

async function token(): Promise<string> {
  return (await target.admin()).accessToken ?? '';
}

async function status(path: string, init: { method?: string; body?: unknown } = {}): Promise<number> {
  const response = await adminFetch(target, await token(), path, init);
  await response.body?.cancel();
  return response.status;
}

/** A role of a client as the role-mapping endpoints take it (a look-up). */
async function roleOf(clientUuid: string, name: string): Promise<{ id: string; name: string }> {
  if (target.masterAdmin) {
    const role = await (await target.masterAdmin()).clients.findRole({ id: clientUuid, roleName: name });
    if (role?.id) return { id: role.id, name };
  }
  const id = target.double?.realm.clientRole(clientUuid, name)?.id;
  if (id === undefined) throw new Error(`no role ${name}`);
  return { id, name };
}

async function realmRoleOf(name: string): Promise<{ id: string; name: string }> {
  if (target.masterAdmin) {
    const role = await (await target.masterAdmin()).roles.findOneByName({ name });
    if (role?.id) return { id: role.id, name };
  }
  const id = target.double?.realm.realmRole(name)?.id;
  if (id === undefined) throw new Error(`no realm role ${name}`);
  return { id, name };
}

describe("the sidecar's credentials (contract)", () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    'given only the sidecar credentials, then every dangerous call is refused with 403',
    async () => {
      const victim = await throwAwayUser(target, cleanups, { totp: true });
      const consoleId = await clientIdOf(target, 'credman-console');
      const managementId = await clientIdOf(target, 'realm-management');
      const otpId = target.masterAdmin
        ? (await (await target.masterAdmin()).users.getCredentials({ id: victim.id })).find(
            (c) => c.type === 'otp',
          )?.id
        : target.double?.realm.users.get(victim.id)?.otpCredentials[0]?.id;
      const refused: [string, string, { method?: string; body?: unknown }][] = [
        ['read credman-console', `/clients/${consoleId}`, {}],
        [
          'add an attacker redirect URI to credman-console',
          `/clients/${consoleId}`,
          {
            method: 'PUT',
            body: { clientId: 'credman-console', redirectUris: ['https://attacker.example/*'] },
          },
        ],
        ['read a non-partner client secret', `/clients/${managementId}/client-secret`, {}],
        [
          'map realm-admin to a user',
          `/users/${victim.id}/role-mappings/clients/${managementId}`,
          { method: 'POST', body: [await roleOf(managementId, 'realm-admin')] },
        ],
        [
          'map a realm-management role the sidecar holds itself (view-realm)',
          `/users/${victim.id}/role-mappings/clients/${managementId}`,
          { method: 'POST', body: [await roleOf(managementId, 'view-realm')] },
        ],
        [
          'map credman-operator to a user',
          `/users/${victim.id}/role-mappings/realm`,
          { method: 'POST', body: [await realmRoleOf('credman-operator')] },
        ],
        [
          "reset a user's password",
          `/users/${victim.id}/reset-password`,
          { method: 'PUT', body: { type: 'password', value: 'attacker-password-1', temporary: false } },
        ],
        [
          "delete a user's OTP credential",
          `/users/${victim.id}/credentials/${otpId ?? 'none'}`,
          { method: 'DELETE' },
        ],
        [
          "change a user's email",
          `/users/${victim.id}`,
          { method: 'PUT', body: { email: 'x@attacker.example' } },
        ],
        [
          'create a user (a would-be realm admin)',
          '/users',
          { method: 'POST', body: { username: `evil-${randomUUID().slice(0, 8)}`, enabled: true } },
        ],
        ['change the realm', '', { method: 'PUT', body: { displayName: 'pwned' } }],
      ];
      const answers = [];
      for (const [what, path, init] of refused) answers.push([what, await status(path, init)]);
      expect(answers).toEqual(refused.map(([what]) => [what, 403]));
    },
  );

  it('given only the sidecar credentials, then a client it creates with a realm-admin role mapper gets no admin rights', async () => {
    const clientId = uniqueClientId('Partner-XX-Contract-Mapper');
    const secret = newSecret();
    const { id } = await kc.clients.create({
      clientId,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      clientAuthenticatorType: 'client-secret',
      secret,
      protocolMappers: [
        {
          name: 'admin',
          protocol: 'openid-connect',
          protocolMapper: 'oidc-hardcoded-role-mapper',
          config: { role: 'realm-management.realm-admin', 'access.token.claim': 'true' },
        },
      ],
    });
    cleanups.push(async () => (await target.admin()).clients.del({ id }));
    const response = await fetch(`${target.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      }),
    });
    const { access_token: accessToken } = (await response.json()) as { access_token: string };
    const changed = await adminFetch(target, accessToken, '', {
      method: 'PUT',
      body: { displayName: 'pwned' },
    });
    expect(changed.status).toBe(403);
  });

  it('given only the sidecar credentials, then a partner application can be created, read with its secret, changed, and its credential-manager role mapped and unmapped', async () => {
    const secret = newSecret();
    const id = await createApplication(kc, {
      clientId: uniqueClientId('Partner-XX-Contract-Perm'),
      secret,
      markerRole: true,
    });
    cleanups.push(async () => (await target.admin()).clients.del({ id }));
    expect((await kc.clients.getClientSecret({ id })).value).toBe(secret);
    const [app] = await kc.clients.find({ clientId: (await kc.clients.findOne({ id }))?.clientId ?? '' });
    expect(app?.id).toBe(id);
    expect(
      await status(`/clients/${id}`, {
        method: 'PUT',
        body: { clientId: app?.clientId, attributes: { 'credman.contract': 'x' } },
      }),
    ).toBe(204);
    const [alice] = await kc.users.find({ username: 'alice', exact: true });
    const role = await kc.clients.findRole({ id, roleName: MARKER_ROLE });
    const roles = [{ id: role?.id ?? '', name: MARKER_ROLE }];
    await kc.users.addClientRoleMappings({ id: alice?.id ?? '', clientUniqueId: id, roles });
    const holders = await kc.clients.findUsersWithRole({ id, roleName: MARKER_ROLE });
    expect(holders.map((user) => user.username)).toEqual(['alice']);
    await kc.users.delClientRoleMappings({ id: alice?.id ?? '', clientUniqueId: id, roles });
    expect(await kc.clients.findUsersWithRole({ id, roleName: MARKER_ROLE })).toEqual([]);
  });

  // docs/architecture.md#listing-applications-at-scale: Keycloak pages the list after the permission check, so
  // `first` and `max` count only the clients the sidecar may see.
  it('given only the sidecar credentials, then GET /clients pages among the clients it may see, in clientId order', async () => {
    const stem = uniqueClientId('Partner-XX-Contract-Page');
    for (const suffix of ['c', 'a', 'b']) {
      const id = await createApplication(kc, {
        clientId: `${stem}-${suffix}`,
        secret: newSecret(),
        markerRole: false,
      });
      cleanups.push(async () => (await target.admin()).clients.del({ id }));
    }
    const page = async (search: string, first: number, max: number) =>
      (await kc.clients.find({ clientId: search, search: true, first, max })).map(
        (client) => client.clientId,
      );
    expect([await page(stem, 0, 2), await page(stem, 1, 2), await page(stem, 2, 2)]).toEqual([
      [`${stem}-a`, `${stem}-b`],
      [`${stem}-b`, `${stem}-c`],
      [`${stem}-c`],
    ]);
    // "credman-" matches credman-console (denied to the sidecar) before credman-sidecar: the first page of one
    // holds the sidecar's own client, the console is neither listed nor counted.
    expect(await page('credman-', 0, 1)).toEqual(['credman-sidecar']);
    expect(await page('credman-', 1, 1)).toEqual([]);
  });
});
