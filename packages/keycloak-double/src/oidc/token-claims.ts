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

function applyMapper(claims: Record<string, unknown>, mapper: ProtocolMapperModel, ctx: MapperContext): void {
  const { config } = mapper;
  const claimName = config['claim.name'];
  const { user } = ctx.subject;
  switch (mapper.protocolMapper) {
    case 'oidc-usermodel-property-mapper': {
      const value = userProperty(user, config['user.attribute'] ?? '');
      if (value !== undefined && claimName)
        setClaim(claims, claimName, convert(value, config['jsonType.label']));
      return;
    }
    case 'oidc-usermodel-attribute-mapper': {
      const values = userAttributeValues(user, config['user.attribute'] ?? '');
      if (!values || values.length === 0 || !claimName) return;
      const converted = values.map((v) => convert(v, config['jsonType.label']));
      setClaim(claims, claimName, config.multivalued === 'true' ? converted : converted[0]);
      return;
    }
    case 'oidc-full-name-mapper': {
      const name = [user.firstName, user.lastName].filter((p) => p && p.trim() !== '').join(' ');
      if (name !== '') claims.name = name;
      return;
    }
    case 'oidc-usermodel-realm-role-mapper': {
      const names = [...ctx.roleIds].flatMap((id) => {
        const role = ctx.realm.roles.get(id);
        return role && !role.clientRole ? [role.name] : [];
      });
      if (names.length > 0) setClaim(claims, claimName ?? 'realm_access.roles', names);
      return;
    }
    case 'oidc-usermodel-client-role-mapper': {
      const byClient = new Map<string, string[]>();
      const only = config['usermodel.clientRoleMapping.clientId'];
      for (const id of ctx.roleIds) {
        const role = ctx.realm.roles.get(id);
        if (!role?.clientRole) continue;
        const owner = ctx.realm.clients.get(role.containerId);
        if (!owner || (only && owner.clientId !== only)) continue;
        byClient.set(owner.clientId, [...(byClient.get(owner.clientId) ?? []), role.name]);
      }
      const template = claimName ?? 'resource_access.${client_id}.roles';
      for (const [clientId, names] of byClient) {
        // The client id becomes one path segment even when it contains dots.
        setClaim(claims, template.replace('${client_id}', clientId.replace(/\./g, '\\.')), names);
      }
      return;
    }
    case 'oidc-audience-resolve-mapper': {
      const access = claims.resource_access;
      if (typeof access !== 'object' || access === null) return;
      for (const clientId of Object.keys(access))
        if (clientId !== ctx.client.clientId) addAudience(claims, clientId);
      return;
    }
    case 'oidc-audience-mapper': {
      const audience = config['included.client.audience'] || config['included.custom.audience'];
      if (audience) addAudience(claims, audience);
      return;
    }
    case 'oidc-allowed-origins-mapper': {
      const origins = allowedOrigins(ctx.client);
      if (origins.length > 0) claims['allowed-origins'] = origins;
      return;
    }
    case 'oidc-acr-mapper':
      claims.acr = ctx.subject.acr;
      return;
    case 'oidc-amr-mapper':
      if (ctx.subject.amr.length > 0) claims.amr = ctx.subject.amr;
      return;
    case 'oidc-sub-mapper':
      claims.sub = user.id;
      return;
    case 'oidc-usersessionmodel-note-mapper': {
      const note = config['user.session.note'];
      const value =
        note === 'AUTH_TIME' ? String(ctx.subject.authTime) : note ? ctx.subject.notes[note] : undefined;
      if (value !== undefined && claimName)
        setClaim(claims, claimName, convert(value, config['jsonType.label']));
      return;
    }
    case 'oidc-hardcoded-claim-mapper': {
      const value = config['claim.value'];
      if (value !== undefined && claimName)
        setClaim(claims, claimName, convert(value, config['jsonType.label']));
      return;
    }
    default:
      // Mapper types credman does not rely on are not modelled (listed in the README).
      return;
  }
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
  extra: { nonce?: string; atHash?: string },
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
    ...(extra.nonce !== undefined ? { nonce: extra.nonce } : {}),
    ...(ctx.subject.sessionId ? { sid: ctx.subject.sessionId } : {}),
    ...(extra.atHash !== undefined ? { at_hash: extra.atHash } : {}),
    ...mappedClaims(ctx.realm, ctx.client, ctx.scopes, ctx.subject, 'id'),
  };
}
