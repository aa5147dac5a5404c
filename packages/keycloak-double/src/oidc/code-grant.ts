// grant_type=authorization_code (AuthorizationCodeGrantType): the code is single-use, lives accessCodeLifespan
// seconds, is bound to its client and redirect_uri, and carries the PKCE challenge.
// Every failure is 400 with Keycloak's error body and a CODE_TO_TOKEN_ERROR event.
import { epochSeconds } from '../clock.ts';
import { isUserSessionValid, loginStore } from '../login/sessions.ts';
import { oauthError } from './oauth-error.ts';
import { verifyCodeVerifier } from './pkce.ts';
import { clientAuthDetails } from './token-endpoint.ts';
import type { GrantHandler } from './token-endpoint.ts';
import { issueUserTokens } from './user-tokens.ts';

export const authorizationCodeGrant: GrantHandler = async (request) => {
  const { double, client, form, issuer, ipAddress } = request;
  const realm = double.realm;
  const store = loginStore(double);
  const now = epochSeconds(realm.clock);
  const details: Record<string, string> = { grant_type: 'authorization_code', ...clientAuthDetails(request) };
  const fail = (
    error: string,
    description: string,
    eventError: string,
    extra: { userId?: string; sessionId?: string } = {},
  ) => {
    realm.recordEvent({
      type: 'CODE_TO_TOKEN_ERROR',
      clientId: client.clientId,
      ipAddress,
      error: eventError,
      details,
      ...extra,
    });
    return oauthError(400, error, description);
  };

  const code = form.get('code');
  if (code === null) return fail('invalid_request', 'Missing parameter: code', 'invalid_code');
  const entry = store.codes.get(code);
  if (!entry) return fail('invalid_grant', 'Code not valid', 'invalid_code');
  details.code_id = entry.userSessionId;
  const userSession = store.userSessions.get(entry.userSessionId);
  if (entry.used) {
    // A replayed code also detaches the client session, so tokens from the first exchange stop refreshing.
    userSession?.clientSessions.delete(entry.clientUuid);
    return fail('invalid_grant', 'Code not valid', 'invalid_code');
  }
  entry.used = true;
  if (now > entry.expiresAt) return fail('invalid_grant', 'Code is expired', 'expired_code');
  if (!userSession) return fail('invalid_grant', 'User session not found', 'user_session_not_found');
  const scope = { userId: userSession.userId, sessionId: userSession.id };
  if (entry.clientUuid !== client.id)
    return fail(
      'invalid_grant',
      'Auth error: Found different client_id in clientSession',
      'invalid_client',
      scope,
    );
  if (entry.redirectUriParam !== undefined && entry.redirectUriParam !== form.get('redirect_uri'))
    return fail('invalid_grant', 'Incorrect redirect_uri', 'invalid_redirect_uri', scope);
  if (!client.standardFlowEnabled)
    return fail('invalid_grant', 'Client not allowed to exchange code', 'not_allowed', scope);
  const user = realm.users.get(userSession.userId);
  if (!user || !isUserSessionValid(userSession, realm.lifetimes, now))
    return fail('invalid_grant', 'Session not active', 'user_session_not_found', scope);
  const pkce = verifyCodeVerifier(
    form.get('code_verifier') ?? undefined,
    entry.codeChallenge,
    entry.codeChallengeMethod,
  );
  if (!pkce.ok) return fail('invalid_grant', pkce.description, pkce.eventError, scope);
  const clientSession = userSession.clientSessions.get(client.id);
  if (!clientSession) return fail('invalid_grant', 'Code not valid', 'invalid_code', scope);

  const issued = await issueUserTokens({
    double,
    issuer,
    client,
    user,
    userSession,
    clientSession,
    nonce: entry.nonce,
    nowSeconds: now,
  });
  realm.recordEvent({
    type: 'CODE_TO_TOKEN',
    clientId: client.clientId,
    userId: user.id,
    sessionId: userSession.id,
    ipAddress,
    details: {
      ...details,
      token_id: issued.accessTokenId,
      refresh_token_id: issued.refreshTokenId,
      refresh_token_type: 'Refresh',
      scope: issued.scope,
    },
  });
  return Response.json(issued.body, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
};
