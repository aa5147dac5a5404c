// grant_type=authorization_code (AuthorizationCodeGrantType): the code is single-use, lives accessCodeLifespan
// seconds, is bound to its client and redirect_uri, and carries the PKCE challenge.
// Every failure is 400 with Keycloak's error body and a CODE_TO_TOKEN_ERROR event.
import { epochSeconds } from '../clock.ts';
import { isUserSessionValid, loginStore } from '../login/sessions.ts';
import type { AuthorizationCode, ClientSession, UserSession } from '../login/sessions.ts';
import type { UserModel } from '../model/types.ts';
import { verifyCodeVerifier } from './pkce.ts';
import { clientAuthDetails, grantFailure } from './token-endpoint.ts';
import type { GrantFailure, GrantHandler, GrantRequest } from './token-endpoint.ts';
import { respondWithUserTokens } from './user-tokens.ts';

interface RedeemedCode {
  entry: AuthorizationCode;
  user: UserModel;
  userSession: UserSession;
  clientSession: ClientSession;
}

/** Takes the code once: unknown, replayed and expired codes fail; a replay also detaches the client session. */
function takeCode(
  request: GrantRequest,
  details: Record<string, string>,
  fail: GrantFailure,
  now: number,
): { entry: AuthorizationCode; userSession: UserSession } | Response {
  const store = loginStore(request.double);
  const code = request.form.get('code');
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
  return { entry, userSession };
}

/** The code's binding: this client, the same redirect_uri, a live session, the PKCE verifier. */
function redeemCode(
  request: GrantRequest,
  details: Record<string, string>,
  fail: GrantFailure,
  now: number,
): RedeemedCode | Response {
  const { double, client, form } = request;
  const taken = takeCode(request, details, fail, now);
  if (taken instanceof Response) return taken;
  const { entry, userSession } = taken;
  const subject = { userId: userSession.userId, sessionId: userSession.id };
  if (entry.clientUuid !== client.id)
    return fail(
      'invalid_grant',
      'Auth error: Found different client_id in clientSession',
      'invalid_client',
      subject,
    );
  if (entry.redirectUriParam !== undefined && entry.redirectUriParam !== form.get('redirect_uri'))
    return fail('invalid_grant', 'Incorrect redirect_uri', 'invalid_redirect_uri', subject);
  if (!client.standardFlowEnabled)
    return fail('invalid_grant', 'Client not allowed to exchange code', 'not_allowed', subject);
  const user = double.realm.users.get(userSession.userId);
  if (!user || !isUserSessionValid(userSession, double.realm.lifetimes, now))
    return fail('invalid_grant', 'Session not active', 'user_session_not_found', subject);
  const pkce = verifyCodeVerifier(
    form.get('code_verifier') ?? undefined,
    entry.codeChallenge,
    entry.codeChallengeMethod,
  );
  if (!pkce.ok) return fail('invalid_grant', pkce.description, pkce.eventError, subject);
  const clientSession = userSession.clientSessions.get(client.id);
  if (!clientSession) return fail('invalid_grant', 'Code not valid', 'invalid_code', subject);
  return { entry, user, userSession, clientSession };
}

export const authorizationCodeGrant: GrantHandler = async (request) => {
  const now = epochSeconds(request.double.realm.clock);
  const details: Record<string, string> = { grant_type: 'authorization_code', ...clientAuthDetails(request) };
  const redeemed = redeemCode(request, details, grantFailure(request, 'CODE_TO_TOKEN_ERROR', details), now);
  if (redeemed instanceof Response) return redeemed;
  const { entry, ...session } = redeemed;
  return respondWithUserTokens(
    request,
    { ...session, nonce: entry.nonce },
    { type: 'CODE_TO_TOKEN', details, refreshTokenIdDetail: 'refresh_token_id' },
    now,
  );
};
