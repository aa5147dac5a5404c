// The application list's cost in Keycloak calls: an operator's list scans every application, a manager's reads
// only the applications their token names (docs/architecture.md#authorisation). Counted at the double's Admin API
// among 500 applications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import { startDemoDouble } from '../testing/demo-double.ts';
import type { DemoDouble } from '../testing/demo-double.ts';
import { CredentialService } from './credential-service.ts';

const APPLICATIONS = 500;
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
  it("given a manager of 2, then only those 2 are read: 4 calls instead of the operator's scan", async () => {
    const mine = [clientIdOf(7), clientIdOf(321), 'Partner-NL-Deleted-DM', 'not-a-convention-name'];
    const list = await service.listApplications({ clientIds: mine });
    expect(list.map((application) => application.clientId)).toEqual([clientIdOf(7), clientIdOf(321)]);

    const managerCalls = await callsOf(() =>
      service.listApplications({ clientIds: [clientIdOf(8), clientIdOf(9)] }),
    );
    const operatorCalls = await callsOf(() => service.listApplications({}));
    // Per application one look-up by clientId and one check of its manager role (then cached for 30 s).
    expect(managerCalls).toBe(4);
    // The scan pages through every convention-named client, 100 a page, whole representations.
    expect(operatorCalls).toBeGreaterThanOrEqual(APPLICATIONS / 100);
  });

  it("filters a manager's list by the search, ignoring case, without reading the others", async () => {
    const calls = await callsOf(async () => {
      const list = await service.listApplications({
        clientIds: [clientIdOf(10), clientIdOf(20)],
        search: 'list0010',
      });
      expect(list.map((application) => application.clientId)).toEqual([clientIdOf(10)]);
    });
    expect(calls).toBe(2);
  });
});
