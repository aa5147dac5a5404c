// Builds the double's realm from a realm JSON, following what Keycloak's import does with each part
// (RepresentationToModel / DefaultExportImportManager).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { epochSeconds } from '../clock.ts';
import { RealmState } from '../model/realm.ts';
import { SECRET_CREATION_TIME } from '../model/client-secret.ts';
import { generateClientSecret } from '../model/generate-secret.ts';
import type {
  ClientModel,
  ClientScopeModel,
  GroupModel,
  LoaStep,
  OtpCredentialModel,
  ProtocolMapperModel,
  RoleModel,
  UserModel,
} from '../model/types.ts';
import {
  ACCOUNT_ROLES,
  BUILTIN_CLIENT_SCOPES,
  BUILTIN_DEFAULT_SCOPES,
  BUILTIN_OPTIONAL_SCOPES,
  REALM_MANAGEMENT_ROLES,
} from './builtins.ts';
import type {
  ClientRepresentation,
  ClientScopeRepresentation,
  GroupRepresentation,
  ProtocolMapperRepresentation,
  RealmRepresentation,
  RoleRepresentation,
  UserRepresentation,
} from './representation.ts';
import { realmRepresentationSchema } from './representation.ts';
import { decodeOtpKey } from '../login/otp-key.ts';
import { RealmImportError } from './import-error.ts';
import { readBruteForce, readPasswordPolicy } from './login-hardening.ts';
import { readAdminPermissions } from './admin-permissions.ts';

export { RealmImportError };

export function importRealm(json: unknown, clock: Clock): RealmState {
  const parsed = realmRepresentationSchema.safeParse(json);
  if (!parsed.success) throw new RealmImportError(`invalid realm representation: ${parsed.error.message}`);
  const rep = parsed.data;
  const realm = new RealmState(rep.realm, clock);
  importSettings(realm, rep);
  importClientScopes(realm, rep);
  importRealmRoles(realm, rep);
  importBuiltinClients(realm);
  for (const clientRep of rep.clients ?? []) createClient(realm, clientRep);
  importClientRoles(realm, rep);
  resolveRoleComposites(realm, rep);
  importDefaultRole(realm, rep);
  for (const groupRep of rep.groups ?? []) importGroup(realm, groupRep, undefined);
  for (const userRep of rep.users ?? []) importUser(realm, userRep);
  createMissingServiceAccounts(realm);
  realm.loaSteps = readLoaSteps(rep);
  realm.bruteForce = readBruteForce(rep);
  realm.passwordPolicy = readPasswordPolicy(rep);
  // After clients and users exist: permissions name them by client ID and user name.
  realm.adminPermissions = readAdminPermissions(realm, json);
  return realm;
}

function importSettings(realm: RealmState, rep: RealmRepresentation): void {
  realm.enabled = rep.enabled ?? false;
  if (typeof rep['loginWithEmailAllowed'] === 'boolean')
    realm.loginWithEmailAllowed = rep['loginWithEmailAllowed'];
  if (typeof rep['resetPasswordAllowed'] === 'boolean')
    realm.resetPasswordAllowed = rep['resetPasswordAllowed'];
  realm.refreshTokens = {
    revoke: rep['revokeRefreshToken'] === true,
    maxReuse: typeof rep['refreshTokenMaxReuse'] === 'number' ? rep['refreshTokenMaxReuse'] : 0,
  };
  for (const [key, value] of Object.entries(rep.attributes ?? {})) realm.attributes.set(key, value);
  const lifetimes = realm.lifetimes;
  for (const key of Object.keys(lifetimes) as (keyof typeof lifetimes)[]) {
    const value = rep[key];
    if (value !== undefined) lifetimes[key] = value;
  }
  realm.eventsConfig = {
    eventsEnabled: rep.eventsEnabled ?? false,
    enabledEventTypes: rep.enabledEventTypes ?? [],
    eventsListeners: rep.eventsListeners ?? ['jboss-logging'],
    adminEventsEnabled: rep.adminEventsEnabled ?? false,
    adminEventsDetailsEnabled: rep.adminEventsDetailsEnabled ?? false,
    eventsExpiration: rep.eventsExpiration,
  };
  // Setting otpPolicyType makes Keycloak build the policy from the given fields only (OTPPolicy).
  if (rep.otpPolicyType !== undefined) {
    realm.otpPolicy = {
      type: rep.otpPolicyType,
      algorithm: rep.otpPolicyAlgorithm ?? 'HmacSHA1',
      digits: rep.otpPolicyDigits ?? 0,
      period: rep.otpPolicyPeriod ?? 0,
      lookAheadWindow: rep.otpPolicyLookAheadWindow ?? 0,
      initialCounter: rep.otpPolicyInitialCounter ?? 0,
      codeReusable: rep.otpPolicyCodeReusable ?? false,
    };
  }
  realm.clientProfiles = (rep.clientProfiles?.profiles ?? []).map((profile) => ({
    name: profile.name,
    description: profile.description,
    executors: profile.executors.map((e) => ({ executor: e.executor, configuration: e.configuration })),
  }));
  realm.clientPolicies = (rep.clientPolicies?.policies ?? []).map((policy) => ({
    name: policy.name,
    description: policy.description,
    enabled: policy.enabled ?? false,
    conditions: policy.conditions.map((c) => ({ condition: c.condition, configuration: c.configuration })),
    profiles: policy.profiles,
  }));
  for (const profileName of realm.clientPolicies.flatMap((p) => p.profiles))
    if (!realm.clientProfiles.some((p) => p.name === profileName))
      throw new RealmImportError(`Failed to update client policies: unknown profile ${profileName}`);
  realm.requiredActions = (rep.requiredActions ?? []).map((action) => ({
    alias: action.alias,
    enabled: action.enabled ?? false,
    defaultAction: action.defaultAction ?? false,
  }));
  realm.smtpServer = { ...(rep.smtpServer ?? {}) };
}

export function toMapper(rep: ProtocolMapperRepresentation): ProtocolMapperModel {
  return {
    id: rep.id ?? randomUUID(),
    name: rep.name,
    protocol: rep.protocol,
    protocolMapper: rep.protocolMapper,
    config: { ...rep.config },
  };
}

function toClientScope(rep: ClientScopeRepresentation): ClientScopeModel {
  return {
    id: rep.id ?? randomUUID(),
    name: rep.name,
    description: rep.description,
    protocol: rep.protocol,
    attributes: { ...(rep.attributes ?? {}) },
    protocolMappers: (rep.protocolMappers ?? []).map(toMapper),
  };
}

function importClientScopes(realm: RealmState, rep: RealmRepresentation): void {
  // RealmManager.importRealm: built-in scopes are created only when the JSON has no clientScopes array.
  const scopes = rep.clientScopes ?? BUILTIN_CLIENT_SCOPES;
  for (const scopeRep of scopes) {
    const scope = toClientScope(scopeRep);
    realm.clientScopes.set(scope.id, scope);
  }
  realm.defaultDefaultClientScopes =
    rep.defaultDefaultClientScopes ?? (rep.clientScopes ? [] : BUILTIN_DEFAULT_SCOPES);
  realm.defaultOptionalClientScopes =
    rep.defaultOptionalClientScopes ?? (rep.clientScopes ? [] : BUILTIN_OPTIONAL_SCOPES);
  // RealmManager.setupOfflineTokens creates the offline_access scope (and role) even when the JSON has its own
  // clientScopes array, and makes it a default optional scope.
  if (!realm.clientScopeByName('offline_access')) {
    const offline = BUILTIN_CLIENT_SCOPES.find((scope) => scope.name === 'offline_access');
    if (offline) {
      const scope = toClientScope(offline);
      realm.clientScopes.set(scope.id, scope);
      if (!realm.defaultOptionalClientScopes.includes('offline_access'))
        realm.defaultOptionalClientScopes.push('offline_access');
    }
  }
}

function newRole(
  realm: RealmState,
  name: string,
  containerId: string,
  clientRole: boolean,
  rep?: RoleRepresentation,
): RoleModel {
  const role: RoleModel = {
    id: rep?.id ?? randomUUID(),
    name,
    containerId,
    clientRole,
    composites: new Set(),
    attributes: { ...(rep?.attributes ?? {}) },
    description: rep?.description,
  };
  realm.roles.set(role.id, role);
  return role;
}

function importRealmRoles(realm: RealmState, rep: RealmRepresentation): void {
  for (const roleRep of rep.roles?.realm ?? []) newRole(realm, roleRep.name, realm.id, false, roleRep);
  for (const builtin of ['offline_access', 'uma_authorization'])
    if (!realm.realmRole(builtin)) newRole(realm, builtin, realm.id, false);
}

function defaultClient(clientId: string): ClientModel {
  return {
    id: randomUUID(),
    clientId,
    enabled: true,
    publicClient: false,
    bearerOnly: false,
    serviceAccountsEnabled: false,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    consentRequired: false,
    frontchannelLogout: true,
    fullScopeAllowed: true,
    authorizationServicesEnabled: false,
    alwaysDisplayInConsole: false,
    surrogateAuthRequired: false,
    protocol: 'openid-connect',
    clientAuthenticatorType: 'client-secret',
    redirectUris: [],
    webOrigins: [],
    notBefore: 0,
    nodeReRegistrationTimeout: -1,
    attributes: new Map(),
    defaultClientScopes: [],
    optionalClientScopes: [],
    protocolMappers: [],
    scopeMappings: new Set(),
  };
}

function importBuiltinClients(realm: RealmState): void {
  const management = defaultClient('realm-management');
  management.bearerOnly = true;
  management.standardFlowEnabled = false;
  realm.clients.set(management.id, management);
  for (const name of Object.keys(REALM_MANAGEMENT_ROLES)) newRole(realm, name, management.id, true);
  const account = defaultClient('account');
  account.publicClient = true;
  realm.clients.set(account.id, account);
  for (const name of Object.keys(ACCOUNT_ROLES)) newRole(realm, name, account.id, true);
  const linkComposites = (client: ClientModel, table: Record<string, string[]>) => {
    for (const [name, includes] of Object.entries(table)) {
      const role = realm.clientRole(client.id, name);
      for (const included of includes) {
        const target = realm.clientRole(client.id, included);
        if (role && target) role.composites.add(target.id);
      }
    }
  };
  linkComposites(management, REALM_MANAGEMENT_ROLES);
  linkComposites(account, ACCOUNT_ROLES);
  const realmAdmin = realm.clientRole(management.id, 'realm-admin');
  if (realmAdmin)
    for (const role of realm.clientRoles(management.id))
      if (role.id !== realmAdmin.id) realmAdmin.composites.add(role.id);
}

/** Applies a client representation to a client model: used by import and by the admin create endpoint. */
export function applyClientRepresentation(client: ClientModel, rep: ClientRepresentation): void {
  const flags = [
    'enabled',
    'publicClient',
    'bearerOnly',
    'serviceAccountsEnabled',
    'standardFlowEnabled',
    'implicitFlowEnabled',
    'directAccessGrantsEnabled',
    'consentRequired',
    'frontchannelLogout',
    'fullScopeAllowed',
    'authorizationServicesEnabled',
    'alwaysDisplayInConsole',
    'surrogateAuthRequired',
  ] as const;
  for (const flag of flags) {
    const value = rep[flag];
    if (value !== undefined) client[flag] = value;
  }
  if (rep.name !== undefined) client.name = rep.name;
  if (rep.description !== undefined) client.description = rep.description;
  if (rep.rootUrl !== undefined) client.rootUrl = rep.rootUrl;
  if (rep.baseUrl !== undefined) client.baseUrl = rep.baseUrl;
  if (rep.protocol !== undefined) client.protocol = rep.protocol;
  if (rep.clientAuthenticatorType !== undefined) client.clientAuthenticatorType = rep.clientAuthenticatorType;
  if (rep.redirectUris !== undefined) client.redirectUris = [...rep.redirectUris];
  if (rep.webOrigins !== undefined) client.webOrigins = [...rep.webOrigins];
  if (rep.notBefore !== undefined) client.notBefore = rep.notBefore;
  if (rep.nodeReRegistrationTimeout !== undefined)
    client.nodeReRegistrationTimeout = rep.nodeReRegistrationTimeout;
  // Merge semantics: attributes not in the representation are kept; null or "" removes.
  for (const [key, value] of Object.entries(rep.attributes ?? {})) {
    if (value === null || value === '') client.attributes.delete(key);
    else client.attributes.set(key, value);
  }
}

/** RepresentationToModel.createClient: a new client from its representation (import and POST /clients). */
export function createClient(realm: RealmState, rep: ClientRepresentation): ClientModel {
  if (realm.clientByClientId(rep.clientId)) throw new RealmImportError(`duplicate client ${rep.clientId}`);
  const client = defaultClient(rep.clientId);
  if (rep.id !== undefined) client.id = rep.id;
  applyClientRepresentation(client, rep);
  client.protocolMappers = (rep.protocolMappers ?? []).map(toMapper);
  if (client.publicClient || client.bearerOnly) delete client.secret;
  else if (rep.secret !== undefined) client.secret = rep.secret;
  else {
    client.secret = generateClientSecret();
    client.attributes.set(SECRET_CREATION_TIME, String(epochSeconds(realm.clock)));
  }
  // Either explicit scope list replaces BOTH realm default lists (RepresentationToModel.createClient removes
  // every linked scope first), so a client that names only its default scopes gets no optional ones
  // (contract-tested); a reference to a missing scope is only a warning in Keycloak
  // (RepresentationToModel.addClientScopeToClient), so it is dropped here too.
  const known = (names: string[]) => names.filter((name) => realm.clientScopeByName(name) !== undefined);
  const explicit = rep.defaultClientScopes !== undefined || rep.optionalClientScopes !== undefined;
  client.defaultClientScopes = known(
    rep.defaultClientScopes ?? (explicit ? [] : realm.defaultDefaultClientScopes),
  );
  client.optionalClientScopes = known(
    rep.optionalClientScopes ?? (explicit ? [] : realm.defaultOptionalClientScopes),
  );
  realm.clients.set(client.id, client);
  return client;
}

function importClientRoles(realm: RealmState, rep: RealmRepresentation): void {
  for (const [clientId, roles] of Object.entries(rep.roles?.client ?? {})) {
    const client = realm.clientByClientId(clientId);
    if (!client) throw new RealmImportError(`roles defined for unknown client ${clientId}`);
    for (const roleRep of roles)
      if (!realm.clientRole(client.id, roleRep.name)) newRole(realm, roleRep.name, client.id, true, roleRep);
  }
}

function resolveRoleComposites(realm: RealmState, rep: RealmRepresentation): void {
  const link = (role: RoleModel | undefined, roleRep: RoleRepresentation) => {
    if (!role || !roleRep.composites) return;
    for (const name of roleRep.composites.realm ?? []) {
      const target = realm.realmRole(name);
      if (!target) throw new RealmImportError(`composite role ${name} of ${role.name} not found`);
      role.composites.add(target.id);
    }
    for (const [clientId, names] of Object.entries(roleRep.composites.client ?? {})) {
      const client = realm.clientByClientId(clientId);
      for (const name of names) {
        const target = client ? realm.clientRole(client.id, name) : undefined;
        if (!target)
          throw new RealmImportError(`composite role ${clientId}/${name} of ${role.name} not found`);
        role.composites.add(target.id);
      }
    }
  };
  for (const roleRep of rep.roles?.realm ?? []) link(realm.realmRole(roleRep.name), roleRep);
  for (const [clientId, roles] of Object.entries(rep.roles?.client ?? {})) {
    const client = realm.clientByClientId(clientId);
    for (const roleRep of roles)
      link(client ? realm.clientRole(client.id, roleRep.name) : undefined, roleRep);
  }
}

function importDefaultRole(realm: RealmState, rep: RealmRepresentation): void {
  const name = rep.defaultRole?.name ?? `default-roles-${realm.name.toLowerCase()}`;
  let role = realm.realmRole(name);
  if (!role) {
    role = newRole(realm, name, realm.id, false);
    const account = realm.clientByClientId('account');
    const parts = [
      realm.realmRole('offline_access'),
      realm.realmRole('uma_authorization'),
      account ? realm.clientRole(account.id, 'view-profile') : undefined,
      account ? realm.clientRole(account.id, 'manage-account') : undefined,
    ];
    for (const part of parts) if (part) role.composites.add(part.id);
  }
  realm.defaultRoleId = role.id;
}

/** Grants realm and client roles by name; an unknown client role name is silently created. */
function grantRoles(
  realm: RealmState,
  mappings: Set<string>,
  realmRoles: string[] | undefined,
  clientRoles: Record<string, string[]> | undefined,
  owner: string,
): void {
  for (const name of realmRoles ?? []) {
    const role = realm.realmRole(name);
    if (!role) throw new RealmImportError(`realm role ${name} of ${owner} not found`);
    mappings.add(role.id);
  }
  for (const [clientId, names] of Object.entries(clientRoles ?? {})) {
    const client = realm.clientByClientId(clientId);
    if (!client) throw new RealmImportError(`client ${clientId} in roles of ${owner} not found`);
    for (const name of names)
      mappings.add((realm.clientRole(client.id, name) ?? newRole(realm, name, client.id, true)).id);
  }
}

function importGroup(realm: RealmState, rep: GroupRepresentation, parent: GroupModel | undefined): void {
  const group: GroupModel = {
    id: rep.id ?? randomUUID(),
    name: rep.name,
    path: `${parent?.path ?? ''}/${rep.name}`,
    attributes: { ...(rep.attributes ?? {}) },
    roleMappings: new Set(),
    parentId: parent?.id,
  };
  grantRoles(realm, group.roleMappings, rep.realmRoles, rep.clientRoles, `group ${group.path}`);
  realm.groups.set(group.id, group);
  for (const child of rep.subGroups ?? []) importGroup(realm, child, group);
}

function otpCredential(
  realm: RealmState,
  cred: NonNullable<UserRepresentation['credentials']>[number],
): OtpCredentialModel {
  const secretData = JSON.parse(cred.secretData ?? '{}') as { value?: string };
  const data = JSON.parse(cred.credentialData ?? '{}') as {
    digits?: number;
    period?: number;
    algorithm?: string;
    secretEncoding?: string;
  };
  if (!secretData.value) throw new RealmImportError('otp credential without secretData.value');
  const algorithm = data.algorithm ?? realm.otpPolicy.algorithm;
  if (algorithm !== 'HmacSHA1' && algorithm !== 'HmacSHA256' && algorithm !== 'HmacSHA512')
    throw new RealmImportError(`unsupported otp algorithm ${algorithm}`);
  return {
    id: cred.id ?? randomUUID(),
    userLabel: cred.userLabel,
    createdDate: cred.createdDate ?? realm.clock.now(),
    key: decodeOtpKey(secretData.value, data.secretEncoding),
    algorithm,
    digits: data.digits ?? realm.otpPolicy.digits,
    period: data.period ?? realm.otpPolicy.period,
  };
}

function importUser(realm: RealmState, rep: UserRepresentation): void {
  const username = rep.username.toLowerCase();
  if (realm.userByUsername(username)) throw new RealmImportError(`duplicate user ${username}`);
  const user: UserModel = {
    id: rep.id ?? randomUUID(),
    username,
    // Keycloak: a user is disabled unless `enabled` is set.
    enabled: rep.enabled === true,
    emailVerified: rep.emailVerified ?? false,
    createdTimestamp: rep.createdTimestamp ?? realm.clock.now(),
    attributes: { ...(rep.attributes ?? {}) },
    otpCredentials: [],
    requiredActions: [...(rep.requiredActions ?? [])],
    roleMappings: new Set(),
    groupIds: new Set(),
    email: rep.email?.toLowerCase(),
    firstName: rep.firstName,
    lastName: rep.lastName,
  };
  for (const cred of rep.credentials ?? []) {
    // A non-empty `value` is always stored as a password (RepresentationToModel.createCredentials).
    if (cred.value) user.password = cred.value;
    else if (cred.type === 'otp') user.otpCredentials.push(otpCredential(realm, cred));
  }
  grantRoles(realm, user.roleMappings, rep.realmRoles, rep.clientRoles, `user ${username}`);
  for (const path of rep.groups ?? []) {
    const group = realm.groupByPath(path.startsWith('/') ? path : `/${path}`);
    if (!group) throw new RealmImportError(`group ${path} of user ${username} not found`);
    user.groupIds.add(group.id);
  }
  if (rep.serviceAccountClientId !== undefined) {
    const client = realm.clientByClientId(rep.serviceAccountClientId);
    if (!client) throw new RealmImportError('Unable to find client specified for service account link');
    user.serviceAccountClientId = client.id;
    client.serviceAccountUserId = user.id;
  }
  realm.users.set(user.id, user);
}

/** setupClientServiceAccountsAndAuthorizationOnImport: a service account with no roles for clients that lack one. */
function createMissingServiceAccounts(realm: RealmState): void {
  for (const client of realm.clients.values()) {
    if (!client.serviceAccountsEnabled || client.serviceAccountUserId) continue;
    createServiceAccountUser(realm, client);
  }
}

export function createServiceAccountUser(realm: RealmState, client: ClientModel): UserModel {
  const user: UserModel = {
    id: randomUUID(),
    username: `service-account-${client.clientId.toLowerCase()}`,
    enabled: true,
    emailVerified: false,
    createdTimestamp: realm.clock.now(),
    attributes: {},
    otpCredentials: [],
    requiredActions: [],
    roleMappings: new Set(),
    groupIds: new Set(),
    serviceAccountClientId: client.id,
  };
  realm.users.set(user.id, user);
  client.serviceAccountUserId = user.id;
  return user;
}

/** Reads the browser flow's Level-of-Authentication sub-flows. */
function readLoaSteps(rep: RealmRepresentation): LoaStep[] {
  const flows = new Map((rep.authenticationFlows ?? []).map((flow) => [flow.alias, flow]));
  const configs = new Map((rep.authenticatorConfig ?? []).map((config) => [config.alias, config.config]));
  const steps: LoaStep[] = [];
  const visit = (alias: string, depth: number) => {
    const flow = flows.get(alias);
    if (!flow || depth > 10) return;
    const executions = [...flow.authenticationExecutions].sort(
      (a, b) => (a.priority ?? 0) - (b.priority ?? 0),
    );
    const condition = executions.find((e) => e.authenticator === 'conditional-level-of-authentication');
    if (condition) {
      const config = configs.get(condition.authenticatorConfig ?? '');
      if (!config)
        throw new RealmImportError(`authenticator config ${String(condition.authenticatorConfig)} not found`);
      steps.push({
        level: Number(config['loa-condition-level']),
        maxAge: Number(config['loa-max-age'] ?? 36000),
        authenticators: executions
          .filter(
            (e) => !e.authenticatorFlow && e.authenticator && e.authenticator !== condition.authenticator,
          )
          .filter((e) => e.requirement !== 'DISABLED')
          .map((e) => e.authenticator ?? ''),
      });
      return;
    }
    for (const execution of executions)
      if (execution.authenticatorFlow && execution.flowAlias && execution.requirement !== 'DISABLED')
        visit(execution.flowAlias, depth + 1);
  };
  if (rep.browserFlow) visit(rep.browserFlow, 0);
  return steps.sort((a, b) => a.level - b.level);
}
