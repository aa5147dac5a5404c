// What credman needs from Keycloak, in credman's words. The use cases depend on this interface only (and on the
// errors it may throw, errors.ts); its one implementation (admin-adapter.ts with its parts in admin/) is the only
// code that imports @keycloak/keycloak-admin-client.

/** The client role that makes a user a credential manager of that client and marks the client as managed. */
export const MANAGER_ROLE = 'credential-manager';

/** The parts of a Keycloak ClientRepresentation credman reads and writes. */
export interface KeycloakClient {
  id: string;
  clientId: string;
  name?: string | undefined;
  description?: string | undefined;
  enabled: boolean;
  /** The current secret in clear (the service account may manage partner clients); absent in search results. */
  secret?: string | undefined;
  authorizationServicesEnabled?: boolean | undefined;
  attributes: Record<string, string>;
  defaultClientScopes: string[];
  optionalClientScopes: string[];
}

/** The fields of one PUT: Keycloak applies attributes with merge semantics ("" removes one). */
export interface ClientUpdate {
  secret?: string;
  attributes?: Record<string, string>;
  /** '' clears it. */
  description?: string | undefined;
}

export interface NewClient {
  clientId: string;
  name?: string;
  description?: string | undefined;
  secret: string;
  attributes: Record<string, string>;
  defaultClientScopes: string[];
  /** Sent even when empty: without it Keycloak adds the realm's default optional scopes. */
  optionalClientScopes: string[];
  /** false: the client's tokens carry only roles mapped into its scope. */
  fullScopeAllowed: boolean;
}

export interface KeycloakUser {
  id: string;
  username: string;
  email?: string | undefined;
  emailVerified: boolean;
  firstName?: string | undefined;
  lastName?: string | undefined;
  enabled: boolean;
}

export interface ClientLoginEvent {
  /** Epoch milliseconds. */
  time: number;
  /**
   * Whether the client authenticated with its rotated secret; undefined when Keycloak did not say (stock 26.7
   * writes no such detail; credman's extension and 26.8's upstream detail do: admin/representations.ts's
   * `toClientLoginEvent` is the one place that reads them).
   */
  usedRotatedSecret: boolean | undefined;
  /** The address the token request came from (the event's `ipAddress`); absent when Keycloak gave none. */
  ipAddress?: string | undefined;
}

/** How far back and how many of an application's CLIENT_LOGIN events one read asks for. */
export interface LoginEventQuery {
  /** At most this many, newest first. */
  max: number;
  /** Only events at or after this time (epoch milliseconds). */
  since?: number | undefined;
}

/**
 * A refused client authentication whose presented secret matched a retired secret's digest (credman's
 * extension adds the secret record's id as the event detail `credman_retired_secret`).
 */
export interface RetiredSecretEvent {
  /** Epoch milliseconds. */
  time: number;
  /** The application's clientId. */
  clientId: string;
  /** The id of the retired secret's record. */
  secretId: string;
  ipAddress?: string | undefined;
}

/** What credman's Keycloak extension offers, or that it is not installed. */
export type ExtensionInfo = { present: true; version: string; features: string[] } | { present: false };

/** The extension's features credman uses. */
export const EXTENSION_FEATURES = {
  secretSlot: 'secret-slot-detail',
  retiredSecret: 'retired-secret-detail',
  /** `GET …/credman/clients`: clients listed without secret values (keycloak-extension/README.md). */
  secretFreeClients: 'secret-free-clients',
  /** `GET …/credman/clients?dueBy=`: the clients due by an instant, by one indexed query. */
  dueIndex: 'due-index',
  /** `…&after=<clientId>`: the next due page after the previous one's last client, without re-checking earlier ones. */
  dueIndexAfter: 'due-index-after',
  /** `POST …/credman/claims` and `PUT …/credman/records`: a page of revision claims and conditional writes. */
  recordsBatch: 'records-batch',
} as const;

/** One application's claim in a batch (`POST …/credman/claims`, feature `records-batch`). */
export interface RecordsClaim {
  /** The client's UUID. */
  id: string;
  /** The revision of `credman.secrets` the caller read (0 when absent). */
  readRevision: number;
  /** The revision to claim (readRevision + 1, or higher after skipping abandoned claims). */
  revision: number;
  /** The claim role's description: `{"writer":…,"claimedAt":…}` as write-claim.ts writes it. */
  description: string;
}

/** A user holding the manager role, as the role-users / group-members endpoints give users. */
export interface ManagerHolders {
  direct: KeycloakUser[];
  /** Groups holding the role (mapped directly on the group), with their direct members. */
  groups: { id: string; path: string; members: KeycloakUser[] }[];
}

export type RecordsClaimOutcome =
  | {
      id: string;
      outcome: 'claimed';
      client: KeycloakClient /* secret-free, like dueClients */;
      managers: ManagerHolders;
    }
  /** `credman.secrets`' revision is not readRevision (someone wrote since the read). */
  | { id: string; outcome: 'stale-read' }
  /** The role `credman.revision.<revision>` exists (a live or abandoned claim): its description, to judge the lease. */
  | { id: string; outcome: 'taken'; description?: string | undefined }
  /** No such client in the realm, or the caller may not manage it (indistinguishable on purpose). */
  | { id: string; outcome: 'gone' };

/** One application's conditional write in a batch (`PUT …/credman/records`). */
export interface RecordsWrite {
  id: string;
  /** The claimed revision; `attributes['credman.secrets']` carries it and `writer`. */
  revision: number;
  /** Must equal the claim role's `writer`. */
  writer: string;
  /** Only names starting with `credman.`; "" removes the attribute. Never a secret slot. */
  attributes: Record<string, string>;
  /** Lower revisions whose claim roles to delete in the same write (as dropObsoleteClaims does). */
  obsolete: number[];
}

export type RecordsWriteOutcome =
  | { id: string; outcome: 'written' }
  /** The claim role of `revision` is missing or names another writer, or the stored revision is not below it. */
  | { id: string; outcome: 'not-claimed' }
  | { id: string; outcome: 'gone' };

export interface KeycloakPort {
  /** The whole client by its exact clientId, secret values included: what a write reads. */
  findClientByClientId(clientId: string): Promise<KeycloakClient | undefined>;
  getClient(id: string): Promise<KeycloakClient | undefined>;
  /**
   * The client by its exact clientId as a list gives it, without secret values: for reads that write nothing
   * (a manager's list, the digest's record, a manager check). With the extension's `secret-free-clients` the
   * values never reach the sidecar; on stock Keycloak they are dropped at the boundary.
   */
  findListedClient(clientId: string): Promise<KeycloakClient | undefined>;
  /**
   * Case-insensitive substring search on clientId, ordered by clientId; the clients come without secret values
   * (`secret` and the rotated one absent): read a client with `getClient` to write it.
   */
  searchClients(query: { search: string; first: number; max: number }): Promise<KeycloakClient[]>;
  /**
   * The clients whose credman.due is at or before `dueBy` (epoch milliseconds), by clientId, without secret values;
   * only with the extension's `due-index` feature (KeycloakRejectedError otherwise). `after`, the clientId of the
   * previous page's last client (with `first` the count of those pages), lets Keycloak continue from there when
   * it can (`due-index-after`); `first` is used otherwise.
   */
  dueClients(query: {
    dueBy: number;
    first: number;
    max: number;
    after?: string | undefined;
  }): Promise<KeycloakClient[]>;
  updateClient(client: KeycloakClient, update: ClientUpdate): Promise<void>;
  createClient(client: NewClient): Promise<string>;
  /**
   * Makes the realm's client scope `scopeName` a default scope of the client (ClientResource's
   * default-client-scopes endpoints); KeycloakRejectedError when the realm has no such scope.
   */
  addDefaultClientScope(clientUuid: string, scopeName: string): Promise<void>;
  /** Takes the client scope `scopeName` off the client's default scopes (nothing when it is not one). */
  removeDefaultClientScope(clientUuid: string, scopeName: string): Promise<void>;
  /** Removes a client with its roles and service account (undoes a half-finished application create). */
  deleteClient(clientUuid: string): Promise<void>;
  /** Creates a client role; KeycloakConflictError when the client already has a role of that name. */
  createClientRole(clientUuid: string, roleName: string, description?: string): Promise<void>;
  /** One client role by name; undefined when the client has none of that name. */
  getClientRole(
    clientUuid: string,
    roleName: string,
  ): Promise<{ name: string; description?: string | undefined } | undefined>;
  /**
   * The client's roles whose name or description contains `search` (case-insensitive; Keycloak's role search
   * looks at both), by name, with their descriptions; at most `max`.
   */
  listClientRoles(
    clientUuid: string,
    search: string,
    max: number,
  ): Promise<{ name: string; description?: string | undefined }[]>;
  /** Deletes a client role by name; false when there was none. */
  deleteClientRole(clientUuid: string, roleName: string): Promise<boolean>;
  clientHasRole(clientUuid: string, roleName: string): Promise<boolean>;
  /** Users holding the client role directly (not through groups). */
  usersWithClientRole(
    clientUuid: string,
    roleName: string,
    page: { first: number; max: number },
  ): Promise<KeycloakUser[]>;
  /** Groups holding the client role. */
  groupsWithClientRole(clientUuid: string, roleName: string): Promise<{ id: string; path: string }[]>;
  groupMembers(groupId: string, page: { first: number; max: number }): Promise<KeycloakUser[]>;
  grantClientRole(userId: string, clientUuid: string, roleName: string): Promise<void>;
  revokeClientRole(userId: string, clientUuid: string, roleName: string): Promise<void>;
  /** Whether the user holds the client role, directly or through groups/composites. */
  userHasClientRole(userId: string, clientUuid: string, roleName: string): Promise<boolean>;
  /** Whether the user holds the realm role, directly, through groups or inside a composite role. */
  userHasRealmRole(userId: string, roleName: string): Promise<boolean>;
  findUsers(query: { search: string; first: number; max: number }): Promise<KeycloakUser[]>;
  getUser(id: string): Promise<KeycloakUser | undefined>;
  /**
   * The ids of the user's live SSO sessions (GET /users/{id}/sessions, view-users): an access token's `sid` is
   * one of them until logout or the session's end. Empty for an unknown or disabled user.
   */
  userSessionIds(userId: string): Promise<string[]>;
  clientLoginEvents(clientId: string, query: LoginEventQuery): Promise<ClientLoginEvent[]>;
  /**
   * The realm's CLIENT_LOGIN_ERROR events that name a retired secret, newest first, at or after `since`
   * (epoch milliseconds), at most `max`.
   */
  retiredSecretEvents(query: { since: number; max: number }): Promise<RetiredSecretEvent[]>;
  /** Whether credman's Keycloak extension is installed in the realm (`GET …/credman/info`). */
  extensionInfo(): Promise<ExtensionInfo>;
  /** Names of the realm's client policies that are enabled and bind a secret-rotation profile. */
  rotationPolicies(): Promise<string[]>;
  /**
   * Claims the next revision of up to 100 applications in one call (extension feature `records-batch`): one
   * outcome per claim, in order; a claimed one comes with its fresh secret-free client and its manager holders.
   * KeycloakRejectedError when the extension is gone (404): the caller falls back to the per-application path.
   */
  claimRecords(claims: RecordsClaim[], managerRole: string): Promise<RecordsClaimOutcome[]>;
  /**
   * Writes up to 100 claimed revisions in one call, each only while its claim holds (a compare-and-set the admin
   * API cannot make): one outcome per write, in order. KeycloakRejectedError when the extension is gone (404).
   */
  writeRecords(writes: RecordsWrite[]): Promise<RecordsWriteOutcome[]>;
}
