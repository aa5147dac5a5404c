// Applications for the due-index tests (docs/architecture.md#the-due-index): convention-named, managed (the
// credential-manager role) and each with one secret credman created, so each carries a credman.due. Made 8 at a
// time: on the real Keycloak (npm run test:keycloak) one after the other would spend most of the suite waiting.
import type { KeycloakPort } from '../keycloak/port.ts';
import { pool } from '../reminders/work-pool.ts';
import { APPLICATION_NAME_SEARCH, APPLICATION_SCAN_PAGE } from '../store/application-scan.ts';
import { realKeycloakAdmin } from './test-keycloak.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { CredentialService } from '../credentials/credential-service.ts';

/**
 * How many applications the due-index job suites seed beside the one that is due: enough on the double for a full
 * scan of two pages; on the real Keycloak (npm run test:keycloak), where each costs about ten admin calls, a few,
 * which still tell a due read from a full one (docs/architecture.md#testing: the added real-Keycloak time stays
 * small).
 */
export const SEEDED_APPLICATIONS = realKeycloakAdmin() === undefined ? 99 : 9;

/**
 * The list calls one full scan makes (store/application-scan.ts scanApplications): one per page of
 * APPLICATION_SCAN_PAGE, and one more after a full last page. Asked of Keycloak before the counting starts.
 */
export async function fullScanPages(keycloak: Pick<KeycloakPort, 'searchClients'>): Promise<number> {
  const listed = await keycloak.searchClients({ search: APPLICATION_NAME_SEARCH, first: 0, max: 10_000 });
  return Math.floor(listed.length / APPLICATION_SCAN_PAGE) + 1;
}

export const seededName = (i: number): string => `Partner-NL-Seed${String(i).padStart(3, '0')}-DM`;

const ACTOR = { id: 'u-alice', username: 'alice', name: 'Alice Anders' };

/** `count` applications named seededName(0…count-1), each with a secret "Seed" expiring on `expiresOn`. */
export async function seedApplications(
  keycloak: Pick<KeycloakPort, 'createClient' | 'createClientRole'>,
  credentials: Pick<CredentialService, 'createSecret'>,
  count: number,
  expiresOn: string,
): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => seededName(i));
  await pool(names, 8, async (clientId) => {
    const id = await keycloak.createClient({
      clientId,
      secret: `placeholder-${clientId}`,
      attributes: {},
      defaultClientScopes: ['basic', 'roles', 'dm.sandbox'],
      optionalClientScopes: [],
      fullScopeAllowed: false,
    });
    await keycloak.createClientRole(id, MANAGER_ROLE);
    await credentials.createSecret(clientId, { name: 'Seed', expiresOn }, ACTOR);
  });
  return names;
}
