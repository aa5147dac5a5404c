// Double internals of the browser login that the contract suite cannot set up: clock moves, users without OTP,
// disabled users, SSO step-up.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { ManualClock } from '../clock.ts';
import { createDoubleApp } from '../app.ts';
import { createKeycloakDouble } from '../double.ts';
import { startServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import { allRouteModules } from '../routes.ts';
import { addLoginRealmParts, LOGIN_USERS } from '../contract/login-realm-parts.ts';
import { HeadlessBrowser, feedbackMessage, inputError, totpSource } from '../contract/login-browser.ts';
import { totpCode } from './totp.ts';

const REDIRECT = 'http://localhost:5173/';
const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
let server: RunningServer | undefined;
afterEach(async () => server?.close());

async function setup(extraUsers: Record<string, unknown>[] = []) {
  const clock = new ManualClock(Date.UTC(2027, 0, 1, 12));
  const realm = addLoginRealmParts({ realm: 'r', enabled: true, eventsEnabled: true, users: extraUsers });
  const double = await createKeycloakDouble({ realm, clock });
  server = await startServer(createDoubleApp(double, allRouteModules));
  const issuer = `${server.url}/realms/r`;
  const authUrl = (extra: Record<string, string> = {}) =>
    `${issuer}/protocol/openid-connect/auth?${new URLSearchParams({
      client_id: 'credman-console',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      ...extra,
    }).toString()}`;
  const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ client_id: 'credman-console', ...form }),
    });
  const otp = totpSource(LOGIN_USERS.alice.totpSecret, () => clock.now());
  return {
    clock,
    double,
    issuer,
    authUrl,
    token,
    otp,
    browser: new HeadlessBrowser(new URL(server.url).origin),
  };
}

async function fullLogin(s: Awaited<ReturnType<typeof setup>>) {
  const page = await s.browser.open(s.authUrl());
  const otpPage = await s.browser.submit(page, 'kc-form-login', {
    username: 'alice',
    password: LOGIN_USERS.alice.password,
  });
  const done = await s.browser.submit(otpPage, 'kc-otp-login-form', { otp: s.otp() });
  if (!done.redirect) throw new Error('no redirect');
  return done.redirect;
}

function exchange(s: Awaited<ReturnType<typeof setup>>, callback: URL) {
  return s.token({
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
  });
}

describe('browser login in the double', () => {
  it('given an SSO session, when the console asks again, then only the OTP is asked (loa-2 max age 0) and the session is reused', async () => {
    const s = await setup();
    const first = await fullLogin(s);
    const second = await s.browser.open(s.authUrl());
    expect(second.html).toContain('id="kc-otp-login-form"');
    const done = await s.browser.submit(second, 'kc-otp-login-form', { otp: s.otp() });
    expect(done.redirect?.searchParams.get('session_state')).toBe(first.searchParams.get('session_state'));
  });

  it('given an SSO session, when a client asks for level 1 only, then no form is shown', async () => {
    const s = await setup();
    await fullLogin(s);
    s.double.realm.clientByClientId('credman-console')?.attributes.delete('minimum.acr.value');
    const again = await s.browser.open(s.authUrl({ acr_values: 'pwd' }));
    expect(again.redirect?.searchParams.get('code')).toBeTruthy();
    const body = (await (await exchange(s, again.redirect ?? new URL(REDIRECT))).json()) as {
      access_token: string;
    };
    expect(decodeJwt(body.access_token).acr).toBe('pwd');
  });

  it("given a disabled user, then a wrong password gets the usual field error and the right one Keycloak's disabled message as a page alert", async () => {
    const s = await setup([
      { username: 'dora', enabled: false, credentials: [{ type: 'password', value: 'pw' }] },
    ]);
    const page = await s.browser.open(s.authUrl());
    const wrong = await s.browser.submit(page, 'kc-form-login', { username: 'dora', password: 'nope' });
    expect(wrong.status).toBe(200);
    expect(inputError(wrong.html, 'username')).toBe('Invalid username or password.');
    const again = await s.browser.submit(wrong, 'kc-form-login', { username: 'dora', password: 'pw' });
    expect(again.status).toBe(200);
    expect(inputError(again.html, 'username')).toBeUndefined();
    expect(again.html).toContain('class="pf-v5-c-alert__title kc-feedback-text"');
    expect(feedbackMessage(again.html)).toBe('Account is disabled, contact your administrator.');
    expect(s.double.realm.events.at(-1)).toMatchObject({ type: 'LOGIN_ERROR', error: 'user_disabled' });
  });

  it('given a user without OTP who must reach level 2, then CONFIGURE_TOTP creates the credential and the login completes', async () => {
    const s = await setup([
      { username: 'carl', enabled: true, credentials: [{ type: 'password', value: 'pw' }] },
    ]);
    const page = await s.browser.open(s.authUrl());
    const setupPage = await s.browser.submit(page, 'kc-form-login', { username: 'carl', password: 'pw' });
    expect(setupPage.html).toContain('id="kc-totp-settings-form"');
    expect(feedbackMessage(setupPage.html)).toBe(
      'You need to set up Mobile Authenticator to activate your account.',
    );
    const secret = /name="totpSecret" value="([^"]+)"/.exec(setupPage.html)?.[1] ?? '';
    const empty = await s.browser.submit(setupPage, 'kc-totp-settings-form', {
      totp: '',
      totpSecret: secret,
    });
    expect(empty.status).toBe(200);
    expect(inputError(empty.html, 'otp-code')).toBe('Please specify authenticator code.');
    expect(feedbackMessage(empty.html)).toBe('Please specify authenticator code.');
    const code = totpCode(
      { key: new TextEncoder().encode(secret), algorithm: 'HmacSHA1', digits: 6, period: 30 },
      Math.floor(s.clock.now() / 1000),
    );
    const done = await s.browser.submit(empty, 'kc-totp-settings-form', {
      totp: code,
      totpSecret: secret,
      userLabel: 'phone',
    });
    expect(done.redirect?.searchParams.get('code')).toBeTruthy();
    expect(s.double.realm.userByUsername('carl')?.otpCredentials).toHaveLength(1);
  });

  it('given a code older than accessCodeLifespan, then the exchange fails with Code is expired', async () => {
    const s = await setup();
    const callback = await fullLogin(s);
    s.clock.advanceSeconds(61);
    expect(await (await exchange(s, callback)).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Code is expired',
    });
  });

  it('given the SSO idle timeout passed, then the refresh fails with Session not active', async () => {
    const s = await setup();
    const tokens = (await (await exchange(s, await fullLogin(s))).json()) as { refresh_token: string };
    s.clock.advanceSeconds(1801);
    const refresh = await s.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('given a request from an allowed web origin, then the token response carries CORS headers; from another origin it does not', async () => {
    const s = await setup();
    const consoleClient = s.double.realm.clientByClientId('credman-console');
    if (consoleClient) consoleClient.webOrigins = ['http://localhost:5173'];
    const callback = await fullLogin(s);
    const withOrigin = await s.token(
      {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
      },
      { origin: 'http://localhost:5173' },
    );
    expect(withOrigin.status).toBe(200);
    expect(withOrigin.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(withOrigin.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await s.token(
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { origin: 'https://evil.example' },
    );
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
