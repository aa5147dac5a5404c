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

export async function noticeRecipients(
  keycloak: KeycloakPort,
  clientUuid: string,
  operatorEmail: string | undefined,
): Promise<Recipients> {
  const to = await managerAddresses(keycloak, clientUuid);
  if (to.length > 0) return { to, operatorFallback: false };
  return { to: operatorEmail === undefined ? [] : [operatorEmail], operatorFallback: true };
}
