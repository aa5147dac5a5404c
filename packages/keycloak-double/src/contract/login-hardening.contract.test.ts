// Contract: the realm's login hardening (keycloak-realm/README.md#login-hardening) — the password policy refuses
// a short password at the admin API's reset-password, brute-force detection locks a user after failureFactor
// wrong passwords, and the OTP level stays valid for its max age, so a second authorization request within it
// asks no code. Each test uses a user of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { loadRealm } from '@credman/realm';
import { canSetUpBeyondSidecar, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { LOGIN_NAMES } from './login-realm-parts.ts';
import { HeadlessBrowser, feedbackMessage, inputError, submitTotp, totpSource } from './login-browser.ts';
import { realmAdmin, throwAwayUser } from './privileged.ts';
import type { Cleanups } from './privileged.ts';

/** The shipped values (keycloak-realm/credman-realm.json); the tests derive from them, not from constants. */
const shipped = loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: 'unused' }, demo: false });
const FAILURE_FACTOR = Number(shipped['failureFactor']);
const OTP_MAX_AGE = Number(
  (shipped['authenticatorConfig'] as { alias: string; config: Record<string, string> }[]).find(
    (config) => config.config['loa-condition-level'] === '2',
  )?.config['loa-max-age'],
);

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

async function authorizationUrl(): Promise<string> {
  const verifier = oidc.randomPKCECodeVerifier();
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: LOGIN_NAMES.consoleRedirectUri,
    scope: 'openid',
    state: oidc.randomState(),
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).href;
}

describe('password policy', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    'given the realm policy, then reset-password refuses a short password and the email (400 with the message key) and accepts a long one',
    async () => {
      const user = await throwAwayUser(target, cleanups, { totp: false });
      const admin = await realmAdmin(target, cleanups);
      const reset = async (value: string) =>
        fetch(`${target.baseUrl}/admin/realms/${target.realm}/users/${user.id}/reset-password`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${admin.accessToken ?? ''}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'password', value, temporary: false }),
        });
      const short = await reset('short-pw');
      expect(short.status).toBe(400);
      expect(await short.json()).toEqual({
        error: 'invalidPasswordMinLengthMessage',
        error_description: 'Invalid password: minimum length 12.',
      });
      const asEmail = await reset(user.email);
      expect(asEmail.status).toBe(400);
      expect(await asEmail.json()).toEqual({
        error: 'invalidPasswordNotEmailMessage',
        error_description: 'Invalid password: must not be equal to the email.',
      });
      expect((await reset('a-long-enough-password-1')).status).toBe(204);
    },
  );
});

describe('brute-force detection', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    'given failureFactor wrong passwords more than a second apart, then the right password is refused like a wrong one',
    async () => {
      const user = await throwAwayUser(target, cleanups, { totp: true });
      const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
      let page = await browser.open(await authorizationUrl());
      for (let failure = 1; failure <= FAILURE_FACTOR; failure++) {
        page = await browser.submit(page, 'kc-form-login', {
          username: user.username,
          password: 'wrong-password',
        });
        expect(inputError(page.html, 'username')).toBe('Invalid username or password.');
        // Slower than quickLoginCheckMilliSeconds, so only the failure factor can lock the user.
        await target.advance(1.5);
      }
      const locked = await browser.submit(page, 'kc-form-login', {
        username: user.username,
        password: user.password,
      });
      expect(locked.redirect).toBeUndefined();
      expect(locked.status).toBe(200);
      expect(locked.html).toContain('id="kc-form-login"');
      expect(inputError(locked.html, 'username')).toBe('Invalid username or password.');
    },
  );

  it.skipIf(!canSetUpBeyondSidecar)(
    'given one wrong password fewer than failureFactor, then the right password still leads on to the OTP form',
    async () => {
      const user = await throwAwayUser(target, cleanups, { totp: true });
      const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
      let page = await browser.open(await authorizationUrl());
      for (let failure = 1; failure < FAILURE_FACTOR; failure++) {
        page = await browser.submit(page, 'kc-form-login', {
          username: user.username,
          password: 'wrong-password',
        });
        await target.advance(1.5);
      }
      const next = await browser.submit(page, 'kc-form-login', {
        username: user.username,
        password: user.password,
      });
      expect(next.html).toContain('id="kc-otp-login-form"');
    },
  );
});

describe('OTP max age', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    'given an MFA login, when the console sends a second authorization request within the max age, then it completes without the OTP form; after the max age the OTP form appears',
    async () => {
      expect(OTP_MAX_AGE).toBeGreaterThanOrEqual(3600);
      const user = await throwAwayUser(target, cleanups, { totp: true });
      const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
      const login = await browser.open(await authorizationUrl());
      const otp = await browser.submit(login, 'kc-form-login', {
        username: user.username,
        password: user.password,
      });
      const done = await submitTotp(
        browser,
        otp,
        totpSource(user.totpSecret ?? '', () => target.now()),
      );
      expect(feedbackMessage(done.html)).toBeUndefined();
      expect(done.redirect?.searchParams.get('code')).toBeTruthy();

      await target.advance(2);
      const again = await browser.open(await authorizationUrl());
      expect(feedbackMessage(again.html)).toBeUndefined();
      expect(again.redirect?.searchParams.get('code')).toBeTruthy();

      // Waiting out hours works on the double's clock only (on Keycloak the first half holds, and the realm
      // file test pins the max age). The console's own requests keep the SSO session from idling out (30 min).
      if (target.kind !== 'double') return;
      const step = 1500;
      let elapsed = 2;
      while (elapsed + step < OTP_MAX_AGE) {
        await target.advance(step);
        elapsed += step;
        const silent = await browser.open(await authorizationUrl());
        expect(silent.redirect?.searchParams.get('code')).toBeTruthy();
      }
      await target.advance(OTP_MAX_AGE - elapsed + 1);
      const later = await browser.open(await authorizationUrl());
      expect(later.redirect).toBeUndefined();
      expect(later.html).toContain('id="kc-otp-login-form"');
    },
  );
});
