// Who manages an application: the users holding its `credential-manager` client role directly, and the members
// of groups holding it (Keycloak lists role users without group-derived holders — docs/architecture.md#roles).
// The operator endpoints and the reminders job both need this one list.
import { FEWER_THAN_TWO_MANAGERS } from '@credman/domain';
import { personName } from '@credman/domain';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakPort, KeycloakUser, ManagerHolders } from '../keycloak/port.ts';

/** Below this many managers an application depends on one person; responses carry a warning. */
export const MIN_MANAGERS = 2;
export type ManagerWarning = typeof FEWER_THAN_TWO_MANAGERS;

/** Page size of the role-holder and group-member reads. */
const PAGE = 100;

export interface Manager {
  id: string;
  username: string;
  name: string;
  email: string | null;
  emailVerified: boolean;
  /** `direct` for a role mapping on the user, `group:<path>` when the role comes from a group. */
  via: 'direct' | `group:${string}`;
}

/** "First Last", else the username: the name people recognise in the console and in mails. */
export function displayName(user: Pick<KeycloakUser, 'username' | 'firstName' | 'lastName'>): string {
  // The user's own text (account console): made safe to show others, never refused (packages/domain).
  const full = personName([user.firstName, user.lastName].filter((part) => part !== undefined).join(' '));
  return full !== '' ? full : user.username;
}

async function allPages(read: (page: { first: number; max: number }) => Promise<KeycloakUser[]>) {
  const users: KeycloakUser[] = [];
  for (let first = 0; ; first += PAGE) {
    const page = await read({ first, max: PAGE });
    users.push(...page);
    if (page.length < PAGE) return users;
  }
}

/**
 * The managers of the client with this UUID, each once (mergeManagers), read from the role's direct holders and
 * the members of the groups holding it.
 */
export async function listManagers(keycloak: KeycloakPort, clientUuid: string): Promise<Manager[]> {
  const [direct, groups] = await Promise.all([
    allPages((page) => keycloak.usersWithClientRole(clientUuid, MANAGER_ROLE, page)),
    keycloak.groupsWithClientRole(clientUuid, MANAGER_ROLE),
  ]);
  const withMembers = await Promise.all(
    groups.map(async (group) => ({
      ...group,
      members: await allPages((page) => keycloak.groupMembers(group.id, page)),
    })),
  );
  return mergeManagers({ direct, groups: withMembers });
}

/**
 * The rules of who counts as a manager, once for every source of holders (the reads above, or the extension's
 * batch claim: store/batch-claim.ts): each user once, a direct mapping winning over a group and among groups the
 * first by path; ordered by username. Pure.
 */
export function mergeManagers(holders: ManagerHolders): Manager[] {
  const sortedGroups = [...holders.groups].sort((a, b) => a.path.localeCompare(b.path));
  const managers = new Map<string, Manager>();
  const add = (user: KeycloakUser, via: Manager['via']) => {
    if (managers.has(user.id)) return;
    managers.set(user.id, {
      id: user.id,
      username: user.username,
      name: displayName(user),
      email: user.email ?? null,
      emailVerified: user.emailVerified,
      via,
    });
  };
  for (const user of holders.direct) add(user, 'direct');
  for (const group of sortedGroups) for (const user of group.members) add(user, `group:${group.path}`);
  return [...managers.values()].sort((a, b) => a.username.localeCompare(b.username));
}

export function managerWarnings(managers: readonly Manager[]): ManagerWarning[] {
  return managers.length < MIN_MANAGERS ? [FEWER_THAN_TWO_MANAGERS] : [];
}
