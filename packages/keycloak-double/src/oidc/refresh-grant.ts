// grant_type=refresh_token (RefreshTokenGrantType, TokenManager.refreshAccessToken / verifyRefreshToken): the
// refresh token must be this realm's, unexpired, issued to this client, and its SSO session still valid (idle and
// max lifespans). Errors are 400 invalid_grant with Keycloak's descriptions; event REFRESH_TOKEN_ERROR.
import { errors } from 'jose';
import type { JWTPayload } from 'jose';
import { epochSeconds } from '../clock.ts';
import { isUserSessionValid, loginStore } from '../login/sessions.ts';
import { oauthError } from './oauth-error.ts';
import { clientAuthDetails } from './token-endpoint.ts';
import type { GrantHandler } from './token-endpoint.ts';
import { issueUserTokens } from './user-tokens.ts';

export const refreshTokenGrant: GrantHandler = async (request) => {
  const { double, client, form, issuer, ipAddress } = request;
  const realm = double.realm;
  const store = loginStore(double);
  const now = epochSeconds(realm.clock);
  const details: Record<string, string> = { grant_type: 'refresh_token', ...clientAuthDetails(request) };
  const fail = (error: string, description: string, extra: { userId?: string; sessionId?: string } = {}) => {
    realm.recordEvent({
      type: 'REFRESH_TOKEN_ERROR',
      clientId: client.clientId,
      ipAddress,
      error: 'invalid_token',
      details,
      ...extra,
    });
    return oauthError(400, error, description);
  };

  const encoded = form.get('refresh_token');
  if (encoded === null || encoded === '') return fail('invalid_request', 'No refresh token');
  let claims: JWTPayload;
  try {
    claims = (await double.keys.verify(encoded, realm.clock.now())).payload;
  } catch (error) {
    // An expired token gets its own message (verifyRefreshToken checks expiry after the signature).
    if (!(error instanceof errors.JWTExpired)) return fail('invalid_grant', 'Invalid refresh token');
    claims = error.payload;
  }
  if (claims.typ !== 'Refresh' || typeof claims.sid !== 'string' || typeof claims.sub !== 'string')
    return fail('invalid_grant', 'Invalid refresh token');
  details.refresh_token_id = String(claims.jti);
  const scope = { userId: claims.sub, sessionId: claims.sid };
  if (claims.exp !== undefined && claims.exp < now)
    return fail('invalid_grant', 'Refresh token expired', scope);
  if (claims.azp !== client.clientId) return fail('invalid_grant', 'Unmatching clients', scope);
  const userSession = store.userSessions.get(claims.sid);
  if (!isUserSessionValid(userSession, realm.lifetimes, now)) {
    // Keycloak logs an expired session out when a refresh finds it.
    store.removeUserSession(claims.sid);
    return fail('invalid_grant', 'Session not active', scope);
  }
  const user = realm.users.get(userSession.userId);
  if (!user) return fail('invalid_grant', 'Invalid refresh token', scope);
  if (!user.enabled) return fail('invalid_grant', 'User disabled', scope);
  const clientSession = userSession.clientSessions.get(client.id);
  if (!clientSession) return fail('invalid_grant', "Session doesn't have required client", scope);

  userSession.lastRefresh = now;
  const issued = await issueUserTokens({
    double,
    issuer,
    client,
    user,
    userSession,
    clientSession,
    nowSeconds: now,
  });
  realm.recordEvent({
    type: 'REFRESH_TOKEN',
    clientId: client.clientId,
    userId: user.id,
    sessionId: userSession.id,
    ipAddress,
    details: {
      ...details,
      token_id: issued.accessTokenId,
      updated_refresh_token_id: issued.refreshTokenId,
      refresh_token_type: 'Refresh',
      scope: issued.scope,
    },
  });
  return Response.json(issued.body, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
};
