// The operator's user search (choosing whom to make a credential manager).
import type { UserAccount } from '@credman/api-contract';
import type { KeycloakPort } from '../keycloak/port.ts';
import { displayName } from './managers.ts';

export const USER_SEARCH_DEFAULT_MAX = 20;
export const USER_SEARCH_MAX = 100;

/** Keycloak names every service-account user with this prefix (ServiceAccountConstants). */
const SERVICE_ACCOUNT_PREFIX = 'service-account-';

/** A user as the operator's search shows it: the contract's type. */
export type { UserAccount };

export interface UserSearch {
  /** Matched against username, email, first and last name; empty lists everyone. */
  search: string;
  first: number;
  max: number;
}

/**
 * People matching the search, ordered as Keycloak returns them. Keycloak's `search` already leaves service
 * accounts out; the prefix check keeps them out even where a server or query variant does not.
 */
export async function searchUsers(keycloak: KeycloakPort, query: UserSearch): Promise<UserAccount[]> {
  const users = await keycloak.findUsers(query);
  return users
    .filter((user) => !user.username.startsWith(SERVICE_ACCOUNT_PREFIX))
    .map((user) => ({
      id: user.id,
      username: user.username,
      name: displayName(user),
      email: user.email ?? null,
      emailVerified: user.emailVerified,
    }));
}
