// The in-memory shape of one Keycloak realm. Field names follow Keycloak's representations where one exists, so
// that converting to and from the admin REST JSON stays a thin mapping (admin/representations.ts).

export interface RoleModel {
  id: string;
  name: string;
  description?: string | undefined;
  /** Realm id for realm roles, client UUID for client roles. */
  containerId: string;
  clientRole: boolean;
  /** Ids of the roles this role includes. */
  composites: Set<string>;
  attributes: Record<string, string[]>;
}

export interface ProtocolMapperModel {
  id: string;
  name: string;
  protocol: string;
  protocolMapper: string;
  config: Record<string, string>;
}

export interface ClientModel {
  id: string;
  clientId: string;
  name?: string;
  description?: string;
  rootUrl?: string;
  baseUrl?: string;
  enabled: boolean;
  publicClient: boolean;
  bearerOnly: boolean;
  serviceAccountsEnabled: boolean;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  consentRequired: boolean;
  frontchannelLogout: boolean;
  fullScopeAllowed: boolean;
  authorizationServicesEnabled: boolean;
  alwaysDisplayInConsole: boolean;
  surrogateAuthRequired: boolean;
  protocol: string;
  clientAuthenticatorType: string;
  /** The current secret in clear, as Keycloak stores it (ClientModel.getSecret). */
  secret?: string;
  redirectUris: string[];
  webOrigins: string[];
  notBefore: number;
  nodeReRegistrationTimeout: number;
  /** Client attributes; Keycloak removes an attribute set to null or "" (RepresentationToModel.updateClient). */
  attributes: Map<string, string>;
  /** Names of the client scopes assigned as default / optional scopes. */
  defaultClientScopes: string[];
  optionalClientScopes: string[];
  protocolMappers: ProtocolMapperModel[];
  /** Ids of roles mapped into this client's scope (used when fullScopeAllowed is false). */
  scopeMappings: Set<string>;
  /** The service-account user's id, when serviceAccountsEnabled. */
  serviceAccountUserId?: string;
}

export interface OtpCredentialModel {
  id: string;
  userLabel?: string | undefined;
  createdDate: number;
  /** HMAC key bytes, decoded as Keycloak does (OTPCredentialModel.getDecodedSecret). */
  key: Uint8Array;
  algorithm: 'HmacSHA1' | 'HmacSHA256' | 'HmacSHA512';
  digits: number;
  period: number;
}

export interface UserModel {
  id: string;
  username: string;
  email?: string | undefined;
  emailVerified: boolean;
  firstName?: string | undefined;
  lastName?: string | undefined;
  enabled: boolean;
  createdTimestamp: number;
  attributes: Record<string, string[]>;
  /** Test double only: Keycloak stores a hash; nothing outside the double ever sees this. */
  password?: string;
  /** Earlier passwords, newest first (Keycloak's password-history credentials). */
  previousPasswords?: string[];
  otpCredentials: OtpCredentialModel[];
  requiredActions: string[];
  /** Ids of directly mapped roles (realm and client roles). */
  roleMappings: Set<string>;
  groupIds: Set<string>;
  /** Set for the service-account user of a client (the client's UUID). */
  serviceAccountClientId?: string;
}

export interface GroupModel {
  id: string;
  name: string;
  path: string;
  parentId?: string | undefined;
  attributes: Record<string, string[]>;
  roleMappings: Set<string>;
}

export interface ClientScopeModel {
  id: string;
  name: string;
  description?: string | undefined;
  protocol: string;
  attributes: Record<string, string>;
  protocolMappers: ProtocolMapperModel[];
}

/** A user event (Keycloak `EventRepresentation`). */
export interface EventModel {
  id: string;
  time: number;
  type: string;
  realmId: string;
  clientId?: string | undefined;
  userId?: string | undefined;
  sessionId?: string | undefined;
  ipAddress?: string | undefined;
  error?: string | undefined;
  details: Record<string, string>;
}

/** An admin event (Keycloak `AdminEventRepresentation`). */
export interface AdminEventModel {
  id: string;
  time: number;
  realmId: string;
  authDetails: { realmId: string; clientId?: string; userId?: string; ipAddress?: string };
  operationType: 'CREATE' | 'UPDATE' | 'DELETE' | 'ACTION';
  resourceType: string;
  resourcePath: string;
  representation?: string;
  error?: string;
  details?: Record<string, string>;
}

export interface ClientPolicyCondition {
  condition: string;
  configuration: Record<string, unknown>;
}

export interface ClientPolicy {
  name: string;
  description?: string | undefined;
  enabled: boolean;
  conditions: ClientPolicyCondition[];
  profiles: string[];
}

export interface ClientProfileExecutor {
  executor: string;
  configuration: Record<string, unknown>;
}

export interface ClientProfile {
  name: string;
  description?: string | undefined;
  executors: ClientProfileExecutor[];
}

export interface OtpPolicy {
  type: 'totp' | 'hotp';
  algorithm: 'HmacSHA1' | 'HmacSHA256' | 'HmacSHA512';
  digits: number;
  period: number;
  lookAheadWindow: number;
  initialCounter: number;
  codeReusable: boolean;
}

/** Token and session lifetimes, in seconds (RealmRepresentation names). */
export interface RealmLifetimes {
  accessTokenLifespan: number;
  accessTokenLifespanForImplicitFlow: number;
  ssoSessionIdleTimeout: number;
  ssoSessionMaxLifespan: number;
  accessCodeLifespan: number;
  accessCodeLifespanUserAction: number;
  accessCodeLifespanLogin: number;
}

export interface EventsConfig {
  eventsEnabled: boolean;
  eventsExpiration?: number | undefined;
  enabledEventTypes: string[];
  eventsListeners: string[];
  adminEventsEnabled: boolean;
  adminEventsDetailsEnabled: boolean;
}

/** The browser flow's Level-of-Authentication steps, read from the realm's authentication flows. */
export interface LoaStep {
  level: number;
  maxAge: number;
  /** Authenticator provider ids executed at this level, in order, e.g. auth-username-password-form. */
  authenticators: string[];
}

/** Brute-force detection settings (RealmRepresentation names; Keycloak's defaults when a key is absent). */
export interface BruteForceSettings {
  enabled: boolean;
  permanentLockout: boolean;
  /** Temporary lockouts before a permanent one (with permanentLockout); 0 = permanent at the first. */
  maxTemporaryLockouts: number;
  strategy: 'MULTIPLE' | 'LINEAR';
  failureFactor: number;
  waitIncrementSeconds: number;
  maxFailureWaitSeconds: number;
  maxDeltaTimeSeconds: number;
  quickLoginCheckMilliSeconds: number;
  minimumQuickLoginWaitSeconds: number;
}

/** The password policy parts the double enforces (PasswordPolicy: length, notUsername, notEmail). */
export interface PasswordPolicyModel {
  minLength?: number;
  notUsername: boolean;
  notEmail: boolean;
  /** passwordHistory(N): the new password must differ from the current one and the N − 1 before it. */
  history?: number;
}

/**
 * Fine-grained admin permissions v2 (realm adminPermissionsEnabled): the scope permissions of the
 * admin-permissions client with their resources resolved to model ids, and the policies they apply.
 */
export interface AdminPermissionsModel {
  enabled: boolean;
  permissions: {
    name: string;
    resourceType: string;
    scopes: string[];
    /** Client or user ids; empty = every resource of the type. */
    resourceIds: string[];
    /** Whether the permission grants a user (by user name). */
    grants: (username: string) => boolean;
  }[];
}
