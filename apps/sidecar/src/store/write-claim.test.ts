// The revision claim against a reader who arrives late (docs/architecture.md#revision-claim): the role of
// revision n+1 is deleted once n+2 has landed, so a reader of n can create it again; the claim's own read must
// then refuse it, or that reader would write revision n+1 over n+2.
import { describe, expect, it } from 'vitest';
import { startKeycloakHarness } from '../testing/keycloak-harness.ts';
import { EMPTY_LEDGER } from './records/ledger.ts';
import { revisionOf } from './application.ts';
import { claimRoleName } from './write-claim.ts';

const DM = 'Partner-NL-OrganisationName-DM';
const alice = { id: 'u-alice', username: 'alice', name: 'Alice' };

describe('the revision claim', () => {
  it('a reader of revision n after n+2 landed cannot write: its claim of n+1 is given up as a stale read', async () => {
    const harness = await startKeycloakHarness(Date.UTC(2027, 0, 10, 9));
    try {
      const keycloak = harness.adapter();
      const late = harness.service({ keycloak });
      const other = harness.service({ keycloak: harness.adapter() });
      await other.createSecret(DM, { name: 'First', expiresOn: '2027-06-30' }, alice);
      const stale = await late.applications.application(DM);
      const n = stale.secrets.revision;
      await other.recordAudit(DM, []);
      await other.recordAudit(DM, []);
      const client = await harness.client(DM);
      if (!client) throw new Error('no client');
      expect(revisionOf(client)).toBe(n + 2);
      // What lets the late reader in: only the newest revision's role stays.
      expect(await keycloak.getClientRole(client.id, claimRoleName(n + 1))).toBeUndefined();

      let worked = false;
      const outcome = await late.withApplicationClaim(stale, () => {
        worked = true;
        return Promise.resolve(EMPTY_LEDGER);
      });

      expect(outcome).toBe('busy');
      expect(worked).toBe(false);
      const after = await harness.client(DM);
      if (!after) throw new Error('no client');
      expect(revisionOf(after)).toBe(n + 2);
      expect(await keycloak.getClientRole(client.id, claimRoleName(n + 1))).toBeUndefined();
      // Read afresh, the same writer claims and writes the next revision.
      const fresh = await late.applications.application(DM);
      expect(await late.withApplicationClaim(fresh, () => Promise.resolve(EMPTY_LEDGER))).toBe('written');
      const written = await harness.client(DM);
      expect(written && revisionOf(written)).toBe(n + 3);
    } finally {
      await harness.close();
    }
  });
});
