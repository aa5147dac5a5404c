// Contract: the realm's login hardening (keycloak-realm/README.md#login-hardening) — the password policy refuses
// a short password at the admin API's reset-password, brute-force detection locks a user after failureFactor
// wrong passwords for a bounded wait that is stored as an event, every failure past the factor locks again, login
// by e-mail is off, self-service reset is refused, and the OTP level stays valid for its max age, so a second
// authorization request within it asks no code. Each test uses a user of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { loadRealm } from '@credman/realm';
import { canSetUpBeyondSidecar, startContractTarget } from './target.ts';
import type { ContractTarget } from './target.ts';
import { LOGIN_NAMES } from './login-realm-parts.ts';
import { HeadlessBrowser, feedbackMessage, inputError, submitTotp, totpSource } from './login-browser.ts';
import type { Page } from './login-browser.ts';
import { realmAdmin, throwAwayUser } from './privileged.ts';
import type { Cleanups } from './privileged.ts';

/** The shipped values (keycloak-realm/credman-realm.json); the tests derive from them, not from constants. */
const shipped = loadRealm({
  env: { CREDMAN_SIDECAR_CLIENT_SECRET: 'unused', CREDMAN_CONSOLE_URL: 'https://credman.example.org' },
  demo: false,
});
const FAILURE_FACTOR = Number(shipped['failureFactor']);
const WAIT_INCREMENT = Number(shipped['waitIncrementSeconds']);
/** A lockout test waits out one real lockout against Keycloak. */
const LOCKOUT_TEST_TIMEOUT = (WAIT_INCREMENT + 60) * 1000;
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

interface StoredEvent {
  type: string;
  time: number;
  userId?: string;
  error?: string;
  details?: Record<string, string>;
}

/** User events of one type (and user), newest first, read with the sidecar's view-events. */
async function events(type: string, userId?: string): Promise<StoredEvent[]> {
  const admin = await target.admin();
  // A query parameter present is sent, even as "undefined".
  const query = new URLSearchParams({ type, ...(userId !== undefined ? { user: userId } : {}) });
  const response = await fetch(`${target.baseUrl}/admin/realms/${target.realm}/events?${query.toString()}`, {
    headers: { authorization: `Bearer ${admin.accessToken ?? ''}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as StoredEvent[];
}

/** Polls `probe` every two seconds (the double's clock, or real time) until it returns a value or `seconds` pass. */
async function waitFor<T>(seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const start = target.now();
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (target.now() - start > seconds * 1000)
      throw new Error(`no state reached within ${String(seconds)} s`);
    await target.advance(2);
  }
}

async function failTimes(
  browser: HeadlessBrowser,
  page: Page,
  username: string,
  times: number,
): Promise<Page> {
  let current = page;
  for (let failure = 1; failure <= times; failure++) {
    current = await browser.submit(current, 'kc-form-login', { username, password: 'wrong-password' });
    expect(inputError(current.html, 'username')).toBe('Invalid username or password.');
    // Slower than quickLoginCheckMilliSeconds, so only the failure factor can lock the user.
    await target.advance(1.5);
  }
  return current;
}

describe('brute-force lockout is bounded and recorded', () => {
  it.skipIf(!canSetUpBeyondSidecar)(
    'given failureFactor wrong passwords, then USER_DISABLED_BY_TEMPORARY_LOCKOUT is stored and after about waitIncrementSeconds the right password and TOTP log in',
    async () => {
      expect(WAIT_INCREMENT).toBeLessThanOrEqual(60);
      const user = await throwAwayUser(target, cleanups, { totp: true });
      const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
      let page = await failTimes(
        browser,
        await browser.open(await authorizationUrl()),
        user.username,
        FAILURE_FACTOR - 1,
      );
      page = await browser.submit(page, 'kc-form-login', {
        username: user.username,
        password: 'wrong-password',
      });
      const lockedAt = target.now();
      // Keycloak records the failure on an executor: wait for the event, then the lock holds.
      const [lockout] = await waitFor(10, async () => {
        const found = await events('USER_DISABLED_BY_TEMPORARY_LOCKOUT', user.id);
        return found.length > 0 ? found : undefined;
      });
      expect(lockout?.details).toMatchObject({
        reason: 'brute_force_attack detected',
        num_failures: String(FAILURE_FACTOR),
      });
      expect(lockout?.details?.['not_before']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d/);
      const refused = await browser.submit(page, 'kc-form-login', {
        username: user.username,
        password: user.password,
      });
      expect(inputError(refused.html, 'username')).toBe('Invalid username or password.');

      let last = refused;
      const otp = await waitFor(WAIT_INCREMENT + 10, async () => {
        last = await browser.submit(last, 'kc-form-login', {
          username: user.username,
          password: user.password,
        });
        return last.html.includes('id="kc-otp-login-form"') ? last : undefined;
      });
      const waited = (target.now() - lockedAt) / 1000;
      expect(waited).toBeGreaterThanOrEqual(WAIT_INCREMENT - 2);
      expect(waited).toBeLessThanOrEqual(WAIT_INCREMENT + 5);
      const done = await submitTotp(
        browser,
        otp,
        totpSource(user.totpSecret ?? '', () => target.now()),
      );
      expect(done.redirect?.searchParams.get('code')).toBeTruthy();
    },
    LOCKOUT_TEST_TIMEOUT,
  );

  it.skipIf(!canSetUpBeyondSidecar)(
    'given the factor reached and its lockout over, then one more wrong password locks the user again (MULTIPLE: every failure past the factor)',
    async () => {
      const user = await throwAwayUser(target, cleanups, { totp: true });
      const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
      let page = await failTimes(
        browser,
        await browser.open(await authorizationUrl()),
        user.username,
        FAILURE_FACTOR,
      );
      // While locked a wrong password counts nothing; the first one after the lockout is failure factor + 1.
      await waitFor(WAIT_INCREMENT + 10, async () => {
        page = await browser.submit(page, 'kc-form-login', {
          username: user.username,
          password: 'wrong-password',
        });
        const found = await events('USER_DISABLED_BY_TEMPORARY_LOCKOUT', user.id);
        return found.some((event) => event.details?.['num_failures'] === String(FAILURE_FACTOR + 1))
          ? found
          : undefined;
      });
      const refused = await browser.submit(page, 'kc-form-login', {
        username: user.username,
        password: user.password,
      });
      expect(refused.html).not.toContain('id="kc-otp-login-form"');
      expect(inputError(refused.html, 'username')).toBe('Invalid username or password.');
    },
    LOCKOUT_TEST_TIMEOUT,
  );

  it.skipIf(!canSetUpBeyondSidecar)(
    'given login by e-mail off, then the e-mail address is an unknown user and counts no failure against the user',
    async () => {
      const user = await throwAwayUser(target, cleanups, { totp: true });
      const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
      let page = await browser.open(await authorizationUrl());
      expect(page.html).not.toContain('Username or email');
      // Twice within a second: counted against the user, the quick-login check would lock them.
      for (let attempt = 0; attempt < 2; attempt++) {
        page = await browser.submit(page, 'kc-form-login', { username: user.email, password: user.password });
        expect(page.html).not.toContain('id="kc-otp-login-form"');
        expect(inputError(page.html, 'username')).toBe('Invalid username or password.');
      }
      const next = await browser.submit(page, 'kc-form-login', {
        username: user.username,
        password: user.password,
      });
      expect(next.html).toContain('id="kc-otp-login-form"');
    },
  );
});

describe('no self-service password or OTP reset', () => {
  it('given resetPasswordAllowed false, then the login page offers no reset and reset-credentials answers 400 with a RESET_PASSWORD_ERROR event', async () => {
    const browser = new HeadlessBrowser(new URL(target.baseUrl).origin);
    const login = await browser.open(await authorizationUrl());
    expect(login.html).toContain('id="kc-form-login"');
    expect(login.html).not.toContain('reset-credentials');
    const since = target.now();
    const reset = await browser.open(
      `${target.issuer}/login-actions/reset-credentials?client_id=${LOGIN_NAMES.consoleClientId}`,
    );
    expect(reset.redirect).toBeUndefined();
    expect(reset.status).toBe(400);
    expect(reset.html).toContain('Reset Credential not allowed');
    expect(reset.html).not.toContain('name="username"');
    const refused = await waitFor(10, async () => {
      const found = (await events('RESET_PASSWORD_ERROR')).filter((event) => event.time >= since - 1000);
      return found.length > 0 ? found : undefined;
    });
    expect(refused[0]?.error).toBe('not_allowed');
  });
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
