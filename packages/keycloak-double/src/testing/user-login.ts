// Logs a user in at the console client the way a browser would (authorization code + PKCE S256, the login and
// OTP forms by the ids of Keycloak's keycloak.v2 theme: kc-form-login with username/password, then
// kc-otp-login-form with otp) and returns the tokens. Works against the double and a real Keycloak 26.7.3. For
// tests and benchmarks that need a REAL user token.
//
// Against a real Keycloak: a TOTP code is accepted once per user, so a code another login of the same user used is
// refused; the OTP form is then tried with the next code of the look-around window, a second later (two failed
// logins of one user within a second lock the user out for a minute: the shipped realm's brute-force detection).
// At most three logins of one user per 30 s can succeed; beyond that, and on any other refusal, the error quotes
// Keycloak's message.
import * as oidc from 'openid-client';
import { HeadlessBrowser, feedbackMessage, submitTotp, totpSource } from '../contract/login-browser.ts';

export interface UserLoginOptions {
  /** The realm's issuer, e.g. http://localhost:8180/realms/credman. */
  issuer: string;
  clientId: string;
  /** A redirect URI the client allows; the browser stops there, it is never fetched. */
  redirectUri: string;
  username: string;
  password: string;
  /** The user's TOTP secret as stored in the realm (raw string, UTF-8 bytes are the key). */
  totpSecret: string;
  /** The identity provider's time, epoch ms (the double's clock when it was moved). */
  now?: () => number;
}

export async function loginUser(options: UserLoginOptions): Promise<oidc.TokenEndpointResponse> {
  const config = await oidc.discovery(new URL(options.issuer), options.clientId, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: 'openid',
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const browser = new HeadlessBrowser(new URL(options.issuer).origin);
  const loginPage = await browser.open(url.href);
  const otpPage = await browser.submit(loginPage, 'kc-form-login', {
    username: options.username,
    password: options.password,
  });
  // No OTP asked (a flow that the password alone completes): the browser is already back at the client.
  const passwordRefused = otpPage.redirect ? undefined : feedbackMessage(otpPage.html);
  if (passwordRefused !== undefined)
    throw new Error(`login of ${options.username} stopped after the password: ${passwordRefused}`);
  const otp = totpSource(options.totpSecret, options.now ?? (() => Date.now()));
  const done = otpPage.redirect ? otpPage : await submitTotp(browser, otpPage, otp);
  if (!done.redirect) {
    const message = feedbackMessage(done.html);
    throw new Error(
      `login of ${options.username} did not finish (HTTP ${String(done.status)}${message !== undefined ? `: ${message}` : ''})`,
    );
  }
  const tokens = await oidc.authorizationCodeGrant(config, done.redirect, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return tokens;
}
