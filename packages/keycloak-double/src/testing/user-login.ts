// Logs a user in at the console client the way a browser would (authorization code + PKCE S256, the login and
// OTP forms by Keycloak's ids) and returns the tokens. For tests and benchmarks that need a REAL user token.
import * as oidc from 'openid-client';
import { HeadlessBrowser, totpSource } from '../contract/login-browser.ts';

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
  const otp = totpSource(options.totpSecret, options.now ?? (() => Date.now()));
  const done = await browser.submit(otpPage, 'kc-otp-login-form', { otp: otp() });
  if (!done.redirect)
    throw new Error(`login of ${options.username} did not finish (HTTP ${String(done.status)})`);
  const tokens = await oidc.authorizationCodeGrant(config, done.redirect, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return tokens;
}
