// Who gets an application's notices: its credential managers (direct and through groups) whose email Keycloak
// marks as verified; when there is none, the operator address, so that an expiring secret never goes unnoticed.
import { listManagers } from '../applications/managers.ts';
import type { KeycloakPort } from '../keycloak/port.ts';

export interface Recipients {
  /** Addresses, each once, in the managers' username order. */
  to: string[];
  /** True when the operator address stands in for missing managers. */
  operatorFallback: boolean;
}

async function managerAddresses(
  keycloak: KeycloakPort,
  clientUuid: string,
  exceptUserId?: string,
): Promise<string[]> {
  const managers = await listManagers(keycloak, clientUuid);
  const addresses = managers
    .filter((manager) => manager.id !== exceptUserId)
    .filter((manager) => manager.emailVerified && manager.email !== null && manager.email !== '')
    .map((manager) => manager.email as string);
  return [...new Set(addresses)];
}

/**
 * The managers other than `userId` with a verified email, for a notice about what `userId` did themselves
 * (an edit): the person who acted knows, and with no other manager nobody needs telling.
 */
export async function otherManagerRecipients(
  keycloak: KeycloakPort,
  clientUuid: string,
  userId: string,
): Promise<Recipients> {
  return { to: await managerAddresses(keycloak, clientUuid, userId), operatorFallback: false };
}

export async function noticeRecipients(
  keycloak: KeycloakPort,
  clientUuid: string,
  operatorEmail: string | undefined,
): Promise<Recipients> {
  const to = await managerAddresses(keycloak, clientUuid);
  if (to.length > 0) return { to, operatorFallback: false };
  return { to: operatorEmail === undefined ? [] : [operatorEmail], operatorFallback: true };
}
