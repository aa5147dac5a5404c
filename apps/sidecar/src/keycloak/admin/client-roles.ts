// Client roles (a client's roles and who holds them) and the role mappings that grant and revoke one.
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { KeycloakPort, KeycloakUser } from '../port.ts';
import { HttpError } from '../errors.ts';
import type { AdminContext } from './context.ts';
import { unlessNotFound } from './error-mapping.ts';
import type { AdminCall } from './resilient-call.ts';
import { toUser } from './representations.ts';
import type { RawUser } from './representations.ts';

export class ClientRolesResource implements Pick<
  KeycloakPort,
  | 'createClientRole'
  | 'getClientRole'
  | 'listClientRoles'
  | 'deleteClientRole'
  | 'clientHasRole'
  | 'usersWithClientRole'
  | 'groupsWithClientRole'
  | 'grantClientRole'
  | 'revokeClientRole'
> {
  readonly #client: KeycloakAdminClient;
  readonly #call: AdminCall;
  readonly #getJson: (path: string) => Promise<unknown>;

  constructor(context: AdminContext) {
    this.#client = context.client;
    this.#call = context.call;
    this.#getJson = context.getJson;
  }

  createClientRole(clientUuid: string, roleName: string, description?: string): Promise<void> {
    return this.#call(
      'create client role',
      async () => {
        await this.#client.clients.createRole({
          id: clientUuid,
          name: roleName,
          ...(description === undefined ? {} : { description }),
        });
      },
      false,
    );
  }

  getClientRole(
    clientUuid: string,
    roleName: string,
  ): Promise<{ name: string; description?: string } | undefined> {
    return this.#call(
      'get client role',
      async () => {
        const role = await this.#client.clients.findRole(
          { id: clientUuid, roleName },
          { catchNotFound: true },
        );
        if (!role?.name) return undefined;
        return {
          name: role.name,
          ...(role.description === undefined ? {} : { description: role.description }),
        };
      },
      true,
    );
  }

  listClientRoles(
    clientUuid: string,
    search: string,
    max: number,
  ): Promise<{ name: string; description?: string }[]> {
    const query = new URLSearchParams({ search, first: '0', max: String(max), briefRepresentation: 'true' });
    const path = `/clients/${encodeURIComponent(clientUuid)}/roles?${query.toString()}`;
    return this.#call(
      'list client roles',
      async () => {
        const roles = (await this.#getJson(path)) as { name?: string; description?: string }[];
        return roles.flatMap((role) =>
          role.name === undefined
            ? []
            : [
                {
                  name: role.name,
                  ...(role.description === undefined ? {} : { description: role.description }),
                },
              ],
        );
      },
      true,
    );
  }

  deleteClientRole(clientUuid: string, roleName: string): Promise<boolean> {
    // Deleting by name is idempotent in effect (a repeat finds nothing), so it may be retried like a read.
    return this.#call(
      'delete client role',
      () =>
        unlessNotFound(async () => {
          await this.#client.clients.delRole({ id: clientUuid, roleName });
          return true;
        }, false),
      true,
    );
  }

  clientHasRole(clientUuid: string, roleName: string): Promise<boolean> {
    return this.#call(
      'find client role',
      async () => {
        const role = await this.#client.clients.findRole(
          { id: clientUuid, roleName },
          { catchNotFound: true },
        );
        return role !== null;
      },
      true,
    );
  }

  usersWithClientRole(
    clientUuid: string,
    roleName: string,
    page: { first: number; max: number },
  ): Promise<KeycloakUser[]> {
    return this.#call(
      'users with role',
      async () => {
        const users = (await this.#client.clients.findUsersWithRole({
          id: clientUuid,
          roleName,
          first: page.first,
          max: page.max,
          briefRepresentation: true,
        })) as RawUser[];
        return users.map(toUser);
      },
      true,
    );
  }

  groupsWithClientRole(clientUuid: string, roleName: string): Promise<{ id: string; path: string }[]> {
    return this.#call(
      'groups with role',
      async () => {
        const path = `/clients/${encodeURIComponent(clientUuid)}/roles/${encodeURIComponent(roleName)}/groups`;
        const groups = (await this.#getJson(path)) as { id?: string; path?: string }[];
        return groups.map((g) => ({ id: g.id ?? '', path: g.path ?? '' }));
      },
      true,
    );
  }

  async #role(clientUuid: string, roleName: string): Promise<{ id: string; name: string }> {
    const role = await this.#client.clients.findRole({ id: clientUuid, roleName });
    if (!role?.id || !role.name) throw new HttpError(404, 'client role not found');
    return { id: role.id, name: role.name };
  }

  grantClientRole(userId: string, clientUuid: string, roleName: string): Promise<void> {
    return this.#call(
      'grant client role',
      async () => {
        const role = await this.#role(clientUuid, roleName);
        await this.#client.users.addClientRoleMappings({
          id: userId,
          clientUniqueId: clientUuid,
          roles: [role],
        });
      },
      false,
    );
  }

  revokeClientRole(userId: string, clientUuid: string, roleName: string): Promise<void> {
    return this.#call(
      'revoke client role',
      async () => {
        const role = await this.#role(clientUuid, roleName);
        await this.#client.users.delClientRoleMappings({
          id: userId,
          clientUniqueId: clientUuid,
          roles: [role],
        });
      },
      false,
    );
  }
}
