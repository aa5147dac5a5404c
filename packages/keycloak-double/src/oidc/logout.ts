// RP-initiated logout, GET|POST /protocol/openid-connect/logout (LogoutEndpoint): id_token_hint names the
// session and client; post_logout_redirect_uri must be allowed by the client's `post.logout.redirect.uris`
// (`+` = its redirect URIs) and needs id_token_hint or client_id. Without id_token_hint Keycloak asks the user to
// confirm. Ends the SSO session (its refresh tokens stop working) and records LOGOUT.
import type { Context } from 'hono';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import type { ClientModel } from '../model/types.ts';
import { expireIdentityCookies, readIdentitySessionId } from '../login/cookies.ts';
import { MESSAGES, errorPage, infoPage, logoutConfirmPage } from '../login/pages.ts';
import { loginStore } from '../login/sessions.ts';
import { isValidPostLogoutRedirectUri } from './redirect-uri.ts';

type Ctx = Context<DoubleEnv>;

function html(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' },
  });
}

interface PendingLogout {
  sessionId?: string | undefined;
  redirect?: string | undefined;
  state?: string | undefined;
  clientId?: string | undefined;
}

/** Logout confirmations waiting for the user's click, by session_code. */
const pending = new WeakMap<KeycloakDouble, Map<string, PendingLogout>>();

function pendingOf(double: KeycloakDouble): Map<string, PendingLogout> {
  let map = pending.get(double);
  if (!map) {
    map = new Map();
    pending.set(double, map);
  }
  return map;
}

function endSession(c: Ctx, double: KeycloakDouble, logout: PendingLogout): Response {
  const store = loginStore(double);
  const session = logout.sessionId !== undefined ? store.userSessions.get(logout.sessionId) : undefined;
  if (session) {
    store.removeUserSession(session.id);
    double.realm.recordEvent({
      type: 'LOGOUT',
      userId: session.userId,
      sessionId: session.id,
      ipAddress: c.get('ipAddress'),
      clientId: logout.clientId,
      details: logout.redirect !== undefined ? { redirect_uri: logout.redirect } : {},
    });
  }
  expireIdentityCookies(c, double);
  if (logout.redirect !== undefined) {
    const url = new URL(logout.redirect);
    if (logout.state !== undefined) url.searchParams.set('state', logout.state);
    return c.redirect(url.toString(), 302);
  }
  return c.html(infoPage(double.realm.name, MESSAGES.loggedOut));
}

export async function handleLogout(c: Ctx, double: KeycloakDouble): Promise<Response> {
  const realm = double.realm;
  const params =
    c.req.method === 'POST' ? new URLSearchParams(await c.req.text()) : new URL(c.req.url).searchParams;
  const hint = params.get('id_token_hint') ?? undefined;
  const redirect = params.get('post_logout_redirect_uri') ?? undefined;
  const state = params.get('state') ?? undefined;
  const clientIdParam = params.get('client_id') ?? undefined;
  const fail = (status: number, message: string, error: string) => {
    realm.recordEvent({ type: 'LOGOUT_ERROR', ipAddress: c.get('ipAddress'), error, details: {} });
    return html(errorPage(realm.name, message), status);
  };

  let hintSessionId: string | undefined;
  let client: ClientModel | undefined;
  if (hint !== undefined) {
    try {
      // An expired ID token is still a valid hint; only its signature matters.
      const { payload } = await double.keys.verify(hint, 0);
      if (typeof payload.azp !== 'string') return fail(400, MESSAGES.sessionExpired, 'invalid_token');
      client = realm.clientByClientId(payload.azp);
      hintSessionId = typeof payload.sid === 'string' ? payload.sid : undefined;
    } catch {
      return fail(400, MESSAGES.sessionExpired, 'invalid_token');
    }
  }
  if (clientIdParam !== undefined) {
    const named = realm.clientByClientId(clientIdParam);
    if (!named) return fail(400, MESSAGES.clientNotFound, 'client_not_found');
    if (client && client.id !== named.id)
      return fail(400, 'Parameter client_id different than the client from id_token_hint', 'invalid_request');
    client = named;
  }
  if (redirect !== undefined) {
    if (!client) return fail(400, MESSAGES.missingParameter('id_token_hint'), 'invalid_request');
    if (!isValidPostLogoutRedirectUri(client, redirect))
      return fail(400, MESSAGES.invalidRedirectUri, 'invalid_redirect_uri');
  }
  const cookieSessionId = await readIdentitySessionId(c, double);
  const logout: PendingLogout = {
    sessionId: (hintSessionId ?? cookieSessionId) || undefined,
    redirect,
    state,
    clientId: client?.clientId,
  };
  if (hint !== undefined) return endSession(c, double, logout);
  const sessionCode = crypto.randomUUID();
  pendingOf(double).set(sessionCode, logout);
  return c.html(
    logoutConfirmPage({
      realmName: realm.name,
      action: `${c.get('issuer')}/protocol/openid-connect/logout/logout-confirm`,
      sessionCode,
    }),
  );
}

/** POST /protocol/openid-connect/logout/logout-confirm — the user confirmed the logout. */
export async function handleLogoutConfirm(c: Ctx, double: KeycloakDouble): Promise<Response> {
  const form = new URLSearchParams(await c.req.text());
  const code = form.get('session_code') ?? '';
  const logout = pendingOf(double).get(code);
  if (!logout) return html(errorPage(double.realm.name, MESSAGES.sessionExpired), 400);
  pendingOf(double).delete(code);
  return endSession(c, double, logout);
}
