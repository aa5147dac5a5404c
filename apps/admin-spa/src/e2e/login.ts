// Page actions on Keycloak's login pages (the double serves Keycloak's own element ids): username and password,
// then the one-time code from the user's authenticator, computed at a moment the caller chooses.
import { generateSync } from 'otplib';
import type { Page } from 'playwright-core';

export interface LoginUser {
  username: string;
  password: string;
  /** The TOTP secret as stored in the realm: its UTF-8 bytes are the key. */
  totpSecret: string;
}

/** The user's TOTP code at a moment (epoch ms), as an authenticator app shows it. */
export function totpCodeAt(user: LoginUser, epochMs: number): string {
  return generateSync({
    secret: new TextEncoder().encode(user.totpSecret),
    epoch: Math.floor(epochMs / 1000),
    period: 30,
    digits: 6,
    algorithm: 'sha1',
  });
}

/**
 * Completes the login the console redirected to; resolves when the browser has left the login pages.
 * `codeMoment` gives the moment of a code not used before (codes are single-use).
 */
export async function logInOnKeycloak(
  page: Page,
  user: LoginUser,
  codeMoment: () => Promise<number>,
): Promise<void> {
  await page.waitForSelector('#kc-form-login');
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('#kc-login');
  await page.waitForSelector('#kc-otp-login-form');
  await page.fill('#otp', totpCodeAt(user, await codeMoment()));
  await page.click('#kc-login');
}
