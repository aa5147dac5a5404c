// Admin REST API facts credman relies on beyond rotation: permissions, masking, errors, role holders.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { canSetUpBeyondSidecar, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import {
  MARKER_ROLE,
  TokenProbe,
  adminFetch,
  createApplication,
  grantRealmManagementRole,
  newSecret,
  nowSeconds,
  uniqueClientId,
} from './admin-fixtures.ts';
import { roleHolders } from './privileged.ts';

let target: ContractTarget;
let kc: KeycloakAdminClient;
let probe: TokenProbe;
const created: string[] = [];
/** Removals of what the master admin set up (users, groups), run before the clients are deleted. */
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  target = await startContractTarget();
  kc = await target.admin();
  probe = await TokenProbe.discover(target);
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  const admin = await target.admin();
  for (const id of created) await admin.clients.del({ id });
  await target.close();
});

async function sidecarToken(): Promise<string> {
  return probe.token(target.sidecar.clientId, target.sidecar.clientSecret);
}

/** A confidential client whose service account has no realm-management role at all. */
async function serviceAccountWithoutRoles(): Promise<{ id: string; clientId: string; secret: string }> {
  const clientId = uniqueClientId('contract-no-roles');
  const secret = newSecret();
  kc = await target.admin();
  const { id } = await kc.clients.create({
    clientId,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    secret,
    // kc-admin-api (from 26.8.2) keeps the token acceptable to the Admin API there; Keycloak 26.7.3, which has no
    // such scope, and the double ignore the unknown scope.
    defaultClientScopes: ['basic', 'roles', 'kc-admin-api'],
  });
  created.push(id);
  return { id, clientId, secret };
}

describe('admin REST API (contract)', () => {
  it('given no or a forged bearer token, then the Admin API answers 401 with the JAX-RS message and no challenge', async () => {
    for (const response of [
      await fetch(`${target.baseUrl}/admin/realms/${target.realm}/clients`),
      await adminFetch(target, 'not-a-token', '/clients'),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(await response.json()).toEqual({ error: 'HTTP 401 Unauthorized' });
    }
  });

  it('given a service account without the needed realm-management role, then the call is 403 with the JAX-RS message', async () => {
    const caller = await serviceAccountWithoutRoles();
    const token = await probe.token(caller.clientId, caller.secret);
    const response = await adminFetch(target, token, '/clients');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'HTTP 403 Forbidden' });
  });

  it('given a service account without view-realm, then reading the client policies is 403', async () => {
    const caller = await serviceAccountWithoutRoles();
    const token = await probe.token(caller.clientId, caller.secret);
    expect((await adminFetch(target, token, '/client-policies/policies')).status).toBe(403);
  });

  it("given credman's sidecar roles (with view-realm), then the client policies list the rotation policy", async () => {
    const token = await sidecarToken();
    const policies = (await (await adminFetch(target, token, '/client-policies/policies')).json()) as {
      policies?: { name?: string; enabled?: boolean; profiles?: string[] }[];
    };
    const profiles = (await (await adminFetch(target, token, '/client-policies/profiles')).json()) as {
      profiles?: { name?: string; executors?: { executor?: string }[] }[];
    };
    const rotating = (profiles.profiles ?? []).filter((p) =>
      (p.executors ?? []).some((e) => e.executor === 'secret-rotation'),
    );
    expect(rotating).toHaveLength(1);
    const bound = (policies.policies ?? []).filter(
      (p) => p.enabled === true && (p.profiles ?? []).includes(rotating[0]?.name ?? ''),
    );
    expect(bound).toHaveLength(1);
  });

  it('given an unknown client id, then GET is 404 (findOne resolves to null)', async () => {
    kc = await target.admin();
    expect(await kc.clients.findOne({ id: randomUUID() })).toBeNull();
    const response = await adminFetch(target, await sidecarToken(), `/clients/${randomUUID()}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Could not find client' });
  });

  it('given an existing clientId, when another client is created with it, then the answer is 409', async () => {
    const clientId = uniqueClientId('contract-dup');
    kc = await target.admin();
    created.push(await createApplication(kc, { clientId, secret: newSecret(), markerRole: false }));
    const response = await adminFetch(target, await sidecarToken(), '/clients', {
      method: 'POST',
      body: { clientId },
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ errorMessage: `Client ${clientId} already exists` });
  });

  it('given a client role name, then creating it again is 409, it keeps its description, and after DELETE the name is free', async () => {
    // credman's cross-replica write claim rests on exactly this: one create per name succeeds.
    const clientId = uniqueClientId('contract-claim');
    kc = await target.admin();
    const appId = await createApplication(kc, { clientId, secret: newSecret(), markerRole: true });
    created.push(appId);
    const token = await sidecarToken();
    const rolePath = `/clients/${appId}/roles`;
    const create = (description: string) =>
      adminFetch(target, token, rolePath, {
        method: 'POST',
        body: { name: 'credman.revision.7', description },
      });

    expect((await create('first')).status).toBe(201);
    const second = await create('second');
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({ errorMessage: 'Role with name credman.revision.7 already exists' });
    const read = await adminFetch(target, token, `${rolePath}/credman.revision.7`);
    expect(((await read.json()) as { description?: string }).description).toBe('first');

    const removed = await adminFetch(target, token, `${rolePath}/credman.revision.7`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect((await adminFetch(target, token, `${rolePath}/credman.revision.7`)).status).toBe(404);
    expect(
      (await adminFetch(target, token, `${rolePath}/credman.revision.7`, { method: 'DELETE' })).status,
    ).toBe(404);
    expect((await create('again')).status).toBe(201);
  });

  it("given client roles, then GET roles?search= lists those whose name or description contains it, by name, with their descriptions, to the sidecar's service account", async () => {
    // credman's sweep finds undelivered marks (credman.undelivered.<id>) of an application with one such listing,
    // and keeps only the names that start with the prefix (a description may contain it too).
    const clientId = uniqueClientId('contract-marks');
    kc = await target.admin();
    const appId = await createApplication(kc, { clientId, secret: newSecret(), markerRole: true });
    created.push(appId);
    const token = await sidecarToken();
    const rolePath = `/clients/${appId}/roles`;
    for (const [name, description] of [
      ['credman.undelivered.b', '{"markedAt":2}'],
      ['credman.undelivered.a', '{"markedAt":1}'],
      ['credman.revision.3', 'claim'],
      ['other', 'not one of the credman.undelivered. marks'],
    ])
      expect(
        (await adminFetch(target, token, rolePath, { method: 'POST', body: { name, description } })).status,
      ).toBe(201);

    const listed = await adminFetch(
      target,
      token,
      `${rolePath}?search=credman.undelivered.&first=0&max=100&briefRepresentation=true`,
    );
    expect(listed.status).toBe(200);
    const roles = (await listed.json()) as { name: string; description?: string }[];
    expect(roles.map((role) => [role.name, role.description])).toEqual([
      ['credman.undelivered.a', '{"markedAt":1}'],
      ['credman.undelivered.b', '{"markedAt":2}'],
      ['other', 'not one of the credman.undelivered. marks'],
    ]);
  });

  it('given a manage-clients caller, when a client is created with a protocol mapper, then it is created (no manage-realm check in 26.7.3)', async () => {
    const clientId = uniqueClientId('contract-mapper');
    const response = await adminFetch(target, await sidecarToken(), '/clients', {
      method: 'POST',
      body: {
        clientId,
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        protocolMappers: [
          {
            name: 'audience',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            config: { 'included.client.audience': clientId, 'access.token.claim': 'true' },
          },
        ],
      },
    });
    expect(response.status).toBe(201);
    const id = response.headers.get('location')?.split('/').at(-1) ?? '';
    created.push(id);
    kc = await target.admin();
    const client = await kc.clients.findOne({ id });
    expect(client?.protocolMappers?.map((mapper) => mapper.name)).toEqual(['audience']);
  });

  it('given q on an attribute that is not searchable, then GET /clients is 400 invalid_request naming it', async () => {
    const response = await adminFetch(
      target,
      await sidecarToken(),
      `/clients?q=${encodeURIComponent('credman.secrets:x')}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Attributes [credman.secrets] not allowed for search',
    });
  });

  it("given a bad dateFrom or direction, then /events answers 400 with Keycloak's message", async () => {
    const token = await sidecarToken();
    const badDate = await adminFetch(target, token, '/events?dateFrom=yesterday');
    expect(badDate.status).toBe(400);
    expect(await badDate.json()).toEqual({
      error: "Invalid value for 'dateFrom', expected format is yyyy-MM-dd or an Epoch timestamp",
    });
    const badDirection = await adminFetch(target, token, '/events?direction=sideways');
    expect(badDirection.status).toBe(400);
    expect(await badDirection.json()).toEqual({
      error: 'Invalid value for sortDirection, expected value is asc or desc',
    });
  });

  it('given clientId with search=true, then matching is case-insensitive on a substring and ordered by clientId', async () => {
    const stem = uniqueClientId('contract-search');
    kc = await target.admin();
    for (const suffix of ['b', 'a'])
      created.push(
        await createApplication(kc, {
          clientId: `${stem}-${suffix}`,
          secret: newSecret(),
          markerRole: false,
        }),
      );
    const found = await kc.clients.find({ clientId: stem.toUpperCase(), search: true });
    expect(found.map((client) => client.clientId)).toEqual([`${stem}-a`, `${stem}-b`]);
    const exact = await kc.clients.find({ clientId: `${stem}-a` });
    expect(exact.map((client) => client.clientId)).toEqual([`${stem}-a`]);
  });

  it('given a manage-clients caller, then GET client and GET client-secret return the secrets in clear', async () => {
    const secret = newSecret();
    kc = await target.admin();
    const id = await createApplication(kc, {
      clientId: uniqueClientId('contract-clear'),
      secret,
      markerRole: true,
    });
    created.push(id);
    expect((await kc.clients.findOne({ id }))?.secret).toBe(secret);
    expect(await kc.clients.getClientSecret({ id })).toMatchObject({ type: 'secret', value: secret });
  });

  // Keycloak 26.7.3 strips no secret for viewers: ClientResource.getClient, getClientSecret and
  // getClientRotatedSecret need only requireView. Regenerating needs more.
  it.skipIf(!canSetUpBeyondSidecar)(
    'given a view-clients-only caller, then GET client, GET client-secret and GET client-secret/rotated show both secrets in clear, and regenerating is 403',
    async () => {
      const rotated = newSecret();
      const current = newSecret();
      kc = await target.admin();
      const appId = await createApplication(kc, {
        clientId: uniqueClientId('contract-viewer'),
        secret: rotated,
        markerRole: true,
      });
      created.push(appId);
      const now = nowSeconds(target);
      await kc.clients.update(
        { id: appId },
        {
          authorizationServicesEnabled: false,
          secret: current,
          attributes: {
            'client.secret.rotated': rotated,
            'client.secret.rotated.creation.time': String(now),
            'client.secret.rotated.expiration.time': String(now + 60),
          },
        },
      );
      const viewer = await serviceAccountWithoutRoles();
      kc = await target.admin();
      const viewerUser = await kc.clients.getServiceAccountUser({ id: viewer.id });
      await grantRealmManagementRole(target, viewerUser.id ?? '', 'view-clients');
      const token = await probe.token(viewer.clientId, viewer.secret);
      const client = (await (await adminFetch(target, token, `/clients/${appId}`)).json()) as {
        secret?: string;
        attributes?: Record<string, string>;
      };
      expect(client.secret).toBe(current);
      expect(client.attributes?.['client.secret.rotated']).toBe(rotated);
      const secret = await adminFetch(target, token, `/clients/${appId}/client-secret`);
      expect(secret.status).toBe(200);
      expect(await secret.json()).toEqual({ type: 'secret', value: current });
      const old = await adminFetch(target, token, `/clients/${appId}/client-secret/rotated`);
      expect(old.status).toBe(200);
      expect(await old.json()).toEqual({ type: 'secret', value: rotated });
      const regenerate = await adminFetch(target, token, `/clients/${appId}/client-secret`, {
        method: 'POST',
      });
      expect(regenerate.status).toBe(403);
    },
  );

  it.skipIf(!canSetUpBeyondSidecar)(
    'given a direct holder and a group holding the role, then role users lists only the direct holder and role groups lists the group',
    async () => {
      kc = await target.admin();
      const appId = await createApplication(kc, {
        clientId: uniqueClientId('contract-holders'),
        secret: newSecret(),
        markerRole: true,
      });
      created.push(appId);
      const holders = await roleHolders(target, cleanups, appId, MARKER_ROLE, 'contract');

      kc = await target.admin();
      const users = await kc.clients.findUsersWithRole({
        id: appId,
        roleName: MARKER_ROLE,
        briefRepresentation: true,
      });
      expect(users.map((user) => user.username)).toEqual([holders.direct]);
      const groups = (await (
        await adminFetch(target, await sidecarToken(), `/clients/${appId}/roles/${MARKER_ROLE}/groups`)
      ).json()) as { id: string }[];
      expect(groups.map((group) => group.id)).toEqual([holders.groupId]);
      const members = await kc.groups.listMembers({ id: holders.groupId });
      expect(members.map((user) => user.username)).toEqual([holders.member]);
    },
  );
});
