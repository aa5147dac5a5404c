// The rotation facts credman relies on, stated through the admin client and the token endpoint only, so that they
// hold for the double and for a real Keycloak 26.7.3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import {
  MARKER_ROLE,
  TokenProbe,
  adminFetch,
  createApplication,
  newSecret,
  nowSeconds,
  uniqueClientId,
} from './admin-fixtures.ts';

const EXPIRATION = 'client.secret.expiration.time';
const CREATION = 'client.secret.creation.time';
const ROTATED = 'client.secret.rotated';
const ROTATED_CREATION = 'client.secret.rotated.creation.time';
const ROTATED_EXPIRATION = 'client.secret.rotated.expiration.time';
const ROTATION_KEYS = [EXPIRATION, ROTATED, ROTATED_CREATION, ROTATED_EXPIRATION];

let target: ContractTarget;
let kc: KeycloakAdminClient;
let probe: TokenProbe;
const created: string[] = [];

beforeAll(async () => {
  target = await startContractTarget();
  kc = await target.admin();
  probe = await TokenProbe.discover(target);
});

afterAll(async () => {
  const admin = await target.admin();
  for (const id of created) await admin.clients.del({ id });
  await target.close();
});

async function application(markerRole = true): Promise<{ id: string; clientId: string; secret: string }> {
  const clientId = uniqueClientId(markerRole ? 'Partner-NL-Contract-DM' : 'unmanaged-contract');
  const secret = newSecret();
  kc = await target.admin();
  const id = await createApplication(kc, { clientId, secret, markerRole });
  created.push(id);
  return { id, clientId, secret };
}

/** The single PUT credman sends per transition: changed fields plus authorizationServicesEnabled. */
async function writeSlots(
  app: { id: string; clientId: string },
  slots: { secret: string; expiresAt: number; rotated?: { secret: string; expiresAt: number } },
): Promise<void> {
  const now = nowSeconds(target);
  kc = await target.admin();
  await kc.clients.update(
    { id: app.id },
    {
      clientId: app.clientId,
      authorizationServicesEnabled: false,
      secret: slots.secret,
      attributes: {
        [CREATION]: String(now),
        [EXPIRATION]: String(slots.expiresAt),
        ...(slots.rotated
          ? {
              [ROTATED]: slots.rotated.secret,
              [ROTATED_CREATION]: String(now),
              [ROTATED_EXPIRATION]: String(slots.rotated.expiresAt),
            }
          : {}),
      },
    },
  );
}

async function attributes(id: string): Promise<Record<string, string>> {
  kc = await target.admin();
  const client = await kc.clients.findOne({ id });
  return (client?.attributes ?? {}) as Record<string, string>;
}

describe('rotation protocol (contract)', () => {
  it('given an application created like credman does, then it is confidential with a service account, its marker role exists and its secret works', async () => {
    const app = await application();
    const client = await kc.clients.findOne({ id: app.id });
    expect(client).toMatchObject({
      clientId: app.clientId,
      publicClient: false,
      serviceAccountsEnabled: true,
      secret: app.secret,
    });
    expect(await kc.clients.findRole({ id: app.id, roleName: MARKER_ROLE })).toMatchObject({
      name: MARKER_ROLE,
      clientRole: true,
    });
    const serviceAccount = await kc.clients.getServiceAccountUser({ id: app.id });
    expect(serviceAccount.username).toBe(`service-account-${app.clientId.toLowerCase()}`);
    expect(await probe.accepts(app.clientId, app.secret)).toBe(true);
  });

  it('given the rotation policy applies, when a PUT writes a new secret, a future expiry and the rotated triple, then all are kept and both secrets work', async () => {
    const app = await application();
    const next = newSecret();
    const now = nowSeconds(target);
    await writeSlots(app, {
      secret: next,
      expiresAt: now + 3600,
      rotated: { secret: app.secret, expiresAt: now + 1800 },
    });
    expect(await attributes(app.id)).toMatchObject({
      [EXPIRATION]: String(now + 3600),
      [ROTATED]: app.secret,
      [ROTATED_EXPIRATION]: String(now + 1800),
    });
    expect(await probe.accepts(app.clientId, next)).toBe(true);
    expect(await probe.accepts(app.clientId, app.secret)).toBe(true);
  });

  it('given a client without the marker role, when the same PUT is sent, then the expiry and rotated attributes are wiped and only the new secret works', async () => {
    const app = await application(false);
    const next = newSecret();
    const now = nowSeconds(target);
    await writeSlots(app, {
      secret: next,
      expiresAt: now + 3600,
      rotated: { secret: app.secret, expiresAt: now + 1800 },
    });
    const stored = await attributes(app.id);
    for (const key of ROTATION_KEYS) expect(stored[key]).toBeUndefined();
    expect(await probe.accepts(app.clientId, next)).toBe(true);
    expect(await probe.accepts(app.clientId, app.secret)).toBe(false);
  });

  it('given two live secrets, when the rotated one reaches its own expiry, then it stops working while the current one still works', async () => {
    const app = await application();
    const next = newSecret();
    const now = nowSeconds(target);
    await writeSlots(app, {
      secret: next,
      expiresAt: now + 3600,
      rotated: { secret: app.secret, expiresAt: now + 2 },
    });
    expect(await probe.accepts(app.clientId, app.secret)).toBe(true);
    await target.advance(4);
    expect(await probe.accepts(app.clientId, app.secret)).toBe(false);
    expect(await probe.accepts(app.clientId, next)).toBe(true);
  });

  it('given the current secret has expired, then both the current and the unexpired rotated secret are refused', async () => {
    const app = await application();
    const next = newSecret();
    const now = nowSeconds(target);
    await writeSlots(app, {
      secret: next,
      expiresAt: now + 2,
      rotated: { secret: app.secret, expiresAt: now + 3600 },
    });
    await target.advance(4);
    expect(await probe.accepts(app.clientId, next)).toBe(false);
    expect(await probe.accepts(app.clientId, app.secret)).toBe(false);
  });

  it('given the current secret has expired, when any PUT is sent, then Keycloak rotates to an unknown secret and (rotated period 0) the old one stays dead', async () => {
    const app = await application();
    const now = nowSeconds(target);
    await writeSlots(app, { secret: app.secret, expiresAt: now + 2 });
    await target.advance(4);
    kc = await target.admin();
    await kc.clients.update(
      { id: app.id },
      { clientId: app.clientId, authorizationServicesEnabled: false, attributes: { 'contract.touch': '1' } },
    );
    const client = await kc.clients.findOne({ id: app.id });
    const stored = (client?.attributes ?? {}) as Record<string, string>;
    expect(client?.secret).not.toBe(app.secret);
    expect(stored[ROTATED]).toBeUndefined();
    expect(Number(stored[EXPIRATION])).toBeGreaterThan(nowSeconds(target));
    expect(await probe.accepts(app.clientId, app.secret)).toBe(false);
    expect(await probe.accepts(app.clientId, client?.secret ?? '')).toBe(true);
  });

  it('given rotated-expiration-period 0, when the secret is regenerated, then the new secret works and the old one is dropped', async () => {
    const app = await application();
    const regenerated = await kc.clients.generateNewClientSecret({ id: app.id });
    expect(regenerated.type).toBe('secret');
    expect(regenerated.value).toBeTruthy();
    expect(regenerated.value).not.toBe(app.secret);
    const stored = await attributes(app.id);
    expect(stored[ROTATED]).toBeUndefined();
    expect(Number(stored[EXPIRATION])).toBeGreaterThan(nowSeconds(target));
    expect(await probe.accepts(app.clientId, regenerated.value ?? '')).toBe(true);
    expect(await probe.accepts(app.clientId, app.secret)).toBe(false);
  });

  it('given no rotated secret, then GET client-secret/rotated is 404; given one, it is returned, and DELETE removes it', async () => {
    const app = await application();
    const token = await kc.getAccessToken();
    const none = await adminFetch(target, token ?? '', `/clients/${app.id}/client-secret/rotated`);
    expect(none.status).toBe(404);
    const next = newSecret();
    const now = nowSeconds(target);
    await writeSlots(app, {
      secret: next,
      expiresAt: now + 3600,
      rotated: { secret: app.secret, expiresAt: now + 1800 },
    });
    kc = await target.admin();
    const present = await adminFetch(
      target,
      (await kc.getAccessToken()) ?? '',
      `/clients/${app.id}/client-secret/rotated`,
    );
    expect(present.status).toBe(200);
    expect(await present.json()).toMatchObject({ type: 'secret', value: app.secret });
    await kc.clients.invalidateSecret({ id: app.id });
    const stored = await attributes(app.id);
    expect(stored[ROTATED]).toBeUndefined();
    expect(stored[EXPIRATION]).toBe(String(now + 3600));
    expect(await probe.accepts(app.clientId, app.secret)).toBe(false);
    expect(await probe.accepts(app.clientId, next)).toBe(true);
  });

  it('given a PUT that writes secrets, then its admin event stores the representation with both secrets masked', async () => {
    const app = await application();
    const next = newSecret();
    const now = nowSeconds(target);
    await writeSlots(app, {
      secret: next,
      expiresAt: now + 3600,
      rotated: { secret: app.secret, expiresAt: now + 1800 },
    });
    kc = await target.admin();
    const events = await kc.realms.findAdminEvents({
      realm: target.realm,
      resourcePath: `clients/${app.id}`,
      operationTypes: 'UPDATE',
    });
    const representation = events[0]?.representation ?? '';
    expect(representation).toContain('**********');
    expect(representation).not.toContain(next);
    expect(representation).not.toContain(app.secret);
    expect(JSON.parse(representation)).toMatchObject({
      secret: '**********',
      attributes: { [ROTATED]: '**********' },
    });
  });

  it("given logins with the current and the rotated secret, then their CLIENT_LOGIN events differ only in credman's slot detail (stock 26.7.3 writes the same for both)", async () => {
    const app = await application();
    const next = newSecret();
    const now = nowSeconds(target);
    await writeSlots(app, {
      secret: next,
      expiresAt: now + 3600,
      rotated: { secret: app.secret, expiresAt: now + 1800 },
    });
    await probe.token(app.clientId, next);
    await target.advance(1);
    await probe.token(app.clientId, app.secret);
    kc = await target.admin();
    const events = await kc.realms.findEvents({
      realm: target.realm,
      client: app.clientId,
      type: 'CLIENT_LOGIN',
    });
    expect(events).toHaveLength(2);
    // Newest first: the rotated-secret login, then the current-secret login. Without credman's extension
    // (credman-extension.contract.test.ts compares with a stock target) nothing tells them apart.
    const keys = events.map((event) => Object.keys(event.details ?? {}).sort());
    const expected = [
      'client_auth_method',
      'credman_secret_slot',
      'grant_type',
      'scope',
      'token_id',
      'username',
    ];
    expect(keys).toEqual([expected, expected]);
    expect(events.map((event) => String(event.details?.credman_secret_slot))).toEqual(['rotated', 'current']);
    for (const event of events)
      expect(event.details).toMatchObject({
        grant_type: 'client_credentials',
        client_auth_method: 'client-secret',
        username: `service-account-${app.clientId.toLowerCase()}`,
      });
  });
});
