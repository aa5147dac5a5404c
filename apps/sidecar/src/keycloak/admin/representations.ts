// Keycloak's JSON in the port's types (port.ts). Pure: what arrives from the admin API becomes a KeycloakClient,
// KeycloakUser or event here, and listed clients lose their secret values on arrival.
import type {
  ClientLoginEvent,
  ExtensionInfo,
  KeycloakClient,
  KeycloakUser,
  RetiredSecretEvent,
} from '../port.ts';

/** The CLIENT_LOGIN detail credman's Keycloak extension adds: which stored secret matched. */
export const SECRET_SLOT_DETAIL = 'credman_secret_slot';
/** The CLIENT_LOGIN_ERROR detail credman's Keycloak extension adds: the retired secret presented. */
export const RETIRED_SECRET_DETAIL = 'credman_retired_secret';

export interface RawEvent {
  time?: number;
  clientId?: string;
  ipAddress?: string;
  details?: Record<string, unknown>;
}

/**
 * A CLIENT_LOGIN event as the port sees it, and the ONE place that decides where "which slot" comes from
 * (docs/architecture.md#last-use-per-secret): credman's extension's `credman_secret_slot` when the event has it;
 * else, with a configured 26.8 detail key, that detail's presence; else undefined (stock 26.7: ambiguous).
 */
export function toClientLoginEvent(
  event: RawEvent,
  rotatedSecretEventDetail: string | undefined,
): ClientLoginEvent {
  const slot = event.details?.[SECRET_SLOT_DETAIL];
  const usedRotatedSecret =
    slot === 'rotated' || slot === 'current'
      ? slot === 'rotated'
      : rotatedSecretEventDetail === undefined
        ? undefined
        : event.details?.[rotatedSecretEventDetail] !== undefined;
  return {
    time: event.time ?? 0,
    usedRotatedSecret,
    ...(typeof event.ipAddress === 'string' && event.ipAddress !== '' ? { ipAddress: event.ipAddress } : {}),
  };
}

/** A CLIENT_LOGIN_ERROR event naming a retired secret; undefined for any other refused login. */
export function toRetiredSecretEvent(event: RawEvent): RetiredSecretEvent | undefined {
  const secretId = event.details?.[RETIRED_SECRET_DETAIL];
  if (typeof secretId !== 'string' || secretId === '' || !event.clientId) return undefined;
  return {
    time: event.time ?? 0,
    clientId: event.clientId,
    secretId,
    ...(typeof event.ipAddress === 'string' && event.ipAddress !== '' ? { ipAddress: event.ipAddress } : {}),
  };
}

/** The answer of `GET /admin/realms/{realm}/credman/info`, or undefined when it is not the extension's. */
export function toExtensionInfo(body: unknown): ExtensionInfo {
  if (typeof body !== 'object' || body === null) return { present: false };
  const { extension, version, features } = body as Record<string, unknown>;
  if (extension !== 'credman') return { present: false };
  return {
    present: true,
    version: typeof version === 'string' ? version : '',
    features: Array.isArray(features) ? features.filter((f): f is string => typeof f === 'string') : [],
  };
}

export interface RawClient {
  id?: string;
  clientId?: string;
  name?: string;
  description?: string;
  enabled?: boolean;
  secret?: string;
  authorizationServicesEnabled?: boolean;
  attributes?: Record<string, unknown>;
  defaultClientScopes?: string[];
  optionalClientScopes?: string[];
}

export function toClient(raw: RawClient): KeycloakClient {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw.attributes ?? {})) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') attributes[key] = first;
  }
  return {
    id: raw.id ?? '',
    clientId: raw.clientId ?? '',
    name: raw.name,
    description: raw.description,
    enabled: raw.enabled ?? true,
    secret: raw.secret,
    authorizationServicesEnabled: raw.authorizationServicesEnabled,
    attributes,
    defaultClientScopes: raw.defaultClientScopes ?? [],
    optionalClientScopes: raw.optionalClientScopes ?? [],
  };
}

/** Keycloak's attribute holding the rotated secret's value. */
const ROTATED_SECRET_ATTRIBUTE = 'client.secret.rotated';

/**
 * A listed client without its secret values. Keycloak 26.7 lists clients whole (ClientsResource.getClients has
 * no brief representation; docs/architecture.md#keycloak-facts), so the values are dropped here, at the
 * boundary, before a scan holds hundreds of them; whoever writes reads the client again.
 */
export function withoutSecretValues(client: KeycloakClient): KeycloakClient {
  const { [ROTATED_SECRET_ATTRIBUTE]: _rotated, ...attributes } = client.attributes;
  return { ...client, secret: undefined, attributes };
}

export interface RawUser {
  id?: string;
  username?: string;
  email?: string;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
}

export function toUser(raw: RawUser): KeycloakUser {
  return {
    id: raw.id ?? '',
    username: raw.username ?? '',
    email: raw.email,
    emailVerified: raw.emailVerified ?? false,
    firstName: raw.firstName,
    lastName: raw.lastName,
    enabled: raw.enabled ?? false,
  };
}
