// The sweeper's reads with and without the due index (docs/architecture.md#expiry-and-the-sweeper): with credman's
// Keycloak extension only the applications due by now, without it every application, counted at the port; what
// is swept is the same either way. On the Keycloak double in `npm test` (its extension modelled or not) and on
// the real Keycloak in `npm run test:keycloak` (the server with the JAR, or the stock one beside it:
// docs/architecture.md#testing).
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { ExtensionStatus } from '../keycloak/extension-status.ts';
import { captureLogs } from '../test/fixtures.ts';
import { countingPort } from '../testing/counting-port.ts';
import { SEEDED_APPLICATIONS, fullScanPages, seedApplications } from '../testing/due-seed.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import type { KeycloakHarness } from '../testing/keycloak-harness.ts';
import type { CredentialService } from './credential-service.ts';
import { Sweeper } from './sweeper.ts';

const DM = 'Partner-NL-OrganisationName-DM';
const actor = { id: 'u-alice', username: 'alice', name: 'Alice Anders' };
const START = Date.UTC(2027, 0, 1, 9);
const MINUTE = 60_000;

let harness: KeycloakHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Seeded applications expiring at the end of 2027 (testing/due-seed.ts) and DM with a secret expiring on 6 January. */
async function manyApplications(extension: boolean) {
  const h = (harness = await startKeycloakHarness(START, { extension }));
  expect(h.extension).toBe(extension);
  const counted = countingPort(h.adapter());
  const credentials = h.service({ keycloak: h.adapter() });
  await seedApplications(counted.port, credentials, SEEDED_APPLICATIONS, '2027-12-31');
  await credentials.createSecret(DM, { name: 'Soon', expiresOn: '2027-01-06' }, actor);
  const swept: string[] = [];
  const recording: Pick<CredentialService, 'sweep'> = {
    sweep: (clientId, options) => {
      swept.push(clientId);
      return credentials.sweep(clientId, options);
    },
  };
  const status = new ExtensionStatus({ read: () => h.adapter().extensionInfo(), now: () => h.clock.now() });
  const sweeper = new Sweeper({
    keycloak: counted.port,
    credentials: recording,
    catalogue: DEFAULT_API_CATALOGUE,
    logger: captureLogs().logger,
    intervalSeconds: 300,
    dueIndex: () => status.hasDueIndex(),
    now: () => h.clock.now(),
  });
  const pages = await fullScanPages(h.adapter());
  counted.reset();
  return { h, counted, swept, sweeper, pages };
}

describe('Sweeper with the due index (extension)', () => {
  it('given many applications of which 1 is due, then it asks dueClients once, never searchClients, and sweeps only that one', async () => {
    const { h, counted, swept, sweeper } = await manyApplications(true);
    // Every create's entry is due once its undelivered mark could be stale: the first run reads all of them and
    // moves each entry to its next event.
    h.clock.set(START + 5 * MINUTE);
    expect(await sweeper.runOnce()).toMatchObject({ applications: SEEDED_APPLICATIONS + 1, failed: 0 });
    expect(counted.calls('searchClients')).toBe(0);
    counted.reset();
    swept.length = 0;

    // DM's secret expired at the end of 6 January (Amsterdam): the sweep records it.
    h.clock.set(Date.UTC(2027, 0, 7, 1));
    expect(await sweeper.runOnce()).toEqual({ applications: 1, swept: 1, failed: 0 });
    expect(counted.calls('dueClients')).toBe(1);
    expect(counted.calls('searchClients')).toBe(0);
    expect(swept).toEqual([DM]);

    // Recorded once (DM stays due for the reminder run's expired notice, but has nothing left to sweep).
    counted.reset();
    expect(await sweeper.runOnce()).toMatchObject({ swept: 0, failed: 0 });
    expect(counted.calls('dueClients')).toBe(1);
    expect(counted.calls('searchClients')).toBe(0);
  });
});

describe('Sweeper without the due index (full scan)', () => {
  it('given many applications of which 1 is due, then every run lists every application and only that one is swept, once', async () => {
    const { h, counted, swept, sweeper, pages } = await manyApplications(false);
    h.clock.set(START + 60 * MINUTE);
    const run = await sweeper.runOnce();
    // The demo realm's own applications come on top of the seeded ones and DM.
    expect(run.applications).toBeGreaterThan(SEEDED_APPLICATIONS + 1);
    expect(counted.calls('dueClients')).toBe(0);
    expect(counted.calls('searchClients')).toBe(pages);
    expect(swept).toHaveLength(run.applications);
    counted.reset();
    swept.length = 0;

    h.clock.set(Date.UTC(2027, 0, 7, 1));
    expect(await sweeper.runOnce()).toEqual({ applications: run.applications, swept: 1, failed: 0 });
    expect(counted.calls('dueClients')).toBe(0);
    expect(counted.calls('searchClients')).toBe(pages);
    expect(swept).toContain(DM);

    expect(await sweeper.runOnce()).toMatchObject({ applications: run.applications, swept: 0, failed: 0 });
  });
});
