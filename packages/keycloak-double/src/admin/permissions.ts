// The realm-management role checks (AdminPermissions / MgmtPermissions.hasOneAdminRole) and, with the realm's
// adminPermissionsEnabled, fine-grained admin permissions v2 (ClientPermissionsV2, UserPermissionsV2,
// RolePermissionsV2): a role still grants the whole realm; without it a scope permission may grant one client or
// user. Roles are read from the realm model on every call, so a role removed from the caller takes effect at once,
// as in Keycloak.
import type { RealmState } from '../model/realm.ts';
import type { ClientModel, RoleModel, UserModel } from '../model/types.ts';
import { REALM_MANAGEMENT_ROLES } from '../import/builtins.ts';
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
  readonly #realm: RealmState;
  readonly #username: string;
  readonly #managementId: string | undefined;

  constructor(realm: RealmState, user: UserModel) {
    this.#realm = realm;
    this.#username = user.username;
    const management = realm.clientByClientId('realm-management');
    this.#managementId = management?.id;
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

  /** GroupPermissions.canList: view on users' groups, or query-groups. */
  canListGroups(): boolean {
    return this.canViewUsers() || this.has('query-groups');
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

  /**
   * FineGrainedAdminPermissionEvaluator.hasPermission for one scope: about one resource, the permissions naming
   * that resource decide alone when there are any (a resource-specific permission overrides the all-resources
   * one, in both directions: seen on 26.7.3); else, and about the type as a whole, the all-resources permissions.
   * Among the permissions that decide, one that grants is enough.
   */
  #fgap(resourceType: 'Clients' | 'Users', scope: string, resourceId?: string): boolean {
    const { enabled, permissions } = this.#realm.adminPermissions;
    if (!enabled) return false;
    const withScope = permissions.filter((p) => p.resourceType === resourceType && p.scopes.includes(scope));
    const specific =
      resourceId === undefined ? [] : withScope.filter((p) => p.resourceIds.includes(resourceId));
    const deciding = specific.length > 0 ? specific : withScope.filter((p) => p.resourceIds.length === 0);
    return deciding.some((p) => p.grants(this.#username));
  }

  // Per client (ClientPermissionsV2): a role, else a permission on the client.
  canViewClient(client: ClientModel): boolean {
    return this.canViewClients() || this.#fgap('Clients', 'view', client.id);
  }
  canManageClient(client: ClientModel): boolean {
    return this.canManageClients() || this.#fgap('Clients', 'manage', client.id);
  }
  /** Creating a client: manage-clients, or manage on all clients (ClientPermissionsV2.canManage()). */
  canCreateClients(): boolean {
    return this.canManageClients() || this.#fgap('Clients', 'manage');
  }
  /** Whether some permission may let the caller view clients (lists then show only those it may view). */
  mayViewSomeClients(): boolean {
    return this.#realm.adminPermissions.enabled && this.#fgap('Clients', 'view');
  }
  /** ClientPermissionsV2.canMapRoles: a permission only, no role. */
  canMapRolesOfClient(client: ClientModel): boolean {
    return this.#fgap('Clients', 'map-roles', client.id);
  }

  // Per user (UserPermissionsV2).
  canManageUser(user: UserModel): boolean {
    return this.canManageUsers() || this.#fgap('Users', 'manage', user.id);
  }
  /** UsersResource.createUser: manage-users, or manage on all users. */
  canCreateUsers(): boolean {
    return this.canManageUsers() || this.#fgap('Users', 'manage');
  }
  canMapRolesOfUser(user: UserModel): boolean {
    return this.canManageUsers() || this.#fgap('Users', 'map-roles', user.id);
  }
  canResetPassword(user: UserModel): boolean {
    return this.canManageUser(user) || this.#fgap('Users', 'reset-password', user.id);
  }

  /**
   * RolePermissionsV2.canMapRole: a realm-management admin role only by a realm admin once fine-grained
   * permissions are on (before: manage-users and holding the role); any other role with manage-users; a client
   * role with map-roles on its client. Role-level permissions (Roles) are not modelled: they grant nothing here.
   */
  canMapRole(role: RoleModel): boolean {
    const isAdminRole = role.containerId === this.#managementId && role.name in REALM_MANAGEMENT_ROLES;
    if (isAdminRole)
      return this.#realm.adminPermissions.enabled
        ? this.#held.has('realm-admin')
        : this.canManageUsers() && this.has(role.name as AdminRole);
    if (this.canManageUsers()) return true;
    const client = role.clientRole ? this.#realm.clients.get(role.containerId) : undefined;
    return client !== undefined && this.canMapRolesOfClient(client);
  }

  /** Throws Keycloak's 403 unless the check passed. */
  static require(allowed: boolean): void {
    if (!allowed) throw forbidden();
  }
}
