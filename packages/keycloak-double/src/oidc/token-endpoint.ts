// POST /realms/{realm}/protocol/openid-connect/token. Order as in Keycloak's TokenEndpoint: the grant type is
// looked up first (an unknown one is refused before any client authentication; a known one names the event),
// then the client is authenticated, then the grant runs.
import type { KeycloakDouble } from '../double.ts';
import { epochSeconds } from '../clock.ts';
import { authenticateClient } from './client-auth.ts';
import { authenticateClientJwt } from './client-jwt.ts';
import type { ClientModel, UserModel } from '../model/types.ts';
import { CLIENT_AUTH_METHOD } from './event-details.ts';
import { RETIRED_SECRET_DETAIL, SECRET_SLOT_DETAIL } from '../model/credman-extension.ts';
import type { SecretSlot } from '../model/credman-extension.ts';
import { withClientCors } from './cors.ts';
import { oauthError } from './oauth-error.ts';
import { InvalidScopeError, accessTokenClaims, idTokenClaims, resolveClientScopes } from './token-claims.ts';
import type { TokenSubject } from './token-claims.ts';

export interface GrantRequest {
  double: KeycloakDouble;
  issuer: string;
  form: URLSearchParams;
  client: ClientModel;
  ipAddress: string;
  /** With credman's extension: which stored secret authenticated the client. */
  secretSlot?: SecretSlot | undefined;
  /** What the client authenticator added to the request's events (client-jwt's assertion details). */
  authDetails?: Record<string, string> | undefined;
}

/** A grant type's handler; runs after client authentication succeeded. */
export type GrantHandler = (request: GrantRequest) => Promise<Response>;

/** The event type Keycloak records for each grant (success; errors append `_ERROR`). */
export const GRANT_EVENT_TYPES: Record<string, string> = {
  client_credentials: 'CLIENT_LOGIN',
  authorization_code: 'CODE_TO_TOKEN',
  refresh_token: 'REFRESH_TOKEN',
  password: 'LOGIN',
};

/**
 * The details client authentication adds to the grant's event (ClientAuthenticationFlow). Stock Keycloak 26.7.3
 * writes the same for the current and the rotated secret; credman's extension adds which of the two matched, to
 * the request's event builder, so every event of the request carries it.
 */
export function clientAuthDetails(
  request: Pick<GrantRequest, 'client' | 'secretSlot' | 'authDetails'>,
): Record<string, string> {
  return {
    ...request.authDetails,
    [CLIENT_AUTH_METHOD]: request.client.clientAuthenticatorType,
    ...(request.secretSlot !== undefined ? { [SECRET_SLOT_DETAIL]: request.secretSlot } : {}),
  };
}

/** The subject a failed grant's event names once the grant has found it. */
export interface GrantEventSubject {
  userId?: string;
  sessionId?: string;
}

/** Records a grant's `_ERROR` event and answers with Keycloak's OAuth error body. */
export type GrantFailure = (
  error: string,
  description: string,
  eventError: string,
  subject?: GrantEventSubject,
) => Response;

/**
 * The failure of one grant request: its event carries the client, the address and `details` as they stand when
 * the grant fails (a grant adds to them as it learns more).
 */
export function grantFailure(
  request: GrantRequest,
  eventType: string,
  details: Record<string, string>,
  status = 400,
): GrantFailure {
  return (error, description, eventError, subject = {}) => {
    request.double.realm.recordEvent({
      type: eventType,
      clientId: request.client.clientId,
      ipAddress: request.ipAddress,
      error: eventError,
      details,
      ...subject,
    });
    return oauthError(status, error, description);
  };
}

/** A successful token response; like Keycloak's, it must never be cached. */
export function tokenResponse(body: Record<string, unknown>): Response {
  return Response.json(body, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
}

export async function handleTokenRequest(
  double: KeycloakDouble,
  request: Request,
  issuer: string,
  ipAddress: string,
): Promise<Response> {
  const contentType = request.headers.get('content-type') ?? '';
  const form = contentType.includes('application/x-www-form-urlencoded')
    ? new URLSearchParams(await request.text())
    : new URLSearchParams();
  const realm = double.realm;
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing form parameter: grant_type');
  const handler = double.grants.get(grantType);
  const eventType = GRANT_EVENT_TYPES[grantType];
  if (!handler || !eventType) return oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
  const origin = request.headers.get('origin');
  const auth =
    form.has('client_assertion') || form.has('client_assertion_type')
      ? await authenticateClientJwt(realm, form, issuer)
      : authenticateClient(realm, request.headers.get('authorization'), form, {
          extension: double.extension,
        });
  if (!auth.ok) {
    realm.recordEvent({
      type: `${eventType}_ERROR`,
      ipAddress,
      error: auth.eventError,
      details: {
        grant_type: grantType,
        ...(auth.retiredSecretId !== undefined ? { [RETIRED_SECRET_DETAIL]: auth.retiredSecretId } : {}),
      },
      clientId: auth.clientId,
    });
    return auth.client ? withClientCors(auth.response, origin, auth.client) : auth.response;
  }
  const response = await handler({
    double,
    issuer,
    form,
    client: auth.client,
    ipAddress,
    secretSlot: auth.secretSlot,
    authDetails: auth.details,
  });
  // Browser apps (keycloak-js) call this endpoint cross-origin; Keycloak answers CORS for the client's web origins.
  return withClientCors(response, origin, auth.client);
}

/** The client's service account, if the client may use it (ClientCredentialsGrantType), else the refusal. */
function serviceAccountUser(request: GrantRequest, refuse: GrantFailure): UserModel | Response {
  const { double, client } = request;
  if (client.publicClient)
    return refuse(
      'unauthorized_client',
      'Public client not allowed to retrieve service account',
      'invalid_client',
    );
  if (!client.serviceAccountsEnabled)
    return refuse('unauthorized_client', 'Client not enabled to retrieve service account', 'invalid_client');
  // ClientCredentialsGrantType: a missing or disabled service-account user is a 401 invalid_request.
  const user = double.realm.serviceAccountOf(client);
  if (!user)
    return refuse(
      'invalid_request',
      'The associated service account for the client does not exist',
      'user_not_found',
    );
  if (!user.enabled) return refuse('invalid_request', `User '${user.username}' disabled`, 'user_disabled');
  return user;
}

/** The access token (and ID token for `openid`) of a service account; no refresh token. */
async function serviceAccountTokens(
  request: GrantRequest,
  user: UserModel,
  resolved: ReturnType<typeof resolveClientScopes>,
): Promise<{ body: Record<string, unknown>; access: Record<string, unknown> }> {
  const { double, client, issuer, ipAddress } = request;
  const now = epochSeconds(double.realm.clock);
  const subject: TokenSubject = {
    user,
    authTime: now,
    acr: '1',
    amr: [],
    notes: { client_id: client.clientId, clientHost: ipAddress, clientAddress: ipAddress },
  };
  const ctx = { realm: double.realm, issuer, client, subject, ...resolved, nowSeconds: now };
  const access = accessTokenClaims(ctx);
  const body: Record<string, unknown> = {
    access_token: await double.keys.sign(access, 'JWT'),
    expires_in: Number(access.exp) - now,
    refresh_expires_in: 0,
    token_type: 'Bearer',
    'not-before-policy': client.notBefore,
    scope: access.scope,
  };
  if (resolved.openid) body.id_token = await double.keys.sign(idTokenClaims(ctx, {}), 'JWT');
  return { body, access };
}

/** grant_type=client_credentials: a token for the client's service account. */
export const clientCredentialsGrant: GrantHandler = async (request) => {
  const { double, client, form, ipAddress } = request;
  const realm = double.realm;
  const details = { grant_type: 'client_credentials', ...clientAuthDetails(request) };
  const user = serviceAccountUser(request, grantFailure(request, 'CLIENT_LOGIN_ERROR', details, 401));
  if (user instanceof Response) return user;
  let resolved;
  try {
    resolved = resolveClientScopes(realm, client, form.get('scope') ?? undefined);
  } catch (error) {
    if (error instanceof InvalidScopeError)
      return grantFailure(request, 'CLIENT_LOGIN_ERROR', details)(
        'invalid_scope',
        error.message,
        'invalid_request',
      );
    throw error;
  }
  const { body, access } = await serviceAccountTokens(request, user, resolved);
  realm.recordEvent({
    type: 'CLIENT_LOGIN',
    clientId: client.clientId,
    userId: user.id,
    ipAddress,
    details: {
      grant_type: 'client_credentials',
      scope: String(access.scope),
      username: user.username,
      token_id: String(access.jti),
      ...clientAuthDetails(request),
    },
  });
  return tokenResponse(body);
};

/**
 * grant_type=password (ResourceOwnerPasswordCredentialsGrantType): a grant type Keycloak knows, so the client is
 * authenticated first; a client without direct access grants is then refused. The grant itself is not modelled:
 * none of credman's clients enables direct access grants.
 */
export const passwordGrant: GrantHandler = (request) => {
  const { double, client, ipAddress } = request;
  if (!client.directAccessGrantsEnabled) {
    const reason = 'Client not allowed for direct access grants';
    double.realm.recordEvent({
      type: 'LOGIN_ERROR',
      clientId: client.clientId,
      ipAddress,
      error: 'not_allowed',
      details: {
        reason,
        auth_method: 'oauth_credentials',
        grant_type: 'password',
        ...clientAuthDetails(request),
      },
    });
    return Promise.resolve(oauthError(400, 'unauthorized_client', reason));
  }
  return Promise.resolve(
    oauthError(501, 'not_implemented', 'The Keycloak test double does not model the password grant'),
  );
};
