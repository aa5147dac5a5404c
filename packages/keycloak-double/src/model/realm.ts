import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type {
  AdminEventModel,
  AdminPermissionsModel,
  BruteForceSettings,
  PasswordPolicyModel,
  ClientModel,
  ClientPolicy,
  ClientProfile,
  ClientScopeModel,
  EventModel,
  EventsConfig,
  GroupModel,
  LoaStep,
  OtpPolicy,
  RealmLifetimes,
  RoleModel,
  UserModel,
} from './types.ts';

/** Keycloak's defaults for a new realm (RealmRepresentation / RealmManager defaults, seconds). */
export const DEFAULT_LIFETIMES: RealmLifetimes = {
  accessTokenLifespan: 300,
  accessTokenLifespanForImplicitFlow: 900,
  ssoSessionIdleTimeout: 1800,
  ssoSessionMaxLifespan: 36000,
  accessCodeLifespan: 60,
  accessCodeLifespanUserAction: 300,
  accessCodeLifespanLogin: 1800,
};

/** OTPPolicy.DEFAULT_POLICY. */
export const DEFAULT_OTP_POLICY: OtpPolicy = {
  type: 'totp',
  algorithm: 'HmacSHA1',
  digits: 6,
  period: 30,
  lookAheadWindow: 1,
  initialCounter: 0,
  codeReusable: false,
};

/** Keycloak's brute-force defaults (RealmRepresentation; off unless bruteForceProtected). */
export const DEFAULT_BRUTE_FORCE: BruteForceSettings = {
  enabled: false,
  permanentLockout: false,
  maxTemporaryLockouts: 0,
  strategy: 'MULTIPLE',
  failureFactor: 30,
  waitIncrementSeconds: 60,
  maxFailureWaitSeconds: 900,
  maxDeltaTimeSeconds: 43200,
  quickLoginCheckMilliSeconds: 1000,
  minimumQuickLoginWaitSeconds: 60,
};

/** Everything the double knows about one realm. Lookups live here; behaviour lives in the modules that use it. */
export class RealmState {
  readonly id: string = randomUUID();
  name: string;
  enabled = true;
  attributes = new Map<string, string>();
  lifetimes: RealmLifetimes = { ...DEFAULT_LIFETIMES };
  otpPolicy: OtpPolicy = { ...DEFAULT_OTP_POLICY };
  bruteForce: BruteForceSettings = { ...DEFAULT_BRUTE_FORCE };
  /** Keycloak's defaults for a new realm (RealmManager): e-mail login on, self-service reset off. */
  loginWithEmailAllowed = true;
  resetPasswordAllowed = false;
  /** Refresh-token rotation (RealmModel.isRevokeRefreshToken, getRefreshTokenMaxReuse); off by default. */
  refreshTokens = { revoke: false, maxReuse: 0 };
  passwordPolicy: PasswordPolicyModel = { notUsername: false, notEmail: false };
  adminPermissions: AdminPermissionsModel = { enabled: false, permissions: [] };
  eventsConfig: EventsConfig = {
    eventsEnabled: false,
    enabledEventTypes: [],
    eventsListeners: ['jboss-logging'],
    adminEventsEnabled: false,
    adminEventsDetailsEnabled: false,
  };
  /** Name of the default role (`default-roles-<realm>`), whose composites every new user receives. */
  defaultRoleId = '';
  defaultDefaultClientScopes: string[] = [];
  defaultOptionalClientScopes: string[] = [];
  clientProfiles: ClientProfile[] = [];
  clientPolicies: ClientPolicy[] = [];
  loaSteps: LoaStep[] = [];
  requiredActions: { alias: string; enabled: boolean; defaultAction: boolean }[] = [];
  smtpServer: Record<string, string> = {};
  /**
   * Client attributes GET /clients?q= may filter on: the ones Keycloak always allows plus the server's
   * configured `searchableAttributes` (JpaClientProviderFactory; a server option, so not in the realm JSON).
   */
  searchableClientAttributes = new Set([
    'saml_idp_initiated_sso_url_name',
    'saml.artifact.binding.identifier',
    'jwt.credential.issuer',
    'jwt.credential.sub',
  ]);

  readonly clients = new Map<string, ClientModel>();
  readonly users = new Map<string, UserModel>();
  readonly roles = new RoleMap();
  readonly groups = new Map<string, GroupModel>();
  readonly clientScopes = new Map<string, ClientScopeModel>();
  readonly events: EventModel[] = [];
  readonly adminEvents: AdminEventModel[] = [];

  readonly clock: Clock;

  constructor(name: string, clock: Clock) {
    this.name = name;
    this.clock = clock;
  }

  // ---- lookups -------------------------------------------------------------------------------------------

  clientByClientId(clientId: string): ClientModel | undefined {
    for (const client of this.clients.values()) if (client.clientId === clientId) return client;
    return undefined;
  }

  userByUsername(username: string): UserModel | undefined {
    const wanted = username.toLowerCase();
    for (const user of this.users.values()) if (user.username === wanted) return user;
    return undefined;
  }

  /** KeycloakModelUtils.findUserByNameOrEmail: the e-mail only when the realm allows it and the input has an @. */
  userByLoginName(name: string): UserModel | undefined {
    const byEmail = this.loginWithEmailAllowed && name.includes('@') ? this.userByEmail(name) : undefined;
    return byEmail ?? this.userByUsername(name);
  }

  userByEmail(email: string): UserModel | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) if (user.email?.toLowerCase() === wanted) return user;
    return undefined;
  }

  realmRole(name: string): RoleModel | undefined {
    for (const role of this.roles.values()) if (!role.clientRole && role.name === name) return role;
    return undefined;
  }

  clientRole(clientUuid: string, name: string): RoleModel | undefined {
    for (const role of this.roles.inContainer(clientUuid))
      if (role.clientRole && role.name === name) return role;
    return undefined;
  }

  clientRoles(clientUuid: string): RoleModel[] {
    return [...this.roles.inContainer(clientUuid)].filter((role) => role.clientRole);
  }

  clientScopeByName(name: string): ClientScopeModel | undefined {
    for (const scope of this.clientScopes.values()) if (scope.name === name) return scope;
    return undefined;
  }

  groupByPath(path: string): GroupModel | undefined {
    for (const group of this.groups.values()) if (group.path === path) return group;
    return undefined;
  }

  serviceAccountOf(client: ClientModel): UserModel | undefined {
    return client.serviceAccountUserId ? this.users.get(client.serviceAccountUserId) : undefined;
  }

  // ---- role resolution -----------------------------------------------------------------------------------

  /** A role and every role it includes, transitively. */
  expandComposites(roleIds: Iterable<string>): Set<string> {
    const result = new Set<string>();
    const pending = [...roleIds];
    while (pending.length > 0) {
      const id = pending.pop();
      if (id === undefined || result.has(id)) continue;
      const role = this.roles.get(id);
      if (!role) continue;
      result.add(id);
      pending.push(...role.composites);
    }
    return result;
  }

  /** Ids of the groups a user is in, including the parents of those groups (members inherit parent roles). */
  groupsWithAncestors(user: UserModel): GroupModel[] {
    const result: GroupModel[] = [];
    const seen = new Set<string>();
    for (const groupId of user.groupIds) {
      let group = this.groups.get(groupId);
      while (group && !seen.has(group.id)) {
        seen.add(group.id);
        result.push(group);
        group = group.parentId ? this.groups.get(group.parentId) : undefined;
      }
    }
    return result;
  }

  /** Every role a user holds: direct, through groups, and through composites (Keycloak's user.hasRole). */
  effectiveRoleIds(user: UserModel): Set<string> {
    const direct = new Set(user.roleMappings);
    for (const group of this.groupsWithAncestors(user)) for (const id of group.roleMappings) direct.add(id);
    return this.expandComposites(direct);
  }

  userHasClientRole(user: UserModel, clientId: string, roleName: string): boolean {
    const client = this.clientByClientId(clientId);
    if (!client) return false;
    const role = this.clientRole(client.id, roleName);
    return role !== undefined && this.effectiveRoleIds(user).has(role.id);
  }

  // ---- events --------------------------------------------------------------------------------------------

  /** Stores a user event when events are on and its type is enabled (Keycloak's JPA event store listener). */
  recordEvent(event: Omit<EventModel, 'id' | 'time' | 'realmId'>): void {
    const config = this.eventsConfig;
    if (!config.eventsEnabled) return;
    if (config.enabledEventTypes.length > 0 && !config.enabledEventTypes.includes(event.type)) return;
    this.events.push({ id: randomUUID(), time: this.clock.now(), realmId: this.id, ...event });
  }

  recordAdminEvent(event: Omit<AdminEventModel, 'id' | 'time' | 'realmId'>): void {
    if (!this.eventsConfig.adminEventsEnabled) return;
    const stored: AdminEventModel = { id: randomUUID(), time: this.clock.now(), realmId: this.id, ...event };
    if (!this.eventsConfig.adminEventsDetailsEnabled) delete stored.representation;
    this.adminEvents.push(stored);
  }

  /** Drops events older than their configured expiration, as Keycloak's periodic cleanup does. */
  expireEvents(): void {
    const now = this.clock.now();
    const userTtl = this.eventsConfig.eventsExpiration;
    if (userTtl !== undefined && userTtl > 0) removeWhere(this.events, (e) => e.time < now - userTtl * 1000);
    const adminTtl = Number(this.attributes.get('adminEventsExpiration') ?? 0);
    if (adminTtl > 0) removeWhere(this.adminEvents, (e) => e.time < now - adminTtl * 1000);
  }
}

function removeWhere<T>(items: T[], predicate: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!predicate(item)) items[kept++] = item;
  items.length = kept;
}

/**
 * The realm's roles by id, also indexed by container (realm or client), so that looking up one client's roles
 * does not scan every role of a realm with thousands of clients (Keycloak's database has that index too).
 * A role's container never changes, so the index follows set/delete.
 */
export class RoleMap extends Map<string, RoleModel> {
  readonly #byContainer = new Map<string, Set<RoleModel>>();

  override set(id: string, role: RoleModel): this {
    const previous = super.get(id);
    if (previous) this.#byContainer.get(previous.containerId)?.delete(previous);
    super.set(id, role);
    let container = this.#byContainer.get(role.containerId);
    if (!container) this.#byContainer.set(role.containerId, (container = new Set()));
    container.add(role);
    return this;
  }

  override delete(id: string): boolean {
    const role = super.get(id);
    if (role) this.#byContainer.get(role.containerId)?.delete(role);
    return super.delete(id);
  }

  override clear(): void {
    this.#byContainer.clear();
    super.clear();
  }

  inContainer(containerId: string): ReadonlySet<RoleModel> {
    return this.#byContainer.get(containerId) ?? new Set();
  }
}
