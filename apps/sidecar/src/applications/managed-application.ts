// The application an operator endpoint acts on: a client whose ID follows the naming convention and that
// defines the `credential-manager` role (which is also what makes the rotation policy apply to it).
import { parseApplicationName } from '@credman/domain';
import type { ApiCatalogue } from '@credman/domain';
import { ApplicationNotFoundError } from '../credentials/credential-service.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakClient, KeycloakPort } from '../keycloak/port.ts';

/** The managed application with this client ID, or ApplicationNotFoundError. */
export async function findManagedApplication(
  keycloak: KeycloakPort,
  catalogue: ApiCatalogue,
  clientId: string,
): Promise<KeycloakClient> {
  if (!parseApplicationName(clientId, catalogue).ok) throw new ApplicationNotFoundError(clientId);
  const client = await keycloak.findClientByClientId(clientId);
  if (!client || !(await keycloak.clientHasRole(client.id, MANAGER_ROLE)))
    throw new ApplicationNotFoundError(clientId);
  return client;
}
