// The application list's cost in Keycloak calls: an operator's page is one call whatever the number of
// applications, a manager's list reads only the applications their token names
// (docs/architecture.md#listing-applications-at-scale). Counted at the double's Admin API among 500 applications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import { startDemoDouble } from '../testing/demo-double.ts';
import type { DemoDouble } from '../testing/demo-double.ts';
import { CredentialService } from './credential-service.ts';
import { nextDueAt } from '../reminders/next-due.ts';

const APPLICATIONS = 500;
const PAGE = { first: 0, max: 50 };
const clientIdOf = (i: number) => `Partner-NL-List${String(i).padStart(4, '0')}-DM`;

let keycloak: DemoDouble;
let service: CredentialService;

beforeAll(async () => {
  keycloak = await startDemoDouble({ sidecarSecret: 'list-test-secret', startAt: Date.UTC(2027, 0, 4, 9) });
  const adapter = keycloak.adapter();
  for (let i = 0; i < APPLICATIONS; i++) {
    const id = await adapter.createClient({
      clientId: clientIdOf(i),
      secret: `placeholder-${String(i)}`,
      attributes: {},
      defaultClientScopes: ['basic', 'roles', 'dm.sandbox'],
      optionalClientScopes: [],
      fullScopeAllowed: false,
    });
    await adapter.createClientRole(id, MANAGER_ROLE);
  }
  service = new CredentialService({
    nextDueAt,
    keycloak: adapter,
    now: () => keycloak.clock.now(),
    config: { zone: 'Europe/Amsterdam', catalogue: DEFAULT_API_CATALOGUE },
  });
}, 120_000);

afterAll(() => keycloak.close());

async function callsOf(list: () => Promise<unknown>): Promise<number> {
  const before = keycloak.adminCalls();
  await list();
  return keycloak.adminCalls() - before;
}

describe('application list among 500 applications', () => {
  it('given a manager of 2, then only those 2 are read: 4 calls', async () => {
    const mine = [clientIdOf(7), clientIdOf(321), 'Partner-NL-Deleted-DM', 'not-a-convention-name'];
    const list = await service.listApplications({ clientIds: mine, ...PAGE });
    expect(list.applications.map((application) => application.clientId)).toEqual([
      clientIdOf(7),
      clientIdOf(321),
    ]);
    expect(list.hasMore).toBe(false);

    const managerCalls = await callsOf(() =>
      service.listApplications({ clientIds: [clientIdOf(8), clientIdOf(9)], ...PAGE }),
    );
    // Per application one look-up by clientId and one check of its manager role (then cached for 30 s).
    expect(managerCalls).toBe(4);
  });

  it('given an operator, then each page is one Keycloak call, wherever it starts, and says whether more follow', async () => {
    const pages: { clientIds: string[]; hasMore: boolean; calls: number }[] = [];
    // The adapter asks once whether credman's extension lists secret-free (credman/info, cached 5 minutes): that
    // one call is not a page's cost.
    await service.listApplications({ search: '-List', first: 0, max: 1 });
    for (const first of [0, 50, APPLICATIONS - 20]) {
      let clientIds: string[] = [];
      let hasMore = false;
      const calls = await callsOf(async () => {
        const page = await service.listApplications({ search: '-List', first, max: 50 });
        clientIds = page.applications.map((application) => application.clientId);
        hasMore = page.hasMore;
      });
      pages.push({ clientIds, hasMore, calls });
    }
    const numbered = (from: number, count: number) =>
      Array.from({ length: count }, (_unused, i) => clientIdOf(from + i));
    expect(pages).toEqual([
      { clientIds: numbered(0, 50), hasMore: true, calls: 1 },
      { clientIds: numbered(50, 50), hasMore: true, calls: 1 },
      { clientIds: numbered(APPLICATIONS - 20, 20), hasMore: false, calls: 1 },
    ]);
  });

  it("pages a manager's list too, saying whether more follow", async () => {
    const mine = [clientIdOf(1), clientIdOf(2), clientIdOf(3)];
    const second = await service.listApplications({ clientIds: mine, first: 2, max: 2 });
    const first = await service.listApplications({ clientIds: mine, first: 0, max: 2 });
    expect([first, second].map((page) => [page.applications.map((a) => a.clientId), page.hasMore])).toEqual([
      [[clientIdOf(1), clientIdOf(2)], true],
      [[clientIdOf(3)], false],
    ]);
  });

  it("filters a manager's list by the search, ignoring case, without reading the others", async () => {
    const calls = await callsOf(async () => {
      const list = await service.listApplications({
        clientIds: [clientIdOf(10), clientIdOf(20)],
        search: 'list0010',
        ...PAGE,
      });
      expect(list.applications.map((application) => application.clientId)).toEqual([clientIdOf(10)]);
    });
    expect(calls).toBe(2);
  });
});
