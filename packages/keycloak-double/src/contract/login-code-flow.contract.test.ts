// Contract: browser login with authorization code + PKCE S256 on the console client, MFA by LoA step-up,
// refresh and logout — driven with openid-client and a fetch-based browser, so it holds against real Keycloak.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { canSetUpBeyondSidecar, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { LOGIN_NAMES, LOGIN_USERS } from './login-realm-parts.ts';
import { HeadlessBrowser, feedbackMessage, inputError, submitTotp, totpSource } from './login-browser.ts';

const REDIRECT = LOGIN_NAMES.consoleRedirectUri;

let target: ContractTarget;
let config: oidc.Configuration;

beforeAll(async () => {
  target = await startContractTarget();
  config = await oidc.discovery(new URL(target.issuer), LOGIN_NAMES.consoleClientId, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
});
/** Removals of the users a test created through the master admin. */
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  await target.close();
});

/**
 * A user with a password and no OTP, for one test (the sidecar's roles cannot create users): through the master
 * admin against Keycloak, in the model on the double. Email and names are set because Keycloak's user profile
 * requires them of a user and would otherwise ask for them (UPDATE_PROFILE) before finishing the login.
 */
async function throwAwayUser(enabled: boolean): Promise<{ username: string; password: string }> {
  const username = `contract-login-${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID()}`;
  const profile = { email: `${username}@example.org`, firstName: 'Contract', lastName: 'Login' };
  if (target.masterAdmin) {
    const admin = await target.masterAdmin();
    const { id } = await admin.users.create({
      username,
      enabled,
      ...profile,
      emailVerified: true,
      credentials: [{ type: 'password', value: password, temporary: false }],
    });
    cleanups.push(async () => (await target.masterAdmin?.())?.users.del({ id }));
    return { username, password };
  }
  const realm = target.double?.realm;
  if (!realm) throw new Error('creating a user needs KEYCLOAK_ADMIN_USERNAME/PASSWORD');
  const id = randomUUID();
  realm.users.set(id, {
    id,
    username,
    ...profile,
    emailVerified: true,
    enabled,
    createdTimestamp: target.now(),
    attributes: {},
    password,
    otpCredentials: [],
    requiredActions: [],
    roleMappings: new Set(),
    groupIds: new Set(),
  });
  return { username, password };
}

interface Started {
  browser: HeadlessBrowser;
  verifier: string;
  state: string;
  url: URL;
}

async function startLogin(extra: Record<string, string> = {}): Promise<Started> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid',
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { browser: new HeadlessBrowser(new URL(target.baseUrl).origin), verifier, state, url };
}

/**
 * Logs in with password and TOTP; returns the callback URL the browser was sent to. Each test logs in a different
 * demo user: Keycloak accepts a code once per user, and a later run against the same server in the same half
 * minute would otherwise find the codes used (submitTotp retries once or twice then).
 */
async function loginWithMfa(user: keyof typeof LOGIN_USERS, started: Started): Promise<URL> {
  const loginPage = await started.browser.open(started.url.href);
  const otpPage = await started.browser.submit(loginPage, 'kc-form-login', {
    username: LOGIN_USERS[user].username,
    password: LOGIN_USERS[user].password,
  });
  const done = await submitTotp(
    started.browser,
    otpPage,
    totpSource(LOGIN_USERS[user].totpSecret, () => target.now()),
  );
  if (!done.redirect)
    throw new Error(
      `login of ${user} did not redirect: ${String(done.status)} ${feedbackMessage(done.html) ?? done.html.slice(0, 300)}`,
    );
  return done.redirect;
}

function userinfo(accessToken: string): Promise<Response> {
  return fetch(`${target.issuer}/protocol/openid-connect/userinfo`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

async function rawTokenRequest(form: Record<string, string>): Promise<Response> {
  return fetch(`${target.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: LOGIN_NAMES.consoleClientId, ...form }),
  });
}

describe('authorization request validation', () => {
  // [case, PKCE parameters sent, error_description]
  it.each([
    ['no code_challenge_method', {}, 'Missing parameter: code_challenge_method'],
    ['no code_challenge', { code_challenge_method: 'S256' }, 'Missing parameter: code_challenge'],
    [
      'the plain method',
      { code_challenge_method: 'plain', code_challenge: 'a'.repeat(43) },
      'Invalid parameter: code challenge method is not matching the configured one',
    ],
    [
      'a malformed code_challenge',
      { code_challenge_method: 'S256', code_challenge: 'abc' },
      'Invalid parameter: code_challenge',
    ],
  ] as [string, Record<string, string>, string][])(
    'given the console client enforces PKCE S256, when the request has %s, then the browser is sent back with invalid_request',
    async (_case, pkce, description) => {
      const url = new URL(`${target.issuer}/protocol/openid-connect/auth`);
      url.search = new URLSearchParams({
        client_id: LOGIN_NAMES.consoleClientId,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'openid',
        state: 's1',
        ...pkce,
      }).toString();
      const page = await new HeadlessBrowser(new URL(target.baseUrl).origin).open(url.href);
      expect(page.status).toBe(302);
      expect(`${page.redirect?.origin ?? ''}${page.redirect?.pathname ?? ''}`).toBe(REDIRECT);
      expect(Object.fromEntries(page.redirect?.searchParams ?? [])).toEqual({
        error: 'invalid_request',
        error_description: description,
        state: 's1',
        iss: target.issuer,
      });
    },
  );

  it('given a redirect_uri the client does not allow, then an error page (400) says so and nothing is redirected', async () => {
    const started = await startLogin();
    started.url.searchParams.set('redirect_uri', 'https://evil.example/cb');
    const page = await started.browser.open(started.url.href);
    expect(page.redirect).toBeUndefined();
    expect(page.status).toBe(400);
    expect(page.html).toContain('Invalid parameter: redirect_uri');
  });

  it('given an unknown client_id, then an error page (400) says the client was not found', async () => {
    const started = await startLogin();
    started.url.searchParams.set('client_id', 'no-such-client');
    const page = await started.browser.open(started.url.href);
    expect(page.status).toBe(400);
    expect(page.html).toContain('Client not found.');
  });
});

// The shipped realm has brute-force detection on (bruteForceProtected; quickLoginCheckMilliSeconds 1000,
// minimumQuickLoginWaitSeconds 60): two failed logins of one user less than a second apart lock that user out for a
// minute, and a locked user's right password gets "Invalid username or password.". So each user fails at most once
// here before a successful login clears the count: alice types a wrong code, bob a wrong password. The double
// models the lockout for wrong passwords (login/brute-force.ts; keycloak-realm/README.md#login-hardening).
describe('login with password and TOTP', () => {
  it('given minimum acr mfa, when only the password is entered, then the OTP form is asked and a wrong code is refused', async () => {
    const started = await startLogin();
    const loginPage = await started.browser.open(started.url.href);
    expect(loginPage.status).toBe(200);
    expect(loginPage.html).toContain('id="kc-form-login"');
    const otpPage = await started.browser.submit(loginPage, 'kc-form-login', {
      username: LOGIN_USERS.alice.username,
      password: LOGIN_USERS.alice.password,
    });
    expect(otpPage.redirect).toBeUndefined();
    expect(otpPage.status).toBe(200);
    expect(otpPage.html).toContain('id="kc-otp-login-form"');
    expect(feedbackMessage(otpPage.html)).toBeUndefined();
    const wrong = await started.browser.submit(otpPage, 'kc-otp-login-form', {
      otp: totpSource(LOGIN_USERS.alice.totpSecret, () => target.now())() === '000000' ? '111111' : '000000',
    });
    expect(wrong.redirect).toBeUndefined();
    // A form page with an error is still 200; the error sits under the input, in keycloak.v2's markup.
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('id="kc-otp-login-form"');
    expect(inputError(wrong.html, 'otp')).toBe('Invalid authenticator code.');
    expect(feedbackMessage(wrong.html)).toBe('Invalid authenticator code.');
  });

  it("given a wrong password, then the login form comes back (200) with Keycloak's message under the username", async () => {
    const started = await startLogin();
    const loginPage = await started.browser.open(started.url.href);
    const again = await started.browser.submit(loginPage, 'kc-form-login', {
      username: LOGIN_USERS.bob.username,
      password: 'wrong',
    });
    expect(again.redirect).toBeUndefined();
    expect(again.status).toBe(200);
    expect(again.html).toContain('id="kc-form-login"');
    expect(again.html).toMatch(new RegExp(`<input id="username"[^>]*value="${LOGIN_USERS.bob.username}"`));
    expect(inputError(again.html, 'username')).toBe('Invalid username or password.');
    expect(feedbackMessage(again.html)).toBe('Invalid username or password.');
  });

  it.skipIf(!canSetUpBeyondSidecar)(
    "given a disabled user, then a wrong password gets the usual field error and the right one Keycloak's disabled message as a page alert",
    async () => {
      const user = await throwAwayUser(false);
      const started = await startLogin();
      const loginPage = await started.browser.open(started.url.href);
      const wrong = await started.browser.submit(loginPage, 'kc-form-login', {
        username: user.username,
        password: 'wrong',
      });
      expect(wrong.status).toBe(200);
      expect(inputError(wrong.html, 'username')).toBe('Invalid username or password.');
      // A second failure of one user within a second would trip brute-force detection.
      await target.advance(1);
      const refused = await started.browser.submit(wrong, 'kc-form-login', {
        username: user.username,
        password: user.password,
      });
      expect(refused.redirect).toBeUndefined();
      expect(refused.status).toBe(200);
      expect(refused.html).toContain('id="kc-form-login"');
      expect(inputError(refused.html, 'username')).toBeUndefined();
      expect(refused.html).toMatch(/class="[^"]*\bpf-v5-c-alert__title\b[^"]*\bkc-feedback-text\b/);
      expect(feedbackMessage(refused.html)).toBe('Account is disabled, contact your administrator.');
    },
  );

  it.skipIf(!canSetUpBeyondSidecar)(
    'given a user without OTP who must reach level 2, then CONFIGURE_TOTP is asked, an empty code is refused with its message, and a right code completes the login',
    async () => {
      const user = await throwAwayUser(true);
      const started = await startLogin();
      const loginPage = await started.browser.open(started.url.href);
      const setup = await started.browser.submit(loginPage, 'kc-form-login', {
        username: user.username,
        password: user.password,
      });
      expect(setup.status).toBe(200);
      expect(setup.html).toContain('id="kc-totp-settings-form"');
      expect(feedbackMessage(setup.html)).toBe(
        'You need to set up Mobile Authenticator to activate your account.',
      );
      const secret = /name="totpSecret" value="([^"]+)"/.exec(setup.html)?.[1] ?? '';
      expect(secret).toMatch(/^\S{20}$/);
      const empty = await started.browser.submit(setup, 'kc-totp-settings-form', {
        totp: '',
        totpSecret: secret,
        userLabel: '',
      });
      expect(empty.status).toBe(200);
      expect(inputError(empty.html, 'otp-code')).toBe('Please specify authenticator code.');
      expect(feedbackMessage(empty.html)).toBe('Please specify authenticator code.');
      const done = await started.browser.submit(empty, 'kc-totp-settings-form', {
        totp: totpSource(secret, () => target.now())(),
        totpSecret: secret,
        userLabel: 'phone',
      });
      expect(done.redirect?.searchParams.get('code')).toBeTruthy();
      const tokens = await oidc.authorizationCodeGrant(config, done.redirect ?? new URL(REDIRECT), {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
      });
      expect(decodeJwt(tokens.access_token).acr).toBe('mfa');
    },
  );

  it('given password + TOTP, when the code is exchanged with the verifier, then acr is mfa, refresh keeps it, and logout ends the session', async () => {
    const started = await startLogin({ nonce: 'n-123' });
    const callback = await loginWithMfa('bob', started);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: 'n-123',
    });
    const access = decodeJwt(tokens.access_token);
    // Keycloak 24+ maps username and email with user-profile attribute mappers (built-in profile/email scopes).
    expect(access).toMatchObject({
      acr: 'mfa',
      azp: LOGIN_NAMES.consoleClientId,
      typ: 'Bearer',
      preferred_username: LOGIN_USERS.bob.username,
    });
    expect(access.email).toEqual(expect.stringContaining('@'));
    expect(typeof access.sid).toBe('string');
    expect(typeof access.auth_time).toBe('number');
    expect(tokens.claims()).toMatchObject({ acr: 'mfa', nonce: 'n-123' });
    expect(tokens.refresh_token).toBeDefined();
    expect(decodeJwt(tokens.refresh_token ?? '').typ).toBe('Refresh');

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ acr: 'mfa', sid: access.sid });
    const info = await userinfo(refreshed.access_token);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({
      sub: access.sub,
      preferred_username: LOGIN_USERS.bob.username,
    });

    // The realm allows exactly the console's logged-out page after logout.
    const loggedOut = new URL('/logged-out', REDIRECT).href;
    const logout = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: loggedOut,
      state: 'bye',
    });
    const page = await started.browser.open(logout.href);
    expect(page.redirect?.href).toBe(`${loggedOut}?state=bye`);
    const after = await rawTokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshed.refresh_token ?? '',
    });
    expect(after.status).toBe(400);
    expect(await after.json()).toMatchObject({ error: 'invalid_grant' });
    const ended = await userinfo(refreshed.access_token);
    expect(ended.status).toBe(401);
    expect(ended.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  // credman's live session check for writes (apps/sidecar/src/http/session-check.ts) relies on this.
  it("given a login, then the sidecar's service account lists the session the access token's sid names, and not after logout", async () => {
    const started = await startLogin();
    const callback = await loginWithMfa('alice', started);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
    });
    const access = decodeJwt(tokens.access_token);
    const userId = String(access.sub);
    expect(typeof access.sid).toBe('string');
    const sessionIds = async () =>
      (await (await target.admin()).users.listSessions({ id: userId })).map((session) => session.id);
    expect(await sessionIds()).toContain(access.sid);

    // Logout without the browser's cookies: the id token as hint names the session.
    const logout = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: new URL('/logged-out', REDIRECT).href,
    });
    expect((await fetch(logout, { redirect: 'manual' })).status).toBe(302);
    expect(await sessionIds()).not.toContain(access.sid);
  });

  it('given no or a malformed bearer token, then userinfo is 401 with a challenge naming the realm and no body', async () => {
    const none = await fetch(`${target.issuer}/protocol/openid-connect/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe(`Bearer realm="${target.realm}"`);
    expect(await none.text()).toBe('');
    const malformed = await userinfo('not-a-token');
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get('www-authenticate')).toBe(
      `Bearer realm="${target.realm}", error="invalid_token", error_description="Token verification failed"`,
    );
    expect(await malformed.text()).toBe('');
  });
});

describe('code exchange', () => {
  it('given a wrong code_verifier, then 400 invalid_grant', async () => {
    const started = await startLogin();
    const callback = await loginWithMfa('alice', started);
    const response = await rawTokenRequest({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: oidc.randomPKCECodeVerifier(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'PKCE verification failed: Code mismatch',
    });
  });

  it('given a code already exchanged, when it is used again, then 400 invalid_grant', async () => {
    const started = await startLogin();
    const callback = await loginWithMfa('olivia', started);
    const form = {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: started.verifier,
    };
    expect((await rawTokenRequest(form)).status).toBe(200);
    const replay = await rawTokenRequest(form);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'Code not valid',
    });
  });
});
