// The token response for a user session at a client (TokenManager.AccessTokenResponseBuilder): access token,
// ID token with at_hash and nonce when `openid` was asked for, and a refresh token (typ Refresh) bound to the
// SSO session. Shared by the authorization_code and refresh_token grants.
import { createHash, randomUUID } from 'node:crypto';
import type { KeycloakDouble } from '../double.ts';
import type { ClientModel, UserModel } from '../model/types.ts';
import type { ClientSession, UserSession } from '../login/sessions.ts';
import { accessTokenClaims, idTokenClaims, resolveClientScopes } from './token-claims.ts';
import type { TokenSubject } from './token-claims.ts';
import { tokenResponse } from './token-endpoint.ts';
import type { GrantRequest } from './token-endpoint.ts';

/** OIDC at_hash: base64url of the left half of the SHA-256 of the access token (RS256). */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** Seconds the refresh token lives: the sooner of SSO idle and SSO max (TokenManager, no client overrides). */
export function refreshLifespan(double: KeycloakDouble, session: UserSession, nowSeconds: number): number {
  const { ssoSessionIdleTimeout, ssoSessionMaxLifespan } = double.realm.lifetimes;
  return Math.max(0, Math.min(ssoSessionIdleTimeout, session.started + ssoSessionMaxLifespan - nowSeconds));
}

export interface IssuedTokens {
  body: Record<string, unknown>;
  accessTokenId: string;
  refreshTokenId: string;
  scope: string;
}

/**
 * The scopes the client session asked for that the client still has. They were validated at the authorization
 * request; the client may have changed since, so unknown names are simply not applied here.
 */
function grantedScopes(client: ClientModel, clientSession: ClientSession): string {
  return (clientSession.scope ?? '')
    .split(' ')
    .filter(
      (s) =>
        s === 'openid' || client.optionalClientScopes.includes(s) || client.defaultClientScopes.includes(s),
    )
    .join(' ');
}

/** The refresh token (typ Refresh), bound to the SSO session and living as long as it may. */
async function signRefreshToken(
  double: KeycloakDouble,
  issuer: string,
  subject: { user: UserModel; client: ClientModel; userSession: UserSession; scope: unknown },
  nowSeconds: number,
): Promise<{ token: string; id: string; expiresIn: number }> {
  const expiresIn = refreshLifespan(double, subject.userSession, nowSeconds);
  const id = randomUUID();
  const claims = {
    exp: nowSeconds + expiresIn,
    iat: nowSeconds,
    jti: id,
    iss: issuer,
    // Keycloak's refresh tokens are audienced to the realm itself.
    aud: issuer,
    sub: subject.user.id,
    typ: 'Refresh',
    azp: subject.client.clientId,
    sid: subject.userSession.id,
    scope: subject.scope,
  };
  return { token: await double.keys.sign(claims, 'JWT'), id, expiresIn };
}

export async function issueUserTokens(input: {
  double: KeycloakDouble;
  issuer: string;
  client: ClientModel;
  user: UserModel;
  userSession: UserSession;
  clientSession: ClientSession;
  nonce?: string | undefined;
  nowSeconds: number;
}): Promise<IssuedTokens> {
  const { double, issuer, client, user, userSession, clientSession, nowSeconds } = input;
  const resolved = resolveClientScopes(double.realm, client, grantedScopes(client, clientSession));
  const subject: TokenSubject = {
    user,
    sessionId: userSession.id,
    authTime: userSession.authTime,
    acr: clientSession.acr,
    amr: [],
    notes: { AUTH_TIME: String(userSession.authTime) },
  };
  const ctx = { realm: double.realm, issuer, client, subject, ...resolved, nowSeconds };
  const access = accessTokenClaims(ctx);
  const accessToken = await double.keys.sign(access, 'JWT');
  const refresh = await signRefreshToken(
    double,
    issuer,
    { user, client, userSession, scope: access.scope },
    nowSeconds,
  );
  const body: Record<string, unknown> = {
    access_token: accessToken,
    expires_in: Number(access.exp) - nowSeconds,
    refresh_expires_in: refresh.expiresIn,
    refresh_token: refresh.token,
    token_type: 'Bearer',
  };
  if (resolved.openid) {
    body.id_token = await double.keys.sign(
      idTokenClaims(ctx, {
        atHash: accessTokenHash(accessToken),
        nonce: input.nonce,
      }),
      'JWT',
    );
  }
  body['not-before-policy'] = client.notBefore;
  // Keycloak 26 removed session_state from the tokens but keeps it in the token response.
  body.session_state = userSession.id;
  body.scope = access.scope;
  return { body, accessTokenId: String(access.jti), refreshTokenId: refresh.id, scope: String(access.scope) };
}

/** What a user grant found valid: the user, their SSO session and this client's session in it. */
export interface UserGrantSession {
  user: UserModel;
  userSession: UserSession;
  clientSession: ClientSession;
  nonce?: string | undefined;
}

/**
 * The end of a user grant (authorization_code, refresh_token): the tokens, the grant's success event with the
 * details gathered so far and the new refresh token's id under `refreshTokenIdDetail`, and the token response.
 */
export async function respondWithUserTokens(
  request: GrantRequest,
  session: UserGrantSession,
  event: { type: string; details: Record<string, string>; refreshTokenIdDetail: string },
  nowSeconds: number,
): Promise<Response> {
  const { double, issuer, client, ipAddress } = request;
  const issued = await issueUserTokens({ double, issuer, client, ...session, nowSeconds });
  double.realm.recordEvent({
    type: event.type,
    clientId: client.clientId,
    userId: session.user.id,
    sessionId: session.userSession.id,
    ipAddress,
    details: {
      ...event.details,
      token_id: issued.accessTokenId,
      [event.refreshTokenIdDetail]: issued.refreshTokenId,
      refresh_token_type: 'Refresh',
      scope: issued.scope,
    },
  });
  return tokenResponse(issued.body);
}
