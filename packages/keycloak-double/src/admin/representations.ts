// Model → Keycloak admin JSON (ModelToRepresentation), and the secret stripping of StripSecretsUtils.
// Keycloak's JSON leaves an unset field out (NON_NULL), and so do these objects, key and all: the double's own
// code and tests read their keys (`in`, Object.keys), not only their JSON.
import type { RealmState } from '../model/realm.ts';
import type {
  AdminEventModel,
  ClientModel,
  ClientScopeModel,
  EventModel,
  GroupModel,
  ProtocolMapperModel,
  RoleModel,
  UserModel,
} from '../model/types.ts';
import { ROTATED_SECRET } from '../model/client-secret.ts';

/** What StripSecretsUtils writes in place of a secret. */
export const MASKED = '**********';

/** A vault reference (`${vault.key}`) is not a secret and is kept as it is. */
function isVaultReference(value: string): boolean {
  return /^\$\{vault\.[^}]+\}$/.test(value);
}

function mask(value: unknown): unknown {
  return typeof value === 'string' && !isVaultReference(value) ? MASKED : value;
}

type Json = Record<string, unknown>;

/** StripSecretsUtils.stripClient: the current secret and the rotated secret attribute are masked. */
export function stripClientSecrets(rep: Json): Json {
  const stripped: Json = { ...rep };
  if (stripped.secret !== undefined && stripped.secret !== null) stripped.secret = mask(stripped.secret);
  const attributes = stripped.attributes;
  if (typeof attributes === 'object' && attributes !== null && ROTATED_SECRET in attributes) {
    const copy = { ...(attributes as Json) };
    copy[ROTATED_SECRET] = mask(copy[ROTATED_SECRET]);
    stripped.attributes = copy;
  }
  return stripped;
}

/** StripSecretsUtils for a CredentialRepresentation: the value is masked. */
export function stripCredential(rep: Json): Json {
  return rep.value === undefined || rep.value === null ? { ...rep } : { ...rep, value: mask(rep.value) };
}

export function protocolMapperRepresentation(mapper: ProtocolMapperModel): Json {
  return {
    id: mapper.id,
    name: mapper.name,
    protocol: mapper.protocol,
    protocolMapper: mapper.protocolMapper,
    consentRequired: false,
    config: { ...mapper.config },
  };
}

export interface ClientAccess {
  view: boolean;
  configure: boolean;
  manage: boolean;
}

/** ModelToRepresentation.toRepresentation(ClientModel); `secret` in clear, as every caller who may view gets it. */
export function clientRepresentation(client: ClientModel, access?: ClientAccess): Json {
  return {
    id: client.id,
    clientId: client.clientId,
    ...(client.name !== undefined ? { name: client.name } : {}),
    ...(client.description !== undefined ? { description: client.description } : {}),
    ...(client.rootUrl !== undefined ? { rootUrl: client.rootUrl } : {}),
    ...(client.baseUrl !== undefined ? { baseUrl: client.baseUrl } : {}),
    surrogateAuthRequired: client.surrogateAuthRequired,
    enabled: client.enabled,
    alwaysDisplayInConsole: client.alwaysDisplayInConsole,
    clientAuthenticatorType: client.clientAuthenticatorType,
    ...(client.secret !== undefined ? { secret: client.secret } : {}),
    redirectUris: [...client.redirectUris],
    webOrigins: [...client.webOrigins],
    notBefore: client.notBefore,
    bearerOnly: client.bearerOnly,
    consentRequired: client.consentRequired,
    standardFlowEnabled: client.standardFlowEnabled,
    implicitFlowEnabled: client.implicitFlowEnabled,
    directAccessGrantsEnabled: client.directAccessGrantsEnabled,
    serviceAccountsEnabled: client.serviceAccountsEnabled,
    // Keycloak writes authorizationServicesEnabled only when authorization is on.
    ...(client.authorizationServicesEnabled ? { authorizationServicesEnabled: true } : {}),
    publicClient: client.publicClient,
    frontchannelLogout: client.frontchannelLogout,
    protocol: client.protocol,
    attributes: Object.fromEntries(client.attributes),
    authenticationFlowBindingOverrides: {},
    fullScopeAllowed: client.fullScopeAllowed,
    nodeReRegistrationTimeout: client.nodeReRegistrationTimeout,
    ...(client.protocolMappers.length > 0
      ? { protocolMappers: client.protocolMappers.map(protocolMapperRepresentation) }
      : {}),
    defaultClientScopes: [...client.defaultClientScopes],
    optionalClientScopes: [...client.optionalClientScopes],
    ...(access ? { access: { ...access } } : {}),
  };
}

/** The short form Keycloak lists for clients the caller may list but not view. */
export function clientSummaryRepresentation(client: ClientModel): Json {
  return {
    id: client.id,
    clientId: client.clientId,
    ...(client.description !== undefined ? { description: client.description } : {}),
  };
}

/** UserRepresentation; `brief` is toBriefRepresentation (no attributes, required actions, not-before). */
export function userRepresentation(realm: RealmState, user: UserModel, brief: boolean): Json {
  const rep: Json = {
    id: user.id,
    username: user.username,
    ...(user.firstName !== undefined ? { firstName: user.firstName } : {}),
    ...(user.lastName !== undefined ? { lastName: user.lastName } : {}),
    ...(user.email !== undefined ? { email: user.email } : {}),
    emailVerified: user.emailVerified,
    createdTimestamp: user.createdTimestamp,
    enabled: user.enabled,
  };
  if (brief) return rep;
  const serviceAccountOf = user.serviceAccountClientId
    ? realm.clients.get(user.serviceAccountClientId)
    : undefined;
  return {
    ...rep,
    ...(Object.keys(user.attributes).length > 0 ? { attributes: structuredClone(user.attributes) } : {}),
    totp: user.otpCredentials.length > 0,
    ...(serviceAccountOf ? { serviceAccountClientId: serviceAccountOf.clientId } : {}),
    disableableCredentialTypes: [],
    requiredActions: [...user.requiredActions],
    notBefore: 0,
  };
}

export function roleRepresentation(role: RoleModel, brief: boolean): Json {
  return {
    id: role.id,
    name: role.name,
    ...(role.description !== undefined ? { description: role.description } : {}),
    composite: role.composites.size > 0,
    clientRole: role.clientRole,
    containerId: role.containerId,
    ...(brief ? {} : { attributes: structuredClone(role.attributes) }),
  };
}

export function groupRepresentation(realm: RealmState, group: GroupModel, full: boolean): Json {
  const subGroupCount = [...realm.groups.values()].filter((g) => g.parentId === group.id).length;
  const rep: Json = {
    id: group.id,
    name: group.name,
    path: group.path,
    ...(group.parentId !== undefined ? { parentId: group.parentId } : {}),
    subGroupCount,
    subGroups: [],
  };
  if (!full) return rep;
  const realmRoles: string[] = [];
  const clientRoles: Record<string, string[]> = {};
  for (const id of group.roleMappings) {
    const role = realm.roles.get(id);
    if (!role) continue;
    if (!role.clientRole) realmRoles.push(role.name);
    else {
      const owner = realm.clients.get(role.containerId)?.clientId ?? role.containerId;
      (clientRoles[owner] ??= []).push(role.name);
    }
  }
  return { ...rep, attributes: structuredClone(group.attributes), realmRoles, clientRoles };
}

export function clientScopeRepresentation(scope: ClientScopeModel): Json {
  return {
    id: scope.id,
    name: scope.name,
    ...(scope.description !== undefined ? { description: scope.description } : {}),
    protocol: scope.protocol,
    attributes: { ...scope.attributes },
    ...(scope.protocolMappers.length > 0
      ? { protocolMappers: scope.protocolMappers.map(protocolMapperRepresentation) }
      : {}),
  };
}

/** EventRepresentation: absent fields are left out (Keycloak's JSON is NON_NULL). */
export function eventRepresentation(event: EventModel): Json {
  return {
    id: event.id,
    time: event.time,
    type: event.type,
    realmId: event.realmId,
    ...(event.clientId !== undefined ? { clientId: event.clientId } : {}),
    ...(event.userId !== undefined ? { userId: event.userId } : {}),
    ...(event.sessionId !== undefined ? { sessionId: event.sessionId } : {}),
    ...(event.ipAddress !== undefined ? { ipAddress: event.ipAddress } : {}),
    ...(event.error !== undefined ? { error: event.error } : {}),
    details: { ...event.details },
  };
}

export function adminEventRepresentation(event: AdminEventModel): Json {
  return {
    id: event.id,
    time: event.time,
    realmId: event.realmId,
    authDetails: { ...event.authDetails },
    operationType: event.operationType,
    resourceType: event.resourceType,
    resourcePath: event.resourcePath,
    ...(event.representation !== undefined ? { representation: event.representation } : {}),
    ...(event.error !== undefined ? { error: event.error } : {}),
    ...(event.details !== undefined ? { details: { ...event.details } } : {}),
  };
}
