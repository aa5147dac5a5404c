// The classic realm-management role checks (AdminPermissions / MgmtPermissions.hasOneAdminRole and the
// Clients/Users/Groups/Realm permission evaluators). Roles are read from the realm model on every call, so a
// role removed from the caller takes effect at once, as in Keycloak. Fine-grained (FGAP) permissions are not
// modelled: only realm-wide roles count.
import type { RealmState } from '../model/realm.ts';
import type { UserModel } from '../model/types.ts';
import { forbidden } from './errors.ts';

export type AdminRole =
  | 'query-clients'
  | 'view-clients'
  | 'manage-clients'
  | 'query-users'
  | 'view-users'
  | 'manage-users'
  | 'query-groups'
  | 'view-events'
  | 'manage-events'
  | 'view-realm'
  | 'manage-realm'
  | 'realm-admin';

export class AdminPermissions {
  readonly #held: Set<string>;

  constructor(realm: RealmState, user: UserModel) {
    const management = realm.clientByClientId('realm-management');
    const effective = realm.effectiveRoleIds(user);
    this.#held = new Set(
      [...effective].flatMap((id) => {
        const role = realm.roles.get(id);
        return role && management && role.containerId === management.id ? [role.name] : [];
      }),
    );
  }

  /** hasOneAdminRole: realm-admin includes every realm-management role. */
  has(...roles: AdminRole[]): boolean {
    return this.#held.has('realm-admin') || roles.some((role) => this.#held.has(role));
  }

  /** Any realm-management role at all (used for listing roles of a container). */
  hasAnyAdminRole(): boolean {
    return this.#held.size > 0;
  }

  // Clients: manage implies view, view implies list (ClientPermissions.canManage / canView / canList).
  canManageClients(): boolean {
    return this.has('manage-clients');
  }
  canViewClients(): boolean {
    return this.canManageClients() || this.has('view-clients');
  }
  canListClients(): boolean {
    return this.canViewClients() || this.has('query-clients');
  }

  // Users: the same ladder (UserPermissions).
  canManageUsers(): boolean {
    return this.has('manage-users');
  }
  canViewUsers(): boolean {
    return this.canManageUsers() || this.has('view-users');
  }
  canQueryUsers(): boolean {
    return this.canViewUsers() || this.has('query-users');
  }

  canViewEvents(): boolean {
    return this.has('view-events', 'manage-events');
  }
  canManageRealm(): boolean {
    return this.has('manage-realm');
  }
  canViewRealm(): boolean {
    return this.canManageRealm() || this.has('view-realm');
  }

  /** Throws Keycloak's 403 unless the check passed. */
  static require(allowed: boolean): void {
    if (!allowed) throw forbidden();
  }
}
