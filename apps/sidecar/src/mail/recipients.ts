// Who gets an application's notices: its credential managers (direct and through groups) whose email Keycloak
// marks as verified; when there is none, the operator address, so that an expiring secret never goes unnoticed.
import { listManagers } from '../applications/managers.ts';
import type { Manager } from '../applications/managers.ts';
import type { KeycloakPort } from '../keycloak/port.ts';

export interface Recipients {
  /** Addresses, each once, in the managers' username order. */
  to: string[];
  /** True when the operator address stands in for missing managers. */
  operatorFallback: boolean;
}

/**
 * Who gets the notices of an application with these managers (the rule, pure): the verified addresses, each
 * once, else the operator address.
 */
export function recipientsOf(managers: readonly Manager[], operatorEmail: string | undefined): Recipients {
  const addresses = managers
    .filter((manager) => manager.emailVerified && manager.email !== null && manager.email !== '')
    .map((manager) => manager.email as string);
  const to = [...new Set(addresses)];
  if (to.length > 0) return { to, operatorFallback: false };
  return { to: operatorEmail === undefined ? [] : [operatorEmail], operatorFallback: true };
}

export async function noticeRecipients(
  keycloak: KeycloakPort,
  clientUuid: string,
  operatorEmail: string | undefined,
): Promise<Recipients> {
  return recipientsOf(await listManagers(keycloak, clientUuid), operatorEmail);
}
