// Fine-grained admin permissions v2 as Keycloak's import builds them (keycloak-realm/README.md#the-sidecars-permissions):
// the scope permissions of the admin-permissions client, their resources resolved from client ID or user name to
// ids (AdminPermissionsSchema.getOrCreateResource resolves a resource by id, then by client ID or user name).
import { permissionGrants, readAdminPolicies, readScopePermissions } from '@credman/realm';
import type { RealmState } from '../model/realm.ts';
import type { AdminPermissionsModel } from '../model/types.ts';
import { RealmImportError } from './import-error.ts';

/** Built-in clients Keycloak creates in every realm that the double does not model (nobody can call them here). */
const UNMODELLED_BUILTIN_CLIENTS = new Set([
  'account-console',
  'admin-cli',
  'broker',
  'security-admin-console',
]);

function resolve(realm: RealmState, resourceType: string, name: string): string[] {
  if (resourceType === 'Clients') {
    const client = realm.clients.get(name) ?? realm.clientByClientId(name);
    if (client) return [client.id];
    if (UNMODELLED_BUILTIN_CLIENTS.has(name)) return [];
  } else if (resourceType === 'Users') {
    const user = realm.users.get(name) ?? realm.userByUsername(name);
    if (user) return [user.id];
  }
  // Keycloak fails the import: "Resource [x] does not exist for type [T]".
  throw new RealmImportError(`Resource [${name}] does not exist for type [${resourceType}]`);
}

export function readAdminPermissions(realm: RealmState, json: unknown): AdminPermissionsModel {
  const enabled =
    typeof json === 'object' &&
    json !== null &&
    (json as Record<string, unknown>)['adminPermissionsEnabled'] === true;
  if (!enabled) return { enabled: false, permissions: [] };
  const policies = readAdminPolicies(json);
  return {
    enabled,
    permissions: readScopePermissions(json).flatMap((permission) => {
      const resourceIds = permission.resources.flatMap((name) =>
        resolve(realm, permission.resourceType, name),
      );
      // Only about clients the double does not have: it concerns nothing here (and must not become "all").
      if (permission.resources.length > 0 && resourceIds.length === 0) return [];
      return [
        {
          name: permission.name,
          resourceType: permission.resourceType,
          scopes: permission.scopes,
          resourceIds,
          grants: (username: string) => permissionGrants(policies, permission, username),
        },
      ];
    }),
  };
}
