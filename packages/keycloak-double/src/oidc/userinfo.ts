// GET|POST /protocol/openid-connect/userinfo (UserInfoEndpoint): a bearer access token of an active SSO session;
// claims from the mappers flagged for userinfo plus `sub`. Errors: 401 without a body, the reason only in the
// WWW-Authenticate challenge (BearerTokenAuthenticator style: realm, then error and error_description).
import type { Context } from 'hono';
import type { DoubleEnv } from '../app.ts';
import { epochSeconds } from '../clock.ts';
import type { KeycloakDouble } from '../double.ts';
import { isUserSessionValid, loginStore } from '../login/sessions.ts';
import { withClientCors } from './cors.ts';
import { mappedClaims, resolveClientScopes } from './token-claims.ts';

type Ctx = Context<DoubleEnv>;

/** Keycloak's 401: a challenge naming the realm; without a token it carries no error at all. */
function unauthorized(realmName: string, error?: { error: string; description: string }): Response {
  const challenge =
    error === undefined
      ? `Bearer realm="${realmName}"`
      : `Bearer realm="${realmName}", error="${error.error}", error_description="${error.description}"`;
  return new Response(null, { status: 401, headers: { 'www-authenticate': challenge } });
}

export async function handleUserinfo(c: Ctx, double: KeycloakDouble): Promise<Response> {
  const realm = double.realm;
  const header = c.req.header('authorization') ?? '';
  const match = /^bearer (.+)$/i.exec(header);
  const token = match?.[1]?.trim();
  if (token === undefined) return unauthorized(realm.name);
  const invalid = (description: string) => unauthorized(realm.name, { error: 'invalid_token', description });
  let payload;
  try {
    payload = (await double.keys.verify(token, double.clock.now())).payload;
  } catch {
    return invalid('Token verification failed');
  }
  if (payload.typ !== 'Bearer' || typeof payload.sid !== 'string' || typeof payload.azp !== 'string')
    return invalid('Token verification failed');
  const session = loginStore(double).userSessions.get(payload.sid);
  if (!isUserSessionValid(session, realm.lifetimes, epochSeconds(double.clock)))
    return invalid("User session not found or doesn't have client attached on it");
  const client = realm.clientByClientId(payload.azp);
  const user = realm.users.get(session.userId);
  const clientSession = client ? session.clientSessions.get(client.id) : undefined;
  if (!client || !user || !clientSession)
    return invalid("User session not found or doesn't have client attached on it");
  const scopeClaim = typeof payload.scope === 'string' ? payload.scope : '';
  const requested = scopeClaim
    .split(' ')
    .filter((s) => s === 'openid' || client.optionalClientScopes.includes(s))
    .join(' ');
  const { scopes } = resolveClientScopes(realm, client, requested);
  const claims = {
    sub: user.id,
    ...mappedClaims(
      realm,
      client,
      scopes,
      {
        user,
        sessionId: session.id,
        authTime: session.authTime,
        acr: clientSession.acr,
        amr: [],
        notes: { AUTH_TIME: String(session.authTime) },
      },
      'userinfo',
    ),
  };
  const origins = Array.isArray(payload['allowed-origins']) ? payload['allowed-origins'].map(String) : [];
  return withClientCors(Response.json(claims), c.req.header('origin') ?? null, origins);
}
