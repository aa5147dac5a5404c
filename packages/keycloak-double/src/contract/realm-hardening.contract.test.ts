// Contract: the production realm's hardening (keycloak-realm/README.md#hardening) as a login sees it — the
// token and session lifetimes the realm sets, refresh-token rotation (a refresh token works once, its successor
// goes on working), the console's audience (only the sidecar, whatever roles the user holds), and the password
// history. Values come from the shipped realm, not from constants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { loadRealm } from '@credman/realm';
import { canSetUpBeyondSidecar, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { LOGIN_NAMES } from './login-realm-parts.ts';
import { HeadlessBrowser, feedbackMessage, submitTotp, totpSource } from './login-browser.ts';
import { realmAdmin, throwAwayUser } from './privileged.ts';
import type { Cleanups, ThrowAwayUser } from './privileged.ts';

const shipped = loadRealm({
  env: { CREDMAN_SIDECAR_CLIENT_SECRET: 'unused', CREDMAN_CONSOLE_URL: 'https://credman.example.org' },
  demo: false,
});
const seconds = (key: string) => Number(shipped[key]);

let target: ContractTarget;
let config: oidc.Configuration;
const cleanups: Cleanups = [];

beforeAll(async () => {
  target = await startContractTarget();
  config = await oidc.discovery(new URL(target.issuer), LOGIN_NAMES.consoleClientId, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await target.close();
});

function tokenRequest(form: Record<string, string>): Promise<Response> {
  return fetch(`${target.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: LOGIN_NAMES.consoleClientId, ...form }),
  });
}

/** Password + TOTP login of a throw-away user through the console client; the token response. */
async function mfaLogin(
  prepare?: (user: ThrowAwayUser) => Promise<void>,
): Promise<oidc.TokenEndpointResponse> {
  const user = await throwAwayUser(target, cleanups, { totp: true });
  await prepare?.(user);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: LOGIN_NAMES.consoleRedirectUri,
    scope: 'openid',
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
  const login = await browser.open(url.href);
  const otp = await browser.submit(login, 'kc-form-login', {
    username: user.username,
    password: user.password,
  });
  const done = await submitTotp(
    browser,
    otp,
    totpSource(user.totpSecret ?? '', () => target.now()),
  );
  if (!done.redirect)
    throw new Error(`login did not redirect: ${feedbackMessage(done.html) ?? done.html.slice(0, 300)}`);
  return oidc.authorizationCodeGrant(config, done.redirect, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
}

describe('token and session lifetimes', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    'given an MFA login of the console, then the access token lives accessTokenLifespan and the refresh token the SSO and client session idle time',
    async () => {
      const tokens = await mfaLogin();
      const access = decodeJwt(tokens.access_token);
      expect(access.acr).toBe('mfa');
      expect(Number(access.exp) - Number(access.iat)).toBe(seconds('accessTokenLifespan'));
      // expires_in counts from the response, a second later than iat at times.
      expect(tokens.expires_in).toBeGreaterThanOrEqual(seconds('accessTokenLifespan') - 2);
      expect(tokens.expires_in).toBeLessThanOrEqual(seconds('accessTokenLifespan'));
      const idle = Math.min(seconds('ssoSessionIdleTimeout'), seconds('clientSessionIdleTimeout'));
      expect(tokens['refresh_expires_in']).toBe(idle);
      const refresh = decodeJwt(tokens.refresh_token ?? '');
      expect(Number(refresh.exp) - Number(refresh.iat)).toBe(idle);
    },
  );
});

describe("the console's audience", () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    "given a manager of an application, then the console's access token names only credman-sidecar in aud and still carries the application's credential-manager role",
    async () => {
      const application = 'Partner-NL-OrganisationName-DM';
      const tokens = await mfaLogin(async (user) => {
        // The sidecar itself may map a partner application's credential-manager role.
        const sidecar = await target.admin();
        const [client] = await sidecar.clients.find({ clientId: application });
        const role = await sidecar.clients.findRole({ id: client?.id ?? '', roleName: 'credential-manager' });
        await sidecar.users.addClientRoleMappings({
          id: user.id,
          clientUniqueId: client?.id ?? '',
          roles: [{ id: role?.id ?? '', name: role?.name ?? '' }],
        });
      });
      const access = decodeJwt(tokens.access_token);
      expect([access.aud].flat()).toEqual(['credman-sidecar']);
      expect(access['resource_access']).toMatchObject({ [application]: { roles: ['credential-manager'] } });
    },
  );
});

describe('refresh-token rotation', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    "given revokeRefreshToken with refreshTokenMaxReuse 0, when a refresh token is used a second time, then 400 invalid_grant, and the replay ends the console's session: its successor is refused too",
    async () => {
      expect(shipped['revokeRefreshToken']).toBe(true);
      expect(shipped['refreshTokenMaxReuse']).toBe(0);
      const tokens = await mfaLogin();
      const first = tokens.refresh_token ?? '';
      const once = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first });
      expect(once.status).toBe(200);
      const next = ((await once.json()) as { refresh_token: string }).refresh_token;
      expect(next).not.toBe(first);

      const again = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first });
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'Maximum allowed refresh token reuse exceeded',
      });

      // A replay may be the thief's or the console's: Keycloak ends the client session either way.
      const successor = await tokenRequest({ grant_type: 'refresh_token', refresh_token: next });
      expect(successor.status).toBe(400);
      expect(await successor.json()).toEqual({
        error: 'invalid_grant',
        error_description: "Session doesn't have required client",
      });
    },
  );
});

describe('refresh-token rotation with two console tabs', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    'given two logins of one browser (two tabs, one SSO session), then each tab refreshes its own chain of refresh tokens side by side',
    async () => {
      const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
      const user = await throwAwayUser(target, cleanups, { totp: true });
      const login = async () => {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: LOGIN_NAMES.consoleRedirectUri,
          scope: 'openid',
          state,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        });
        let page = await browser.open(url.href);
        if (page.redirect === undefined) {
          const otp = await browser.submit(page, 'kc-form-login', {
            username: user.username,
            password: user.password,
          });
          page = await submitTotp(
            browser,
            otp,
            totpSource(user.totpSecret ?? '', () => target.now()),
          );
        }
        if (!page.redirect) throw new Error('login did not redirect');
        return oidc.authorizationCodeGrant(config, page.redirect, {
          pkceCodeVerifier: verifier,
          expectedState: state,
        });
      };
      const tabs = [(await login()).refresh_token ?? ''];
      // The second tab logs in through the SSO session; refresh tokens carry whole seconds.
      await target.advance(1.1);
      tabs.push((await login()).refresh_token ?? '');
      for (let round = 0; round < 2; round++) {
        await target.advance(1.1);
        for (const [tab, token] of tabs.entries()) {
          const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: token });
          expect(refreshed.status, `tab ${String(tab)} round ${String(round)}`).toBe(200);
          tabs[tab] = ((await refreshed.json()) as { refresh_token: string }).refresh_token;
        }
      }
    },
  );
});

describe('password history', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    'given passwordHistory(5), then reset-password refuses the current password and a recent one (400 with the message key) and accepts a new one',
    async () => {
      const history = Number(/passwordHistory\((\d+)\)/.exec(shipped['passwordPolicy'] as string)?.[1]);
      expect(history).toBeGreaterThanOrEqual(3);
      const user = await throwAwayUser(target, cleanups, { totp: false });
      const admin = await realmAdmin(target, cleanups);
      const reset = async (value: string) =>
        fetch(`${target.baseUrl}/admin/realms/${target.realm}/users/${user.id}/reset-password`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${admin.accessToken ?? ''}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'password', value, temporary: false }),
        });
      const refusal = {
        error: 'invalidPasswordHistoryMessage',
        error_description: `Invalid password: must not be equal to any of last ${String(history)} passwords.`,
      };
      const current = await reset(user.password);
      expect(current.status).toBe(400);
      expect(await current.json()).toEqual(refusal);
      expect((await reset('a-second-long-password-2')).status).toBe(204);
      const earlier = await reset(user.password);
      expect(earlier.status).toBe(400);
      expect(await earlier.json()).toEqual(refusal);
      expect((await reset('a-third-long-password-3')).status).toBe(204);
    },
  );
});
