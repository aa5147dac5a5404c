// The live source of manager rights (docs/architecture.md#authorisation): does this user hold the
// application's credential-manager role right now, directly or through a group? Cached by cacheManagerRights
// for at most 30 s.
import type { KeycloakPort } from '../keycloak/port.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { ManagerRights } from './manager-rights.ts';

export function keycloakManagerRights(keycloak: KeycloakPort): ManagerRights {
  return {
    async isManager(userId, clientId) {
      const client = await keycloak.findListedClient(clientId);
      return client !== undefined && (await keycloak.userHasClientRole(userId, client.id, MANAGER_ROLE));
    },
  };
}
