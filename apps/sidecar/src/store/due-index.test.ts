import { describe, expect, it } from 'vitest';
import { DUE_ATTRIBUTE } from './due-attribute.ts';
import type { DueFix } from '../credentials/credential-service.ts';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';

const actor = { id: 'u-alice', username: 'alice', name: 'Alice' };
const dm = 'Partner-NL-OrganisationName-DM';
const smc = 'Partner-NL-OrganisationName-SMC';

describe('credman.due over the Keycloak double', () => {
  it('is written in the PUT of a create, and only the due application is due by now', async () => {
    const harness = await startKeycloakHarness(Date.UTC(2027, 0, 10, 9));
    try {
      const keycloak = harness.adapter();
      const credentials = harness.service({ keycloak });
      await credentials.createSecret(dm, { name: 'Short', expiresOn: '2027-01-20' }, actor);
      await credentials.createSecret(smc, { name: 'Long', expiresOn: '2027-12-31' }, actor);
      // A create's own write: due when its undelivered mark could be stale (2 minutes, the claim lease).
      expect((await harness.client(dm))?.attributes[DUE_ATTRIBUTE]).toBe(String(Date.UTC(2027, 0, 10, 9, 2)));

      harness.clock.set(Date.UTC(2027, 0, 10, 9, 5));
      const fixes: DueFix[] = [];
      for (const clientId of [dm, smc])
        await credentials.sweep(clientId, { reindex: true, onDueFixed: (fix) => fixes.push(fix) });
      // After the window the next events are the first daily notice (13 Jan) and the 6-weeks one (19 Nov), midnights in Amsterdam.
      expect(fixes.map((fix) => [fix.clientId, fix.new])).toEqual([
        [dm, String(Date.UTC(2027, 0, 12, 23))],
        [smc, String(Date.UTC(2027, 10, 18, 23))],
      ]);

      harness.clock.set(Date.UTC(2027, 0, 13, 1));
      // What the extension's query compares (credman.due ≤ dueBy, as text): only the first is due.
      const dueBy = String(harness.clock.now()).padStart(13, '0');
      const stored = await Promise.all([dm, smc].map((clientId) => harness.client(clientId)));
      expect(stored.map((client) => (client?.attributes[DUE_ATTRIBUTE] ?? '') <= dueBy)).toEqual([
        true,
        false,
      ]);
    } finally {
      await harness.close();
    }
  });
});
