// Builds token claims the way Keycloak does: a few fixed claims from TokenManager, everything else from the
// protocol mappers of the client and of the client scopes that apply to the request. So the tokens follow the
// realm JSON: remove the `roles` scope and `resource_access` disappears, as it would in Keycloak.
import { randomUUID } from 'node:crypto';
import type { RealmState } from '../model/realm.ts';
import type { ClientModel, ClientScopeModel, ProtocolMapperModel, UserModel } from '../model/types.ts';

export type TokenKind = 'access' | 'id' | 'userinfo';

/** What a token is issued for: the authenticated session of a user (or a service account) at a client. */
export interface TokenSubject {
  user: UserModel;
  /** Session id (`sid`); absent for client_credentials, which has no lasting session. */
  sessionId?: string;
  /** Epoch seconds of the authentication (`auth_time`). */
  authTime: number;
  /** The `acr` value for this login (see login/loa.ts); "1" for service accounts. */
  acr: string;
  /** Authentication method references (amr), e.g. ["pwd","otp"]. */
  amr: string[];
  /** User-session notes that `oidc-usersessionmodel-note-mapper` reads. */
  notes: Record<string, string>;
}

export class InvalidScopeError extends Error {
  override name = 'InvalidScopeError';
}

/** The client's default scopes plus the optional scopes the request names; `openid` is always accepted. */
export function resolveClientScopes(
  realm: RealmState,
  client: ClientModel,
  scopeParam: string | undefined,
): {
  scopes: ClientScopeModel[];
  openid: boolean;
} {
  const requested = (scopeParam ?? '').split(' ').filter((s) => s !== '');
  const invalid = requested.filter(
    (name) =>
      name !== 'openid' &&
      !client.defaultClientScopes.includes(name) &&
      !client.optionalClientScopes.includes(name),
  );
  if (invalid.length > 0) throw new InvalidScopeError(`Invalid scopes: ${scopeParam ?? ''}`);
  const names = [
    ...client.defaultClientScopes,
    ...client.optionalClientScopes.filter((n) => requested.includes(n)),
  ];
  const scopes = names.flatMap((name) => {
    const scope = realm.clientScopeByName(name);
    return scope ? [scope] : [];
  });
  return { scopes, openid: requested.includes('openid') };
}

/** The `scope` claim: openid when asked for, then every applied scope that is included in the token scope. */
export function scopeClaim(scopes: ClientScopeModel[], openid: boolean): string {
  const names = scopes.filter((s) => s.attributes['include.in.token.scope'] !== 'false').map((s) => s.name);
  return [...(openid ? ['openid'] : []), ...names].join(' ');
}

/** Role ids of the user that the client may see (TokenManager.getAccess). */
function rolesInScope(realm: RealmState, client: ClientModel, user: UserModel): Set<string> {
  const userRoles = realm.effectiveRoleIds(user);
  if (client.fullScopeAllowed) return userRoles;
  const allowed = realm.expandComposites(client.scopeMappings);
  for (const role of realm.clientRoles(client.id)) allowed.add(role.id);
  return new Set([...userRoles].filter((id) => allowed.has(id)));
}

/** Splits a claim name on unescaped dots (`a.b` nests, `a\.b` does not), as OIDCAttributeMapperHelper does. */
function claimPath(name: string): string[] {
  return name.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, '.'));
}

function setClaim(claims: Record<string, unknown>, name: string, value: unknown): void {
  const path = claimPath(name);
  let target = claims;
  for (const part of path.slice(0, -1)) {
    const next = target[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) target[last] = value;
}

function convert(value: string | boolean | number, type: string | undefined): unknown {
  if (type === 'boolean') return value === true || value === 'true';
  if (type === 'long' || type === 'int') return Number(value);
  return value;
}

function appliesTo(mapper: ProtocolMapperModel, kind: TokenKind): boolean {
  const flag = { access: 'access.token.claim', id: 'id.token.claim', userinfo: 'userinfo.token.claim' }[kind];
  // These two have no flags in Keycloak and only ever touch the access token.
  if (
    mapper.protocolMapper === 'oidc-audience-resolve-mapper' ||
    mapper.protocolMapper === 'oidc-allowed-origins-mapper'
  )
    return kind === 'access';
  return mapper.config[flag] === 'true';
}

function addAudience(claims: Record<string, unknown>, audience: string): void {
  const current = claims.aud;
  const list = Array.isArray(current) ? (current as string[]) : typeof current === 'string' ? [current] : [];
  if (!list.includes(audience)) list.push(audience);
  claims.aud = list.length === 1 ? list[0] : list;
}

function userProperty(user: UserModel, property: string): string | boolean | undefined {
  switch (property) {
    case 'username':
      return user.username;
    case 'email':
      return user.email;
    case 'emailVerified':
      return user.emailVerified;
    case 'firstName':
      return user.firstName;
    case 'lastName':
      return user.lastName;
    case 'id':
      return user.id;
    default:
      return undefined;
  }
}

/**
 * A user attribute as the user profile (Keycloak 24+) exposes it: username, email, firstName and lastName are
 * attributes too, which is how the built-in `profile` and `email` scopes map them (attribute mappers).
 */
function userAttributeValues(user: UserModel, name: string): string[] | undefined {
  if (name === 'username' || name === 'email' || name === 'firstName' || name === 'lastName') {
    const value = userProperty(user, name);
    return typeof value === 'string' ? [value] : undefined;
  }
  return user.attributes[name];
}

/** Origins a client allows (`+` means the origins of its redirect URIs). */
export function allowedOrigins(client: ClientModel): string[] {
  const origins = new Set<string>();
  for (const origin of client.webOrigins) {
    if (origin === '+') {
      for (const uri of client.redirectUris) {
        try {
          origins.add(new URL(uri.replace(/\*$/, '')).origin);
        } catch {
          // A relative or wildcard redirect URI has no origin to allow.
        }
      }
    } else origins.add(origin);
  }
  return [...origins];
}

interface MapperContext {
  realm: RealmState;
  client: ClientModel;
  subject: TokenSubject;
  roleIds: Set<string>;
}

/** One protocol mapper type: adds its claims for the subject to the token's claims. */
type MapperType = (
  claims: Record<string, unknown>,
  config: Record<string, string>,
  ctx: MapperContext,
) => void;

/** A mapper that sets `claim.name` to one value, converted to `jsonType.label`, when there is a value. */
function setConverted(
  claims: Record<string, unknown>,
  config: Record<string, string>,
  value: string | boolean | undefined,
): void {
  const claimName = config['claim.name'];
  if (value !== undefined && claimName) setClaim(claims, claimName, convert(value, config['jsonType.label']));
}

const userAttributeMapper: MapperType = (claims, config, ctx) => {
  const claimName = config['claim.name'];
  const values = userAttributeValues(ctx.subject.user, config['user.attribute'] ?? '');
  if (!values || values.length === 0 || !claimName) return;
  const converted = values.map((v) => convert(v, config['jsonType.label']));
  setClaim(claims, claimName, config.multivalued === 'true' ? converted : converted[0]);
};

const realmRoleMapper: MapperType = (claims, config, ctx) => {
  const names = [...ctx.roleIds].flatMap((id) => {
    const role = ctx.realm.roles.get(id);
    return role && !role.clientRole ? [role.name] : [];
  });
  if (names.length > 0) setClaim(claims, config['claim.name'] ?? 'realm_access.roles', names);
};

const clientRoleMapper: MapperType = (claims, config, ctx) => {
  const byClient = new Map<string, string[]>();
  const only = config['usermodel.clientRoleMapping.clientId'];
  for (const id of ctx.roleIds) {
    const role = ctx.realm.roles.get(id);
    if (!role?.clientRole) continue;
    const owner = ctx.realm.clients.get(role.containerId);
    if (!owner || (only && owner.clientId !== only)) continue;
    byClient.set(owner.clientId, [...(byClient.get(owner.clientId) ?? []), role.name]);
  }
  const template = config['claim.name'] ?? 'resource_access.${client_id}.roles';
  for (const [clientId, names] of byClient) {
    // The client id becomes one path segment even when it contains dots.
    setClaim(claims, template.replace('${client_id}', clientId.replace(/\./g, '\\.')), names);
  }
};

const audienceResolveMapper: MapperType = (claims, _config, ctx) => {
  const access = claims.resource_access;
  if (typeof access !== 'object' || access === null) return;
  for (const clientId of Object.keys(access))
    if (clientId !== ctx.client.clientId) addAudience(claims, clientId);
};

const sessionNoteMapper: MapperType = (claims, config, ctx) => {
  const note = config['user.session.note'];
  setConverted(
    claims,
    config,
    note === 'AUTH_TIME' ? String(ctx.subject.authTime) : note ? ctx.subject.notes[note] : undefined,
  );
};

/** The mapper types the double models; others credman does not rely on are skipped (listed in the README). */
const MAPPER_TYPES: Record<string, MapperType> = {
  'oidc-usermodel-property-mapper': (claims, config, ctx) => {
    setConverted(claims, config, userProperty(ctx.subject.user, config['user.attribute'] ?? ''));
  },
  'oidc-usermodel-attribute-mapper': userAttributeMapper,
  'oidc-full-name-mapper': (claims, _config, { subject: { user } }) => {
    const name = [user.firstName, user.lastName].filter((p) => p && p.trim() !== '').join(' ');
    if (name !== '') claims.name = name;
  },
  'oidc-usermodel-realm-role-mapper': realmRoleMapper,
  'oidc-usermodel-client-role-mapper': clientRoleMapper,
  'oidc-audience-resolve-mapper': audienceResolveMapper,
  'oidc-audience-mapper': (claims, config) => {
    const audience = config['included.client.audience'] || config['included.custom.audience'];
    if (audience) addAudience(claims, audience);
  },
  'oidc-allowed-origins-mapper': (claims, _config, ctx) => {
    const origins = allowedOrigins(ctx.client);
    if (origins.length > 0) claims['allowed-origins'] = origins;
  },
  'oidc-acr-mapper': (claims, _config, ctx) => {
    claims.acr = ctx.subject.acr;
  },
  'oidc-amr-mapper': (claims, _config, ctx) => {
    if (ctx.subject.amr.length > 0) claims.amr = ctx.subject.amr;
  },
  'oidc-sub-mapper': (claims, _config, ctx) => {
    claims.sub = ctx.subject.user.id;
  },
  'oidc-usersessionmodel-note-mapper': sessionNoteMapper,
  'oidc-hardcoded-claim-mapper': (claims, config) => {
    setConverted(claims, config, config['claim.value']);
  },
};

function applyMapper(claims: Record<string, unknown>, mapper: ProtocolMapperModel, ctx: MapperContext): void {
  MAPPER_TYPES[mapper.protocolMapper]?.(claims, mapper.config, ctx);
}

/** Claims contributed by the mappers of the client and its applied scopes, for one kind of token. */
export function mappedClaims(
  realm: RealmState,
  client: ClientModel,
  scopes: ClientScopeModel[],
  subject: TokenSubject,
  kind: TokenKind,
): Record<string, unknown> {
  const mappers = [...client.protocolMappers, ...scopes.flatMap((s) => s.protocolMappers)].filter((m) =>
    appliesTo(m, kind),
  );
  const ctx: MapperContext = { realm, client, subject, roleIds: rolesInScope(realm, client, subject.user) };
  const claims: Record<string, unknown> = {};
  // Audience resolution reads resource_access, so it runs after every other mapper (Keycloak gives it the
  // lowest priority).
  const last = (m: ProtocolMapperModel) => (m.protocolMapper === 'oidc-audience-resolve-mapper' ? 1 : 0);
  for (const mapper of mappers.sort((a, b) => last(a) - last(b))) applyMapper(claims, mapper, ctx);
  return claims;
}

export interface IssueContext {
  realm: RealmState;
  issuer: string;
  client: ClientModel;
  subject: TokenSubject;
  scopes: ClientScopeModel[];
  openid: boolean;
  nowSeconds: number;
}

/** Access token claims (typ Bearer). */
export function accessTokenClaims(ctx: IssueContext): Record<string, unknown> {
  const lifespan = Number(
    ctx.client.attributes.get('access.token.lifespan') ?? ctx.realm.lifetimes.accessTokenLifespan,
  );
  const claims: Record<string, unknown> = {
    exp: ctx.nowSeconds + lifespan,
    iat: ctx.nowSeconds,
    jti: randomUUID(),
    iss: ctx.issuer,
    typ: 'Bearer',
    azp: ctx.client.clientId,
    ...(ctx.subject.sessionId ? { sid: ctx.subject.sessionId } : {}),
    ...mappedClaims(ctx.realm, ctx.client, ctx.scopes, ctx.subject, 'access'),
    scope: scopeClaim(ctx.scopes, ctx.openid),
  };
  return claims;
}

/** ID token claims (typ ID): audience is the client; `sub` is always present. */
export function idTokenClaims(
  ctx: IssueContext,
  extra: { nonce?: string | undefined; atHash?: string },
): Record<string, unknown> {
  const lifespan = ctx.realm.lifetimes.accessTokenLifespan;
  return {
    exp: ctx.nowSeconds + lifespan,
    iat: ctx.nowSeconds,
    jti: randomUUID(),
    iss: ctx.issuer,
    aud: ctx.client.clientId,
    sub: ctx.subject.user.id,
    typ: 'ID',
    azp: ctx.client.clientId,
    nonce: extra.nonce,
    ...(ctx.subject.sessionId ? { sid: ctx.subject.sessionId } : {}),
    at_hash: extra.atHash,
    ...mappedClaims(ctx.realm, ctx.client, ctx.scopes, ctx.subject, 'id'),
  };
}
