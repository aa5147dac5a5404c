// The adapter's reads through credman's Keycloak extension (keycloak-extension/README.md, `credman/clients`): with
// it no listed client's secret value reaches the sidecar, not even on the wire; without it the stock list is used
// and `dueClients` is refused. The extension's part runs on the double in `npm test` and on the real Keycloak (with
// the JAR loaded) in `npm run test:keycloak`; the stock part on the double.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoDouble } from '../testing/demo-double.ts';
import type { DemoDouble } from '../testing/demo-double.ts';
import { startTestKeycloak } from '../testing/test-keycloak.ts';
import type { TestKeycloak } from '../testing/test-keycloak.ts';
import { responsesDuring } from '../testing/received-responses.ts';
import { KeycloakRejectedError } from './errors.ts';
import type { KeycloakPort } from './port.ts';

const SIDECAR_SECRET = 'secret-free-sidecar-secret';
const NOW = Date.UTC(2027, 4, 1, 9);
const pad = (ms: number) => String(ms).padStart(13, '0');

interface Made {
  clientId: string;
  current: string;
  rotated: string;
}

let withExtension: TestKeycloak;
let stock: DemoDouble;
const made: Made[] = [];

async function makeApplications(keycloak: KeycloakPort): Promise<Made[]> {
  const apps: Made[] = [];
  for (const [index, due] of [NOW - 1, NOW, NOW + 1, undefined].entries()) {
    const app: Made = {
      clientId: `Partner-NL-SecretFree${String(index)}-SMC`,
      current: `current-value-${String(index)}-${'x'.repeat(30)}`,
      rotated: `rotated-value-${String(index)}-${'y'.repeat(30)}`,
    };
    const id = await keycloak.createClient({
      clientId: app.clientId,
      secret: app.current,
      attributes: {
        'client.secret.rotated': app.rotated,
        'client.secret.rotated.creation.time': String(NOW / 1000),
        'client.secret.rotated.expiration.time': String(NOW / 1000 + 3600),
        'credman.example': 'kept',
        ...(due === undefined ? {} : { 'credman.due': pad(due) }),
      },
      defaultClientScopes: [],
      optionalClientScopes: [],
      fullScopeAllowed: false,
    });
    // The single read still has both values: what the list must not carry is there to be carried.
    const whole = await keycloak.getClient(id);
    expect(whole?.secret).toBe(app.current);
    expect(whole?.attributes['client.secret.rotated']).toBe(app.rotated);
    apps.push(app);
  }
  return apps;
}

beforeAll(async () => {
  [withExtension, stock] = await Promise.all([
    startTestKeycloak({ sidecarSecret: SIDECAR_SECRET, startAt: NOW, extension: true }),
    startDemoDouble({ sidecarSecret: SIDECAR_SECRET, startAt: NOW }),
  ]);
  made.push(...(await makeApplications(withExtension.adapter())));
});
afterAll(() => Promise.all([withExtension.close(), stock.close()]));
afterEach(() => {
  vi.restoreAllMocks();
});

/** Every response body the process receives while `read` runs. */
async function bodiesDuring(read: () => Promise<unknown>): Promise<string[]> {
  return (await responsesDuring(read)).map((response) => response.body);
}

describe("reads with credman's extension", () => {
  it('given clients with secrets, then no response body of a list, a paged scan or a due read holds a secret value', async () => {
    const keycloak = withExtension.adapter();
    const bodies = await bodiesDuring(async () => {
      const listed = await keycloak.searchClients({ search: 'SecretFree', first: 0, max: 10 });
      expect(listed.map((client) => client.clientId)).toEqual(made.map((app) => app.clientId));
      const scanned = [];
      for (let first = 0; ; first += 2) {
        const page = await keycloak.searchClients({ search: 'Partner', first, max: 2 });
        scanned.push(...page);
        if (page.length < 2) break;
      }
      expect(scanned.map((client) => client.clientId)).toEqual(
        expect.arrayContaining(made.map((a) => a.clientId)),
      );
      await keycloak.dueClients({ dueBy: NOW, first: 0, max: 10 });
    });
    const clientReads = bodies.filter((body) => body.startsWith('['));
    expect(clientReads.length).toBeGreaterThanOrEqual(3);
    for (const app of made) {
      for (const body of bodies) {
        expect(body).not.toContain(app.current);
        expect(body).not.toContain(app.rotated);
      }
    }
  });

  it('given a list, then credman attributes and the slot times come, other attributes do not', async () => {
    const [listed] = await withExtension
      .adapter()
      .searchClients({ search: made[0]?.clientId ?? '', first: 0, max: 1 });
    expect(listed?.secret).toBeUndefined();
    expect(listed?.attributes).toMatchObject({
      'client.secret.rotated.creation.time': String(NOW / 1000),
      'client.secret.rotated.expiration.time': String(NOW / 1000 + 3600),
      'credman.due': pad(NOW - 1),
      'credman.example': 'kept',
    });
    const times = /^client\.secret\.(rotated\.)?(creation|expiration)\.time$/;
    const names = Object.keys(listed?.attributes ?? {});
    expect(names.filter((name) => !name.startsWith('credman.') && !times.test(name))).toEqual([]);
  });

  it('given dueBy, then the clients due at or before it, by clientId, and none without credman.due', async () => {
    const due = await withExtension.adapter().dueClients({ dueBy: NOW, first: 0, max: 10 });
    expect(due.map((client) => client.clientId)).toEqual([made[0]?.clientId, made[1]?.clientId]);
    const page = await withExtension.adapter().dueClients({ dueBy: NOW + 1, first: 1, max: 1 });
    expect(page.map((client) => client.clientId)).toEqual([made[1]?.clientId]);
  });

  it('given after, then the next due page starts after that client, as first would', async () => {
    const adapter = withExtension.adapter();
    const [firstPage] = await adapter.dueClients({ dueBy: NOW + 1, first: 0, max: 1 });
    const byCursor = await adapter.dueClients({
      dueBy: NOW + 1,
      first: 1,
      max: 1,
      after: firstPage?.clientId,
    });
    const byOffset = await adapter.dueClients({ dueBy: NOW + 1, first: 1, max: 1 });
    expect(byCursor.map((client) => client.clientId)).toEqual([made[1]?.clientId]);
    expect(byCursor.map((client) => client.clientId)).toEqual(byOffset.map((client) => client.clientId));
  });
});

describe('reads with an older extension', () => {
  it('given a JAR without due-index-after, then the next due page is asked by first, never after (it would be ignored)', async () => {
    const original = globalThis.fetch;
    const asked: URL[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (...args: Parameters<typeof fetch>) => {
      const [input] = args;
      const url = new URL(input instanceof Request ? input.url : String(input));
      const response = await original(...args);
      if (url.pathname.endsWith('/credman/clients')) asked.push(url);
      if (!url.pathname.endsWith('/credman/info')) return response;
      const info = (await response.json()) as { features: string[] };
      const features = info.features.filter((feature) => feature !== 'due-index-after');
      return Response.json({ ...info, features });
    });
    const page = await withExtension
      .adapter()
      .dueClients({ dueBy: NOW + 1, first: 1, max: 1, after: made[0]?.clientId });
    expect(page.map((client) => client.clientId)).toEqual([made[1]?.clientId]);
    expect(asked.map((url) => [url.searchParams.get('first'), url.searchParams.has('after')])).toEqual([
      ['1', false],
    ]);
  });
});

describe("one client by clientId, as a list gives it (findListedClient), with credman's extension", () => {
  it('given a clientId, then exactly that client without secret values; none for a name only contained in others', async () => {
    const keycloak = withExtension.adapter();
    const wanted = made[1];
    if (!wanted) throw new Error('no application made');
    let found: Awaited<ReturnType<KeycloakPort['findListedClient']>>;
    const bodies = await bodiesDuring(async () => {
      found = await keycloak.findListedClient(wanted.clientId);
      expect(await keycloak.findListedClient('Partner-NL-SecretFree')).toBeUndefined();
    });
    expect(found).toMatchObject({ clientId: wanted.clientId, secret: undefined });
    expect(found?.attributes).toMatchObject({ 'credman.example': 'kept', 'credman.due': pad(NOW) });
    expect(found?.attributes['client.secret.rotated']).toBeUndefined();
    expect(bodies.filter((body) => body.startsWith('[')).length).toBeGreaterThanOrEqual(2);
    for (const body of bodies)
      for (const app of made) {
        expect(body).not.toContain(app.current);
        expect(body).not.toContain(app.rotated);
      }
  });

  it('given more clients containing the clientId than one page holds, ahead of it, then it reads on and finds it', async () => {
    const keycloak = withExtension.adapter();
    const target = 'Partner-NL-Listed-SMC';
    // Sorted before the target and each containing it: the first page of the search is all decoys.
    const decoys = Array.from({ length: 21 }, (_, i) => `A${String(i).padStart(2, '0')}-${target}`);
    for (const clientId of [...decoys, target])
      await keycloak.createClient({
        clientId,
        secret: `listed-value-${clientId}-${'z'.repeat(20)}`,
        attributes: { 'credman.example': clientId },
        defaultClientScopes: [],
        optionalClientScopes: [],
        fullScopeAllowed: false,
      });
    const found = await keycloak.findListedClient(target);
    expect(found).toMatchObject({ clientId: target, secret: undefined });
    expect(found?.attributes['credman.example']).toBe(target);
  });
});

describe('reads without the extension (stock double)', () => {
  it('given no extension, then findListedClient reads the client by clientId and drops its secret values', async () => {
    const keycloak = stock.adapter();
    const id = await keycloak.createClient({
      clientId: 'Partner-NL-StockListed-SMC',
      secret: `stock-listed-value-${'s'.repeat(30)}`,
      attributes: {
        'client.secret.rotated': `stock-rotated-value-${'r'.repeat(30)}`,
        'credman.example': 'kept',
      },
      defaultClientScopes: [],
      optionalClientScopes: [],
      fullScopeAllowed: false,
    });
    const found = await keycloak.findListedClient('Partner-NL-StockListed-SMC');
    expect(found).toMatchObject({ id, secret: undefined, attributes: { 'credman.example': 'kept' } });
    expect(found?.attributes['client.secret.rotated']).toBeUndefined();
    expect(await keycloak.findListedClient('Partner-NL-StockListed')).toBeUndefined();
  });

  it('given no extension, then the stock list answers and dueClients is refused', async () => {
    const keycloak = stock.adapter();
    await makeApplications(keycloak);
    const listed = await keycloak.searchClients({ search: 'SecretFree', first: 0, max: 10 });
    expect(listed).toHaveLength(4);
    expect(listed.every((client) => client.secret === undefined)).toBe(true);
    await expect(keycloak.dueClients({ dueBy: NOW, first: 0, max: 10 })).rejects.toBeInstanceOf(
      KeycloakRejectedError,
    );
  });
});
