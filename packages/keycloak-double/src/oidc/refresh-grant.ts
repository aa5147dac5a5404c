// grant_type=refresh_token (RefreshTokenGrantType, TokenManager.refreshAccessToken / verifyRefreshToken): the
// refresh token must be this realm's, unexpired, issued to this client, and its SSO session still valid (idle and
// max lifespans). Errors are 400 invalid_grant with Keycloak's descriptions; event REFRESH_TOKEN_ERROR.
import { errors } from 'jose';
import type { JWTPayload } from 'jose';
import { epochSeconds } from '../clock.ts';
import { isUserSessionValid, loginStore } from '../login/sessions.ts';
import type { ClientSession, UserSession } from '../login/sessions.ts';
import type { UserModel } from '../model/types.ts';
import { clientAuthDetails, grantFailure } from './token-endpoint.ts';
import type { GrantEventSubject, GrantHandler, GrantRequest } from './token-endpoint.ts';
import { respondWithUserTokens } from './user-tokens.ts';

interface RefreshableSession {
  user: UserModel;
  userSession: UserSession;
  clientSession: ClientSession;
}

/** The refresh token's claims if it is this realm's, a refresh token and unexpired; else the refusal. */
async function refreshTokenClaims(
  request: GrantRequest,
  details: Record<string, string>,
  fail: RefreshFailure,
  now: number,
): Promise<{ jti: unknown; sub: string; sid: string; azp: unknown } | Response> {
  const { double, form } = request;
  const encoded = form.get('refresh_token');
  if (encoded === null || encoded === '') return fail('invalid_request', 'No refresh token');
  let claims: JWTPayload;
  try {
    claims = (await double.keys.verify(encoded, double.realm.clock.now())).payload;
  } catch (error) {
    // An expired token gets its own message (verifyRefreshToken checks expiry after the signature).
    if (!(error instanceof errors.JWTExpired)) return fail('invalid_grant', 'Invalid refresh token');
    claims = error.payload;
  }
  if (claims.typ !== 'Refresh' || typeof claims.sid !== 'string' || typeof claims.sub !== 'string')
    return fail('invalid_grant', 'Invalid refresh token');
  details.refresh_token_id = String(claims.jti);
  if (claims.exp !== undefined && claims.exp < now)
    return fail('invalid_grant', 'Refresh token expired', { userId: claims.sub, sessionId: claims.sid });
  return { jti: claims.jti, sub: claims.sub, sid: claims.sid, azp: claims.azp };
}

/** The token's SSO session, still valid, its enabled user, and this client's session in it. */
async function refreshableSession(
  request: GrantRequest,
  details: Record<string, string>,
  fail: RefreshFailure,
  now: number,
): Promise<RefreshableSession | Response> {
  const { double, client } = request;
  const claims = await refreshTokenClaims(request, details, fail, now);
  if (claims instanceof Response) return claims;
  const subject = { userId: claims.sub, sessionId: claims.sid };
  if (claims.azp !== client.clientId) return fail('invalid_grant', 'Unmatching clients', subject);
  const store = loginStore(double);
  const userSession = store.userSessions.get(claims.sid);
  if (!isUserSessionValid(userSession, double.realm.lifetimes, now)) {
    // Keycloak logs an expired session out when a refresh finds it.
    store.removeUserSession(claims.sid);
    return fail('invalid_grant', 'Session not active', subject);
  }
  const user = double.realm.users.get(userSession.userId);
  if (!user) return fail('invalid_grant', 'Invalid refresh token', subject);
  if (!user.enabled) return fail('invalid_grant', 'User disabled', subject);
  const clientSession = userSession.clientSessions.get(client.id);
  if (!clientSession) return fail('invalid_grant', "Session doesn't have required client", subject);
  const reuse = checkReuse(double.realm.refreshTokens, clientSession, String(claims.jti));
  if (reuse !== undefined) {
    // A refused reuse ends this client's session (seen on 26.7.3): the newest refresh token dies with it,
    // whether the replay was a thief's or the console's.
    userSession.clientSessions.delete(client.id);
    return fail('invalid_grant', reuse, subject);
  }
  return { user, userSession, clientSession };
}

/**
 * Refresh-token rotation (TokenManager.validateTokenReuseForRefresh): with revokeRefreshToken each refresh token
 * may be used refreshTokenMaxReuse + 1 times; the next use is refused. Keycloak counts per chain of refresh tokens
 * of one login, so two tabs (two logins in one SSO session) refresh side by side (seen on 26.7.3); within a chain a
 * used token is the only older one, so counting per token id gives the same answers. Returns the refusal's
 * description, or undefined (and counts the use).
 */
function checkReuse(
  settings: { revoke: boolean; maxReuse: number },
  clientSession: ClientSession,
  tokenId: string,
): string | undefined {
  if (!settings.revoke) return undefined;
  const uses = clientSession.refreshUses?.get(tokenId) ?? 0;
  if (uses > settings.maxReuse) return 'Maximum allowed refresh token reuse exceeded';
  clientSession.refreshUses ??= new Map();
  clientSession.refreshUses.set(tokenId, uses + 1);
  return undefined;
}

/** Every refresh failure records the event error invalid_token. */
type RefreshFailure = (error: string, description: string, subject?: GrantEventSubject) => Response;

export const refreshTokenGrant: GrantHandler = async (request) => {
  const now = epochSeconds(request.double.realm.clock);
  const details: Record<string, string> = { grant_type: 'refresh_token', ...clientAuthDetails(request) };
  const failure = grantFailure(request, 'REFRESH_TOKEN_ERROR', details);
  const fail: RefreshFailure = (error, description, subject) =>
    failure(error, description, 'invalid_token', subject);
  const refreshable = await refreshableSession(request, details, fail, now);
  if (refreshable instanceof Response) return refreshable;
  refreshable.userSession.lastRefresh = now;
  return respondWithUserTokens(
    request,
    refreshable,
    { type: 'REFRESH_TOKEN', details, refreshTokenIdDetail: 'updated_refresh_token_id' },
    now,
  );
};
