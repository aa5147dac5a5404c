// Applications for the due-index tests (docs/architecture.md#the-due-index): convention-named, managed (the
// credential-manager role) and each with one secret credman created, so each carries a credman.due.
import type { KeycloakPort } from '../keycloak/port.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { CredentialService } from '../credentials/credential-service.ts';

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
  for (const clientId of names) {
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
  }
  return names;
}
