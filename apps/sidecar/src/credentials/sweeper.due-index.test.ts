// The sweeper's reads with the due index (docs/architecture.md#expiry-and-the-sweeper): only the applications
// due by now, counted at the port, among 100 applications on the Keycloak double.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { ExtensionStatus } from '../keycloak/extension-status.ts';
import { captureLogs } from '../test/fixtures.ts';
import { countingPort } from '../testing/counting-port.ts';
import { seedApplications } from '../testing/due-seed.ts';
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

/** 99 seeded applications expiring at the end of 2027 and DM with a secret expiring on 6 January. */
async function hundredApplications(extension: boolean) {
  const h = (harness = await startKeycloakHarness(START, { extension }));
  const counted = countingPort(h.adapter());
  const credentials = h.service({ keycloak: h.adapter() });
  await seedApplications(counted.port, credentials, 99, '2027-12-31');
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
  counted.reset();
  return { h, counted, swept, sweeper };
}

describe('Sweeper with the due index', () => {
  it('given 100 applications of which 1 is due, then it asks dueClients once, never searchClients, and sweeps only that one', async () => {
    const { h, counted, swept, sweeper } = await hundredApplications(true);
    // Every create's entry is due once its undelivered mark could be stale: the first run reads all of them and
    // moves each entry to its next event.
    h.clock.set(START + 5 * MINUTE);
    expect(await sweeper.runOnce()).toMatchObject({ applications: 100, failed: 0 });
    expect(counted.calls('searchClients')).toBe(0);
    counted.reset();
    swept.length = 0;

    // DM's secret expired at the end of 6 January (Amsterdam): the sweep records it.
    h.clock.set(Date.UTC(2027, 0, 7, 1));
    expect(await sweeper.runOnce()).toEqual({ applications: 1, swept: 1, failed: 0 });
    expect(counted.calls('dueClients')).toBe(1);
    expect(counted.calls('searchClients')).toBe(0);
    expect(swept).toEqual([DM]);
  });

  it('given Keycloak without the due index, then it scans every application as before', async () => {
    const { h, counted, swept, sweeper } = await hundredApplications(false);
    h.clock.set(START + 60 * MINUTE);
    const run = await sweeper.runOnce();
    // The demo realm's own applications come on top of the 100.
    expect(run.applications).toBeGreaterThan(100);
    expect(counted.calls('dueClients')).toBe(0);
    expect(counted.calls('searchClients')).toBeGreaterThanOrEqual(2);
    expect(swept).toHaveLength(run.applications);
  });
});
