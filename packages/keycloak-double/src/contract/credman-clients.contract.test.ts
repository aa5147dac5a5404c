// Contract: credman's Keycloak extension's `GET credman/clients` (keycloak-extension/README.md). Clients as the
// stock search lists them to the same caller (ordered by clientId, case-insensitive substring, first/max), but
// without any secret value; with `dueBy` only those whose credman.due is at or before it; 400 for bad parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import {
  TokenProbe,
  adminFetch,
  createApplication,
  grantRealmManagementRole,
  newSecret,
  nowSeconds,
  uniqueClientId,
} from './admin-fixtures.ts';
import { canSetUpBeyondSidecar, hasStockTarget, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

/** A fixed instant, so the boundary does not depend on the target's clock. */
const T = 1_800_000_000_000;
const pad = (ms: number) => String(ms).padStart(13, '0');

interface Made {
  id: string;
  clientId: string;
  current: string;
  rotated: string;
}

let target: ContractTarget;
let stock: ContractTarget | undefined;
let probe: TokenProbe;
let sidecarToken: string;
const created = new Map<ContractTarget, string[]>();
const stem = uniqueClientId('Partner-NL-ExtList');
/** b is due at T-1, a at T, c has no credman.due; made out of order. */
const apps: Record<'a' | 'b' | 'c', Made> = {} as Record<'a' | 'b' | 'c', Made>;

async function makeClient(kc: KeycloakAdminClient, suffix: 'a' | 'b' | 'c', due: number | undefined) {
  const made: Made = { id: '', clientId: `${stem}-${suffix}`, current: newSecret(), rotated: newSecret() };
  made.id = await createApplication(kc, { clientId: made.clientId, secret: made.current, markerRole: true });
  (created.get(target) ?? created.set(target, []).get(target))?.push(made.id);
  const now = nowSeconds(target);
  await kc.clients.update(
    { id: made.id },
    {
      authorizationServicesEnabled: false,
      description: `Listed ${suffix}`,
      attributes: {
        'client.secret.rotated': made.rotated,
        'client.secret.rotated.creation.time': String(now),
        'client.secret.rotated.expiration.time': String(now + 600),
        'credman.example': suffix,
        ...(due === undefined ? {} : { 'credman.due': pad(due) }),
      },
    },
  );
  apps[suffix] = made;
}

async function sidecar(path: string): Promise<Response> {
  return adminFetch(target, sidecarToken, `/credman/clients${path}`);
}

async function listed(path: string): Promise<Record<string, unknown>[]> {
  const response = await sidecar(path);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>[];
}

const mine = (clients: Record<string, unknown>[]) =>
  clients.map((client) => client.clientId).filter((id) => typeof id === 'string' && id.startsWith(stem));

beforeAll(async () => {
  [target, stock] = await Promise.all([
    startContractTarget({ extension: true }),
    hasStockTarget ? startContractTarget({ extension: false }) : Promise.resolve(undefined),
  ]);
  probe = await TokenProbe.discover(target);
  sidecarToken = await probe.token(target.sidecar.clientId, target.sidecar.clientSecret);
  const kc = await target.admin();
  await makeClient(kc, 'c', undefined);
  await makeClient(kc, 'a', T);
  await makeClient(kc, 'b', T - 1);
});

afterAll(async () => {
  for (const [owner, ids] of created) {
    const admin = await owner.admin();
    for (const id of ids) await admin.clients.del({ id });
  }
  await Promise.all([target.close(), stock?.close()]);
});

/** A confidential client whose service account holds only the given realm-management roles. */
async function callerWith(roles: string[]): Promise<string> {
  const kc = await target.admin();
  const clientId = uniqueClientId('contract-ext-list-caller');
  const secret = newSecret();
  const { id } = await kc.clients.create({
    clientId,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    secret,
    defaultClientScopes: ['basic', 'roles', 'kc-admin-api'],
  });
  created.get(target)?.push(id);
  const account = await kc.clients.getServiceAccountUser({ id });
  for (const role of roles) await grantRealmManagementRole(target, account.id ?? '', role);
  return probe.token(clientId, secret);
}

describe('credman/clients (contract)', () => {
  it('given clients with both secrets, then the body holds neither, which the stock read of the same client has', async () => {
    const response = await sidecar(`?search=${encodeURIComponent(stem)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    const whole = await (await target.admin()).clients.findOne({ id: apps.a.id });
    expect(whole?.secret).toBe(apps.a.current);
    expect(whole?.attributes?.['client.secret.rotated']).toBe(apps.a.rotated);
    for (const app of Object.values(apps)) {
      expect(text).not.toContain(app.current);
      expect(text).not.toContain(app.rotated);
    }
    expect(text).not.toContain('client.secret.rotated"');
  });

  it('given a client, then its fields, credman attributes, slot times and scope names, nothing else', async () => {
    const [client] = await listed(`?search=${encodeURIComponent(apps.a.clientId)}`);
    const whole = await (await target.admin()).clients.findOne({ id: apps.a.id });
    expect(Object.keys(client ?? {}).sort()).toEqual(
      [
        'attributes',
        'clientId',
        'defaultClientScopes',
        'description',
        'enabled',
        'id',
        'optionalClientScopes',
        ...(whole?.name === undefined ? [] : ['name']),
      ].sort(),
    );
    expect(client).toMatchObject({
      id: apps.a.id,
      clientId: apps.a.clientId,
      description: 'Listed a',
      enabled: true,
    });
    const attributes = client?.attributes as Record<string, string>;
    expect(attributes['credman.due']).toBe(pad(T));
    expect(attributes['credman.example']).toBe('a');
    const times = /^client\.secret\.(rotated\.)?(creation|expiration)\.time$/;
    const expected = Object.entries(whole?.attributes ?? {}).filter(
      ([name]) => name.startsWith('credman.') || times.test(name),
    );
    expect(attributes).toEqual(Object.fromEntries(expected));
    expect([...(client?.defaultClientScopes as string[])].sort()).toEqual(
      [...(whole?.defaultClientScopes ?? [])].sort(),
    );
    expect([...(client?.optionalClientScopes as string[])].sort()).toEqual(
      [...(whole?.optionalClientScopes ?? [])].sort(),
    );
  });

  it('given a search in other case, then the matches by clientId, paged by first and max', async () => {
    const upper = encodeURIComponent(stem.toUpperCase());
    expect(mine(await listed(`?search=${upper}`))).toEqual([`${stem}-a`, `${stem}-b`, `${stem}-c`]);
    expect(mine(await listed(`?search=${upper}&first=1&max=1`))).toEqual([`${stem}-b`]);
    expect(mine(await listed(`?search=${upper}&first=3`))).toEqual([]);
    expect(mine(await listed(`?search=${upper}&max=0`))).toEqual([]);
  });

  it('given dueBy, then the clients due at or before it (equal is due), never one without credman.due', async () => {
    expect(mine(await listed(`?dueBy=${String(T)}`))).toEqual([`${stem}-a`, `${stem}-b`]);
    expect(mine(await listed(`?dueBy=${String(T - 1)}`))).toEqual([`${stem}-b`]);
    expect(mine(await listed(`?dueBy=${String(T - 2)}`))).toEqual([]);
    const due = await listed(`?dueBy=${String(T)}&max=1000`);
    expect(JSON.stringify(due)).not.toContain(apps.a.rotated);
  });

  it('given dueBy and after, then only the due clients whose clientId sorts after it, paged by max', async () => {
    expect(mine(await listed(`?dueBy=${String(T)}&after=${encodeURIComponent(`${stem}-a`)}`))).toEqual([
      `${stem}-b`,
    ]);
    expect(mine(await listed(`?dueBy=${String(T)}&after=${encodeURIComponent(`${stem}-b`)}`))).toEqual([]);
    expect(mine(await listed(`?dueBy=${String(T)}&after=${encodeURIComponent(stem)}&max=1`))).toEqual([
      `${stem}-a`,
    ]);
    expect(mine(await listed(`?dueBy=${String(T)}&after=`))).toEqual([`${stem}-a`, `${stem}-b`]);
  });

  it('given the sidecar, then a due page after the previous one is the page first would give, among the viewable', async () => {
    const ids = (clients: Record<string, unknown>[]) => clients.map((client) => client.clientId);
    const due = ids(await listed(`?dueBy=${String(T)}`));
    expect(due.length).toBeGreaterThanOrEqual(2);
    for (let first = 1; first < due.length; first++) {
      const previous = encodeURIComponent(String(due[first - 1]));
      expect(ids(await listed(`?dueBy=${String(T)}&after=${previous}&max=1`))).toEqual(
        ids(await listed(`?dueBy=${String(T)}&first=${String(first)}&max=1`)),
      );
    }
    expect(ids(await listed(`?dueBy=${String(T)}&after=${encodeURIComponent(String(due.at(-1)))}`))).toEqual(
      [],
    );
  });

  it('given an empty parameter, then it counts as absent', async () => {
    const all = mine(await listed(`?search=${encodeURIComponent(stem)}`));
    expect(mine(await listed(`?search=${encodeURIComponent(stem)}&dueBy=&first=&max=`))).toEqual(all);
    expect(all).toHaveLength(3);
  });

  it('given bad parameters, then 400 with a JSON error', async () => {
    for (const query of [
      '?first=-1',
      '?max=abc',
      '?first=2147483648',
      '?dueBy=1e3',
      '?dueBy=10000000000000',
      `?dueBy=${String(T)}&search=Partner`,
      '?after=Partner',
      `?search=Partner&after=Partner`,
      `?dueBy=${String(T)}&after=${'x'.repeat(256)}`,
    ]) {
      const response = await sidecar(query);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type'), query).toMatch(/^application\/json/);
      expect(await response.json(), query).toMatchObject({ error: 'invalid_request' });
    }
  });

  it('given the sidecar, a partial admin denied credman-console, then it sees what GET /clients shows it, paged among those', async () => {
    const stockList = await (await target.admin()).clients.find({ clientId: 'credman-', search: true });
    const ids = (clients: { clientId?: unknown }[]) => clients.map((client) => client.clientId);
    expect(ids(await listed('?search=credman-'))).toEqual(ids(stockList));
    expect(ids(await listed('?search=credman-'))).not.toContain('credman-console');
    expect(ids(await listed('?search=credman-&first=0&max=1'))).toEqual(['credman-sidecar']);
    expect(ids(await listed('?search=credman-&first=1&max=1'))).toEqual([]);
  });

  // Callers holding realm-management roles only: none, list only (query-clients), view all (view-clients).
  it.skipIf(!canSetUpBeyondSidecar)(
    'given fewer rights, then no client rights is 403, query-clients only sees no client, view-clients sees them',
    async () => {
      const none = await callerWith([]);
      expect((await adminFetch(target, none, '/credman/clients')).status).toBe(403);
      const lister = await callerWith(['query-clients']);
      const listedToLister = await adminFetch(
        target,
        lister,
        `/credman/clients?search=${encodeURIComponent(stem)}`,
      );
      expect(listedToLister.status).toBe(200);
      expect(await listedToLister.json()).toEqual([]);
      const viewer = await callerWith(['view-clients']);
      const viewed = await adminFetch(target, viewer, `/credman/clients?search=${encodeURIComponent(stem)}`);
      expect(mine((await viewed.json()) as Record<string, unknown>[])).toEqual([
        `${stem}-a`,
        `${stem}-b`,
        `${stem}-c`,
      ]);
    },
  );
});

describe.skipIf(!hasStockTarget)('credman/clients without the extension (contract)', () => {
  it('given stock Keycloak, then the path does not exist (404)', async () => {
    if (!stock) throw new Error('no stock target');
    const stockProbe = await TokenProbe.discover(stock);
    const token = await stockProbe.token(stock.sidecar.clientId, stock.sidecar.clientSecret);
    expect((await adminFetch(stock, token, '/credman/clients')).status).toBe(404);
  });
});
