// Contract: browser login with authorization code + PKCE S256 on the console client, MFA by LoA step-up,
// refresh and logout — driven with openid-client and a fetch-based browser, so it holds against real Keycloak.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { LOGIN_NAMES, LOGIN_USERS } from './login-realm-parts.ts';
import { HeadlessBrowser, inputError, totpSource } from './login-browser.ts';

const REDIRECT = LOGIN_NAMES.consoleRedirectUri;

let target: ContractTarget;
let config: oidc.Configuration;
const otp: Record<keyof typeof LOGIN_USERS, () => string> = { alice: () => '', bob: () => '' };

beforeAll(async () => {
  target = await startContractTarget();
  config = await oidc.discovery(new URL(target.issuer), LOGIN_NAMES.consoleClientId, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  otp.alice = totpSource(LOGIN_USERS.alice.totpSecret, () => target.now());
  otp.bob = totpSource(LOGIN_USERS.bob.totpSecret, () => target.now());
});
afterAll(() => target.close());

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

/** Logs in with password and TOTP; returns the callback URL the browser was sent to. */
async function loginWithMfa(user: keyof typeof LOGIN_USERS, started: Started): Promise<URL> {
  const loginPage = await started.browser.open(started.url.href);
  const otpPage = await started.browser.submit(loginPage, 'kc-form-login', {
    username: LOGIN_USERS[user].username,
    password: LOGIN_USERS[user].password,
  });
  const done = await started.browser.submit(otpPage, 'kc-otp-login-form', { otp: otp[user]() });
  if (!done.redirect)
    throw new Error(`login did not redirect: ${String(done.status)} ${done.html.slice(0, 300)}`);
  return done.redirect;
}

async function rawTokenRequest(form: Record<string, string>): Promise<Response> {
  return fetch(`${target.issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: LOGIN_NAMES.consoleClientId, ...form }),
  });
}

describe('authorization request validation', () => {
  it('given the console client enforces PKCE S256, when the request has no code_challenge, then the browser is sent back with invalid_request', async () => {
    const url = new URL(`${target.issuer}/protocol/openid-connect/auth`);
    url.search = new URLSearchParams({
      client_id: LOGIN_NAMES.consoleClientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      state: 's1',
    }).toString();
    const page = await new HeadlessBrowser(new URL(target.baseUrl).origin).open(url.href);
    expect(page.redirect).toBeDefined();
    const params = page.redirect?.searchParams;
    expect(params?.get('error')).toBe('invalid_request');
    expect(params?.get('error_description')).toBe('Missing parameter: code_challenge_method');
    expect(params?.get('state')).toBe('s1');
  });

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

describe('login with password and TOTP', () => {
  it('given minimum acr mfa, when only the password is entered, then the OTP form is asked and a wrong code is refused', async () => {
    const started = await startLogin();
    const loginPage = await started.browser.open(started.url.href);
    expect(loginPage.html).toContain('id="kc-form-login"');
    const otpPage = await started.browser.submit(loginPage, 'kc-form-login', {
      username: LOGIN_USERS.alice.username,
      password: LOGIN_USERS.alice.password,
    });
    expect(otpPage.redirect).toBeUndefined();
    expect(otpPage.html).toContain('id="kc-otp-login-form"');
    const wrong = await started.browser.submit(otpPage, 'kc-otp-login-form', {
      otp: '000000' === otp.alice() ? '111111' : '000000',
    });
    expect(wrong.redirect).toBeUndefined();
    expect(inputError(wrong.html)).toBe('Invalid authenticator code.');
  });

  it("given a wrong password, then the login form comes back with Keycloak's message", async () => {
    const started = await startLogin();
    const loginPage = await started.browser.open(started.url.href);
    const again = await started.browser.submit(loginPage, 'kc-form-login', {
      username: 'alice',
      password: 'wrong',
    });
    expect(again.html).toContain('id="kc-form-login"');
    expect(inputError(again.html)).toBe('Invalid username or password.');
  });

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

    const logout = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: REDIRECT,
      state: 'bye',
    });
    const page = await started.browser.open(logout.href);
    expect(page.redirect?.href).toBe(`${REDIRECT}?state=bye`);
    const after = await rawTokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshed.refresh_token ?? '',
    });
    expect(after.status).toBe(400);
    expect(await after.json()).toMatchObject({ error: 'invalid_grant' });
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
    const callback = await loginWithMfa('bob', started);
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
