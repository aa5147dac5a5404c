// The cookies of a Keycloak browser login, with Keycloak's names and path (/realms/{realm}/):
// AUTH_SESSION_ID (login in progress), KEYCLOAK_IDENTITY (HttpOnly, a signed token naming the SSO session) and
// KEYCLOAK_SESSION (readable by scripts; a hash of the session id, not the id itself).
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { DoubleEnv } from '../app.ts';
import type { KeycloakDouble } from '../double.ts';
import type { UserSession } from './sessions.ts';

export const AUTH_SESSION_ID = 'AUTH_SESSION_ID';
export const KEYCLOAK_IDENTITY = 'KEYCLOAK_IDENTITY';
export const KEYCLOAK_SESSION = 'KEYCLOAK_SESSION';

function cookiePath(double: KeycloakDouble): string {
  return `/realms/${double.realm.name}/`;
}

function secure(c: Context<DoubleEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

/** The root authentication session id of this browser, created when absent. */
export function authSessionRootId(c: Context<DoubleEnv>, double: KeycloakDouble): string {
  const existing = getCookie(c, AUTH_SESSION_ID);
  if (existing !== undefined && existing !== '') return existing;
  const id = randomUUID();
  setCookie(c, AUTH_SESSION_ID, id, {
    path: cookiePath(double),
    httpOnly: true,
    secure: secure(c),
    sameSite: secure(c) ? 'None' : 'Lax',
  });
  return id;
}

export function readAuthSessionRootId(c: Context<DoubleEnv>): string | undefined {
  return getCookie(c, AUTH_SESSION_ID);
}

/** Sets the SSO cookies for a user session (browser-session cookies: the double has no "remember me"). */
export async function setIdentityCookies(
  c: Context<DoubleEnv>,
  double: KeycloakDouble,
  session: UserSession,
  nowSeconds: number,
): Promise<void> {
  const maxLifespan = double.realm.lifetimes.ssoSessionMaxLifespan;
  const identity = await double.keys.sign(
    {
      iat: nowSeconds,
      exp: session.started + maxLifespan,
      iss: c.get('issuer'),
      sub: session.userId,
      sid: session.id,
      typ: 'Serialized-ID',
    },
    'JWT',
  );
  const options = {
    path: cookiePath(double),
    secure: secure(c),
    sameSite: secure(c) ? ('None' as const) : ('Lax' as const),
  };
  setCookie(c, KEYCLOAK_IDENTITY, identity, { ...options, httpOnly: true });
  setCookie(c, KEYCLOAK_SESSION, createHash('sha256').update(session.id).digest('base64url'), options);
}

/** The SSO session id named by a valid KEYCLOAK_IDENTITY cookie. */
export async function readIdentitySessionId(
  c: Context<DoubleEnv>,
  double: KeycloakDouble,
): Promise<string | undefined> {
  const token = getCookie(c, KEYCLOAK_IDENTITY);
  if (token === undefined || token === '') return undefined;
  try {
    const { payload } = await double.keys.verify(token, double.clock.now());
    return payload.typ === 'Serialized-ID' && typeof payload.sid === 'string' ? payload.sid : undefined;
  } catch {
    return undefined;
  }
}

export function expireIdentityCookies(c: Context<DoubleEnv>, double: KeycloakDouble): void {
  for (const name of [KEYCLOAK_IDENTITY, KEYCLOAK_SESSION, AUTH_SESSION_ID])
    deleteCookie(c, name, { path: cookiePath(double) });
}
