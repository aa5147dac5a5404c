// Contract: credman's Keycloak extension's batch endpoints (feature `records-batch`, keycloak-extension/README.md):
// `POST credman/claims` claims revisions of several clients in one call (claimed with the secret-free client and its
// manager holders, stale-read, taken with the role's description, gone), `PUT credman/records` writes claimed
// revisions only while the claim holds (written, not-claimed, gone). Both interoperate with the stock protocol's
// role creates (docs/architecture.md#revision-claim), refuse a malformed body with 400 changing nothing, and do not
// exist on stock Keycloak.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import type { Cleanups, RoleHolders } from './privileged.ts';
import { canSetUpBeyondSidecar, hasStockTarget, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';

const CLAIMED_AT = 1_800_000_000_000;
const WRITER: string = randomUUID();
const describeClaim = (writer: string) => JSON.stringify({ writer, claimedAt: CLAIMED_AT });
const secretsDocument = (revision: number, writer = WRITER) =>
  JSON.stringify({ revision, writer, secrets: [] });
const claimRole = (revision: number) => `credman.revision.${String(revision)}`;

interface App {
  id: string;
  clientId: string;
  current: string;
  rotated: string;
}

let target: ContractTarget;
let stock: ContractTarget | undefined;
let probe: TokenProbe;
let token: string;
const created: string[] = [];
const cleanups: Cleanups = [];

beforeAll(async () => {
  [target, stock] = await Promise.all([
    startContractTarget({ extension: true }),
    hasStockTarget ? startContractTarget({ extension: false }) : Promise.resolve(undefined),
  ]);
  probe = await TokenProbe.discover(target);
  token = await probe.token(target.sidecar.clientId, target.sidecar.clientSecret);
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  const kc = await target.admin();
  for (const id of created) await kc.clients.del({ id });
  await Promise.all([target.close(), stock?.close()]);
});

/** An application with both secret slots filled and, unless `revision` is 0, `credman.secrets` at that revision. */
async function application(revision: number, extra: Record<string, string> = {}): Promise<App> {
  const kc = await target.admin();
  const app: App = {
    id: '',
    clientId: uniqueClientId('Partner-NL-Batch'),
    current: newSecret(),
    rotated: newSecret(),
  };
  app.id = await createApplication(kc, { clientId: app.clientId, secret: app.current, markerRole: true });
  created.push(app.id);
  const now = nowSeconds(target);
  await kc.clients.update(
    { id: app.id },
    {
      authorizationServicesEnabled: false,
      attributes: {
        'client.secret.rotated': app.rotated,
        'client.secret.rotated.creation.time': String(now),
        'client.secret.rotated.expiration.time': String(now + 600),
        ...(revision > 0 ? { 'credman.secrets': secretsDocument(revision) } : {}),
        ...extra,
      },
    },
  );
  return app;
}

async function claims(body: unknown, caller = token): Promise<Response> {
  return adminFetch(target, caller, '/credman/claims', { method: 'POST', body });
}

async function records(body: unknown, caller = token): Promise<Response> {
  return adminFetch(target, caller, '/credman/records', { method: 'PUT', body });
}

async function outcomes(response: Response): Promise<Record<string, unknown>[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await response.json()) as { outcomes: Record<string, unknown>[] }).outcomes;
}

const claim = (app: { id: string }, readRevision: number, revision: number, writer = WRITER) => ({
  id: app.id,
  readRevision,
  revision,
  description: describeClaim(writer),
});

const claimBody = (...items: ReturnType<typeof claim>[]) => ({ managerRole: MARKER_ROLE, claims: items });

const write = (
  app: { id: string },
  revision: number,
  options: { writer?: string; attributes?: Record<string, string>; obsolete?: number[] } = {},
) => ({
  id: app.id,
  revision,
  writer: options.writer ?? WRITER,
  attributes: {
    'credman.secrets': secretsDocument(revision, options.writer ?? WRITER),
    ...options.attributes,
  },
  obsolete: options.obsolete ?? [],
});

async function role(app: App, name: string) {
  return (await (await target.admin()).clients.findRole({ id: app.id, roleName: name })) ?? undefined;
}

/** The stock admin API's read of the client: what any other reader sees. */
async function stockRead(app: App) {
  const client = await (await target.admin()).clients.findOne({ id: app.id });
  if (!client) throw new Error(`no client ${app.clientId}`);
  return client;
}

/** A user holding the marker role directly and a group holding it with one member (privileged.ts). */
const managersOf = (app: App): Promise<RoleHolders> =>
  roleHolders(target, cleanups, app.id, MARKER_ROLE, 'batch');

/** A confidential client whose service account holds only the given realm-management roles: its token. */
async function callerWith(roles: string[]): Promise<string> {
  const kc = await target.admin();
  const clientId = uniqueClientId('contract-batch-caller');
  const secret = newSecret();
  const { id } = await kc.clients.create({
    clientId,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    secret,
    defaultClientScopes: ['basic', 'roles', 'kc-admin-api'],
  });
  created.push(id);
  const account = await kc.clients.getServiceAccountUser({ id });
  for (const name of roles) await grantRealmManagementRole(target, account.id ?? '', name);
  return probe.token(clientId, secret);
}

describe('credman/claims (contract)', () => {
  it('given four applications, then claimed, stale-read, taken (with its description) and gone, in order', async () => {
    const [fresh, moved, held] = await Promise.all([application(0), application(2), application(3)]);
    const other = randomUUID();
    await (
      await target.admin()
    ).clients.createRole({
      id: held.id,
      name: claimRole(4),
      description: describeClaim(other),
    });
    const unknown = { id: randomUUID() };
    const answered = await outcomes(
      await claims(
        claimBody(claim(fresh, 0, 1), claim(moved, 1, 2), claim(held, 3, 4), claim(unknown, 0, 1)),
      ),
    );
    expect(answered.map((outcome) => [outcome.id, outcome.outcome])).toEqual([
      [fresh.id, 'claimed'],
      [moved.id, 'stale-read'],
      [held.id, 'taken'],
      [unknown.id, 'gone'],
    ]);
    expect(answered[2]).toEqual({ id: held.id, outcome: 'taken', description: describeClaim(other) });
    expect(answered[1]).toEqual({ id: moved.id, outcome: 'stale-read' });
    expect(answered[3]).toEqual({ id: unknown.id, outcome: 'gone' });
    expect((await role(fresh, claimRole(1)))?.description).toBe(describeClaim(WRITER));
    expect(await role(moved, claimRole(2))).toBeUndefined();
  });

  it('given a claim, then the client comes secret-free, as credman/clients lists it, with both secrets nowhere in the body', async () => {
    const app = await application(5, { 'credman.example': 'batch' });
    const response = await claims(claimBody(claim(app, 5, 6)));
    const text = await response.clone().text();
    const [claimed] = await outcomes(response);
    expect(text).not.toContain(app.current);
    expect(text).not.toContain(app.rotated);
    expect(text).not.toContain('client.secret.rotated"');
    const listed = await adminFetch(
      target,
      token,
      `/credman/clients?search=${encodeURIComponent(app.clientId)}`,
    );
    const [asListed] = (await listed.json()) as Record<string, unknown>[];
    // Scope names come in the order of Keycloak's map of them, which is not stable between two reads.
    const sortedScopes = (client: unknown) => {
      const { defaultClientScopes, optionalClientScopes, ...rest } = client as Record<string, string[]>;
      return {
        ...rest,
        scopes: [[...(defaultClientScopes ?? [])].sort(), [...(optionalClientScopes ?? [])].sort()],
      };
    };
    expect(sortedScopes(claimed?.client)).toEqual(sortedScopes(asListed));
    const attributes = (claimed?.client as { attributes: Record<string, string> }).attributes;
    expect(attributes['credman.secrets']).toBe(secretsDocument(5));
    expect(attributes['credman.example']).toBe('batch');
    const whole = await stockRead(app);
    expect(whole.secret).toBe(app.current);
  });

  it.skipIf(!canSetUpBeyondSidecar)(
    'given managers directly and through a group, then both holders come with the claim, as the role reads list them',
    async () => {
      const app = await application(0);
      const names = await managersOf(app);
      const [claimed] = await outcomes(await claims(claimBody(claim(app, 0, 1))));
      expect(claimed?.outcome).toBe('claimed');
      const managers = claimed?.managers as {
        direct: Record<string, unknown>[];
        groups: { id: string; path: string; members: Record<string, unknown>[] }[];
      };
      const kc = await target.admin();
      const stockDirect = await kc.clients.findUsersWithRole({ id: app.id, roleName: MARKER_ROLE });
      expect(managers.direct.map((user) => user.username)).toEqual(stockDirect.map((user) => user.username));
      expect(managers.direct.map((user) => user.username)).toEqual([names.direct]);
      expect(managers.direct[0]).toMatchObject({
        id: stockDirect[0]?.id,
        username: names.direct,
        email: `${names.direct}@example.org`,
        emailVerified: false,
        enabled: true,
      });
      expect(managers.groups.map((group) => group.path)).toEqual([`/${names.group}`]);
      const members = await kc.groups.listMembers({ id: managers.groups[0]?.id ?? '' });
      expect(managers.groups[0]?.members.map((user) => user.username)).toEqual(
        members.map((u) => u.username),
      );
      expect(managers.groups[0]?.members.map((user) => user.username)).toEqual([names.member]);
    },
  );

  it('given two batches claiming the same revision at once, then one is claimed and the other taken', async () => {
    const app = await application(0);
    const rival = randomUUID();
    const answered = await Promise.all([
      claims(claimBody(claim(app, 0, 1))).then(outcomes),
      claims(claimBody(claim(app, 0, 1, rival))).then(outcomes),
    ]);
    const kinds = answered.map(([answer]) => answer?.outcome).sort();
    expect(kinds).toEqual(['claimed', 'taken']);
    const winner = answered[0][0]?.outcome === 'claimed' ? WRITER : rival;
    expect((await role(app, claimRole(1)))?.description).toBe(describeClaim(winner));
  });

  it('given a damaged credman.secrets, then stale-read and no claim role', async () => {
    const app = await application(0, { 'credman.secrets': '{"revision":' });
    const [answer] = await outcomes(await claims(claimBody(claim(app, 0, 1))));
    expect(answer).toEqual({ id: app.id, outcome: 'stale-read' });
    expect(await role(app, claimRole(1))).toBeUndefined();
  });

  it('given a batch claim, then the admin API cannot create the same claim role (409)', async () => {
    const app = await application(0);
    expect((await outcomes(await claims(claimBody(claim(app, 0, 1)))))[0]?.outcome).toBe('claimed');
    const create = await adminFetch(target, token, `/clients/${app.id}/roles`, {
      method: 'POST',
      body: { name: claimRole(1), description: describeClaim(randomUUID()) },
    });
    expect(create.status).toBe(409);
    expect((await role(app, claimRole(1)))?.description).toBe(describeClaim(WRITER));
  });

  it.skipIf(!canSetUpBeyondSidecar)(
    'given fewer rights, then no client rights is 403 and view-clients only is gone, creating nothing',
    async () => {
      const app = await application(0);
      const none = await callerWith([]);
      expect((await claims(claimBody(claim(app, 0, 1)), none)).status).toBe(403);
      const viewer = await callerWith(['view-clients', 'view-users']);
      expect(await outcomes(await claims(claimBody(claim(app, 0, 1)), viewer))).toEqual([
        { id: app.id, outcome: 'gone' },
      ]);
      expect(await role(app, claimRole(1))).toBeUndefined();
    },
  );

  it('given a malformed body, then 400 invalid_request and nothing claimed', async () => {
    const app = await application(0);
    const many = Array.from({ length: 101 }, () => claim({ id: randomUUID() }, 0, 1));
    for (const body of [
      claimBody(),
      claimBody(...many),
      claimBody(claim(app, 0, 1), claim(app, 1, 2)),
      claimBody(claim(app, 1, 1)),
      claimBody(claim(app, -1, 1)),
      claimBody({ ...claim(app, 0, 1), description: 'x'.repeat(256) }),
      { claims: [claim(app, 0, 1)] },
    ]) {
      const response = await claims(body);
      expect(response.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
    expect(await role(app, claimRole(1))).toBeUndefined();
    expect(await role(app, claimRole(2))).toBeUndefined();
  });
});

describe('credman/records (contract)', () => {
  /** An application at `revision` whose claim role of that revision exists, then claimed at the next one. */
  async function claimed(revision: number, writer = WRITER): Promise<App> {
    const app = await application(revision);
    if (revision > 0)
      await (
        await target.admin()
      ).clients.createRole({
        id: app.id,
        name: claimRole(revision),
        description: describeClaim(randomUUID()),
      });
    const [answer] = await outcomes(await claims(claimBody(claim(app, revision, revision + 1, writer))));
    expect(answer?.outcome).toBe('claimed');
    return app;
  }

  it('given claimed applications, then written: attributes visible to the stock read, the obsolete role gone, the claimed one kept', async () => {
    const app = await claimed(1);
    const kc = await target.admin();
    await kc.clients.update({ id: app.id }, { attributes: { 'credman.drop': 'x' } });
    const answered = await outcomes(
      await records({
        writes: [
          write(app, 2, { attributes: { 'credman.example': 'written', 'credman.drop': '' }, obsolete: [1] }),
        ],
      }),
    );
    expect(answered).toEqual([{ id: app.id, outcome: 'written' }]);
    const whole = await stockRead(app);
    expect(whole.attributes?.['credman.secrets']).toBe(secretsDocument(2));
    expect(whole.attributes?.['credman.example']).toBe('written');
    expect(whole.attributes).not.toHaveProperty('credman.drop');
    expect(whole.secret).toBe(app.current);
    expect(whole.attributes?.['client.secret.rotated']).toBe(app.rotated);
    expect(await role(app, claimRole(1))).toBeUndefined();
    expect((await role(app, claimRole(2)))?.description).toBe(describeClaim(WRITER));
    const events = await kc.realms.findAdminEvents({
      realm: target.realm,
      resourcePath: `clients/${app.id}`,
      operationTypes: 'UPDATE',
      resourceTypes: 'CLIENT',
    });
    // The newest is the batch write's, without a representation (Keycloak's PUT records the one it was sent).
    expect(events[0]).toMatchObject({ operationType: 'UPDATE', resourceType: 'CLIENT' });
    expect(events[0]?.representation).toBeUndefined();
    for (const event of events) {
      expect(event.representation ?? '').not.toContain(app.current);
      expect(event.representation ?? '').not.toContain(app.rotated);
    }
  });

  it('given another writer, no claim role, or a stored revision not below, then not-claimed and nothing written', async () => {
    const [other, unclaimed, done] = await Promise.all([claimed(0), application(0), claimed(0)]);
    expect(await outcomes(await records({ writes: [write(done, 1)] }))).toEqual([
      { id: done.id, outcome: 'written' },
    ]);
    const answered = await outcomes(
      await records({
        writes: [
          write(other, 1, { writer: randomUUID() }),
          write(unclaimed, 1),
          write(done, 1, { attributes: { 'credman.example': 'again' } }),
          write({ id: randomUUID() }, 1),
        ],
      }),
    );
    expect(answered.map((outcome) => outcome.outcome)).toEqual([
      'not-claimed',
      'not-claimed',
      'not-claimed',
      'gone',
    ]);
    expect((await stockRead(other)).attributes).not.toHaveProperty('credman.secrets');
    expect((await stockRead(unclaimed)).attributes).not.toHaveProperty('credman.secrets');
    expect((await stockRead(done)).attributes).not.toHaveProperty('credman.example');
  });

  it('given a claim taken over and written by another writer, then the late write is not-claimed', async () => {
    const app = await claimed(0);
    // Another writer took over revision 1 as abandoned and wrote revision 2 (the stock protocol's takeover).
    const kc = await target.admin();
    const next = randomUUID();
    await kc.clients.createRole({ id: app.id, name: claimRole(2), description: describeClaim(next) });
    await kc.clients.update({ id: app.id }, { attributes: { 'credman.secrets': secretsDocument(2, next) } });
    await kc.clients.delRole({ id: app.id, roleName: claimRole(1) });
    expect(await outcomes(await records({ writes: [write(app, 1)] }))).toEqual([
      { id: app.id, outcome: 'not-claimed' },
    ]);
    expect((await stockRead(app)).attributes?.['credman.secrets']).toBe(secretsDocument(2, next));
  });

  it.skipIf(!canSetUpBeyondSidecar)(
    'given a caller with view-clients only, then gone and nothing written',
    async () => {
      const app = await claimed(0);
      const viewer = await callerWith(['view-clients']);
      expect(await outcomes(await records({ writes: [write(app, 1)] }, viewer))).toEqual([
        { id: app.id, outcome: 'gone' },
      ]);
      expect((await stockRead(app)).attributes).not.toHaveProperty('credman.secrets');
    },
  );

  it('given a malformed body, then 400 invalid_request and nothing written', async () => {
    const app = await claimed(0);
    const many = Array.from({ length: 101 }, () => write({ id: randomUUID() }, 1));
    for (const body of [
      { writes: [] },
      { writes: many },
      { writes: [write(app, 1), write(app, 1)] },
      { writes: [write(app, 1, { attributes: { secret: 'not-a-credman-attribute' } })] },
      { writes: [write(app, 1, { attributes: { 'client.secret.rotated': 'x' } })] },
      { writes: [{ ...write(app, 1), attributes: { 'credman.example': 'no secrets document' } }] },
      { writes: [write(app, 1, { obsolete: [1] })] },
    ]) {
      const response = await records(body);
      expect(response.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      const error = (await response.json()) as Record<string, unknown>;
      expect(error).toMatchObject({ error: 'invalid_request' });
      expect(JSON.stringify(error)).not.toContain('not-a-credman-attribute');
    }
    const whole = await stockRead(app);
    expect(whole.attributes).not.toHaveProperty('credman.secrets');
    expect(whole.secret).toBe(app.current);
  });
});

describe.skipIf(!hasStockTarget)(
  'credman/claims and credman/records without the extension (contract)',
  () => {
    it('given stock Keycloak, then neither path exists (404)', async () => {
      if (!stock) throw new Error('no stock target');
      const stockProbe = await TokenProbe.discover(stock);
      const stockToken = await stockProbe.token(stock.sidecar.clientId, stock.sidecar.clientSecret);
      const body = { managerRole: MARKER_ROLE, claims: [claim({ id: randomUUID() }, 0, 1)] };
      expect((await adminFetch(stock, stockToken, '/credman/claims', { method: 'POST', body })).status).toBe(
        404,
      );
      const writes = { writes: [write({ id: randomUUID() }, 1)] };
      expect(
        (await adminFetch(stock, stockToken, '/credman/records', { method: 'PUT', body: writes })).status,
      ).toBe(404);
    });
  },
);
