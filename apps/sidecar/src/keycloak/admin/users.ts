// Users: search and read, their effective roles and live sessions, and a group's members.
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { KeycloakPort, KeycloakUser } from '../port.ts';
import { unlessNotFound } from './error-mapping.ts';
import type { AdminContext } from './context.ts';
import type { AdminCall } from './resilient-call.ts';
import { toUser } from './representations.ts';
import type { RawUser } from './representations.ts';

/** Keycloak's user ids: UUIDs (any case; Keycloak itself writes them lower-case). */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UsersResource implements Pick<
  KeycloakPort,
  'groupMembers' | 'userHasClientRole' | 'userSessionIds' | 'userHasRealmRole' | 'findUsers' | 'getUser'
> {
  readonly #client: KeycloakAdminClient;
  readonly #call: AdminCall;
  readonly #getJson: (path: string) => Promise<unknown>;

  constructor(context: AdminContext) {
    this.#client = context.client;
    this.#call = context.call;
    this.#getJson = context.getJson;
  }

  groupMembers(groupId: string, page: { first: number; max: number }): Promise<KeycloakUser[]> {
    return this.#call(
      'group members',
      async () => {
        const users = (await this.#client.groups.listMembers({
          id: groupId,
          first: page.first,
          max: page.max,
        })) as RawUser[];
        return users.map(toUser);
      },
      true,
    );
  }

  userHasClientRole(userId: string, clientUuid: string, roleName: string): Promise<boolean> {
    return this.#call(
      'effective client roles',
      async () => {
        const path = `/users/${encodeURIComponent(userId)}/role-mappings/clients/${encodeURIComponent(clientUuid)}/composite`;
        const roles = (await this.#getJson(path)) as { name?: string }[];
        return roles.some((r) => r.name === roleName);
      },
      true,
    );
  }

  userSessionIds(userId: string): Promise<string[]> {
    if (!USER_ID.test(userId)) return Promise.resolve([]);
    return this.#call(
      'user sessions',
      // A deleted user has no session.
      () =>
        unlessNotFound(async () => {
          const sessions = (await this.#getJson(`/users/${encodeURIComponent(userId)}/sessions`)) as {
            id?: unknown;
          }[];
          return sessions.flatMap((session) => (typeof session.id === 'string' ? [session.id] : []));
        }, []),
      true,
    );
  }

  userHasRealmRole(userId: string, roleName: string): Promise<boolean> {
    return this.#call(
      'effective realm roles',
      // A deleted user holds no role.
      () =>
        unlessNotFound(async () => {
          const path = `/users/${encodeURIComponent(userId)}/role-mappings/realm/composite`;
          const roles = (await this.#getJson(path)) as { name?: string }[];
          return roles.some((r) => r.name === roleName);
        }, false),
      true,
    );
  }

  findUsers(query: { search: string; first: number; max: number }): Promise<KeycloakUser[]> {
    return this.#call(
      'find users',
      async () => {
        const users = (await this.#client.users.find({
          search: query.search,
          first: query.first,
          max: query.max,
          briefRepresentation: true,
        })) as RawUser[];
        return users.map(toUser);
      },
      true,
    );
  }

  getUser(id: string): Promise<KeycloakUser | undefined> {
    // Only a UUID goes into the path: `.` or `..` would make GET /users/{id} another endpoint (the user list).
    if (!USER_ID.test(id)) return Promise.resolve(undefined);
    return this.#call(
      'get user',
      async () => {
        const user = (await this.#client.users.findOne({ id }, { catchNotFound: true })) as
          RawUser | null | undefined;
        return user ? toUser(user) : undefined;
      },
      true,
    );
  }
}
