// The adapter's batch claim and conditional write through credman's Keycloak extension (`records-batch`,
// keycloak-extension/README.md): one call claims, one call writes, no response body holds a secret value, and
// without the extension both are KeycloakRejectedError so the caller falls back to the per-application path. The
// extension's part runs on the double in `npm test` and on the real Keycloak in `npm run test:keycloak`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoDouble } from '../testing/demo-double.ts';
import type { DemoDouble } from '../testing/demo-double.ts';
import { startTestKeycloak } from '../testing/test-keycloak.ts';
import type { TestKeycloak } from '../testing/test-keycloak.ts';
import { responsesDuring } from '../testing/received-responses.ts';
import { KeycloakRejectedError } from './errors.ts';
import { MANAGER_ROLE } from './port.ts';
import type { KeycloakPort } from './port.ts';

const SIDECAR_SECRET = 'records-batch-sidecar-secret';
const NOW = Date.UTC(2027, 4, 1, 9);
const WRITER = 'adapter-batch-writer';
const CURRENT = `current-batch-value-${'x'.repeat(28)}`;
const ROTATED = `rotated-batch-value-${'y'.repeat(28)}`;

let withExtension: TestKeycloak;
let stock: DemoDouble;

beforeAll(async () => {
  [withExtension, stock] = await Promise.all([
    startTestKeycloak({ sidecarSecret: SIDECAR_SECRET, startAt: NOW, extension: true }),
    startDemoDouble({ sidecarSecret: SIDECAR_SECRET, startAt: NOW }),
  ]);
});
afterAll(() => Promise.all([withExtension.close(), stock.close()]));

async function application(keycloak: KeycloakPort, clientId: string): Promise<string> {
  const id = await keycloak.createClient({
    clientId,
    secret: CURRENT,
    attributes: {
      'client.secret.rotated': ROTATED,
      'client.secret.rotated.creation.time': String(NOW / 1000),
      'client.secret.rotated.expiration.time': String(NOW / 1000 + 3600),
    },
    defaultClientScopes: [],
    optionalClientScopes: [],
    fullScopeAllowed: false,
  });
  await keycloak.createClientRole(id, MANAGER_ROLE);
  return id;
}

describe("the batch through credman's extension", () => {
  it('given an application, then one call claims it and one writes it, and no body holds a secret value', async () => {
    const keycloak = withExtension.adapter();
    const id = await application(keycloak, 'Partner-NL-AdapterBatch-SMC');
    const description = JSON.stringify({ writer: WRITER, claimedAt: NOW });
    const secrets = JSON.stringify({ revision: 1, writer: WRITER, secrets: [] });
    const responses = await responsesDuring(async () => {
      const [claimed] = await keycloak.claimRecords(
        [{ id, readRevision: 0, revision: 1, description }],
        MANAGER_ROLE,
      );
      if (claimed?.outcome !== 'claimed') throw new Error(`not claimed: ${String(claimed?.outcome)}`);
      expect(claimed.client.id).toBe(id);
      expect(claimed.client.secret).toBeUndefined();
      expect(claimed.client.attributes).not.toHaveProperty('client.secret.rotated');
      expect(claimed.managers).toEqual({ direct: [], groups: [] });
      expect(
        await keycloak.writeRecords([
          { id, revision: 1, writer: WRITER, attributes: { 'credman.secrets': secrets }, obsolete: [] },
        ]),
      ).toEqual([{ id, outcome: 'written' }]);
    });
    expect(responses.length).toBeGreaterThanOrEqual(2);
    for (const { body } of responses) {
      expect(body).not.toContain(CURRENT);
      expect(body).not.toContain(ROTATED);
    }
    expect((await keycloak.getClient(id))?.attributes['credman.secrets']).toBe(secrets);
    expect((await keycloak.getClientRole(id, 'credman.revision.1'))?.description).toBe(description);
    const [again] = await keycloak.claimRecords(
      [{ id, readRevision: 0, revision: 1, description }],
      MANAGER_ROLE,
    );
    expect(again).toEqual({ id, outcome: 'stale-read' });
  });
});

describe('the batch on stock Keycloak', () => {
  it('given no extension, then both calls are KeycloakRejectedError (the caller falls back)', async () => {
    const keycloak = stock.adapter();
    const id = await application(keycloak, 'Partner-NL-AdapterBatchStock-SMC');
    const description = JSON.stringify({ writer: WRITER, claimedAt: NOW });
    await expect(
      keycloak.claimRecords([{ id, readRevision: 0, revision: 1, description }], MANAGER_ROLE),
    ).rejects.toBeInstanceOf(KeycloakRejectedError);
    await expect(
      keycloak.writeRecords([
        {
          id,
          revision: 1,
          writer: WRITER,
          attributes: { 'credman.secrets': '{"revision":1}' },
          obsolete: [],
        },
      ]),
    ).rejects.toBeInstanceOf(KeycloakRejectedError);
    expect(await keycloak.clientHasRole(id, 'credman.revision.1')).toBe(false);
  });
});
