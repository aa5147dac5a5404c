// Page actions on the Keycloak double's login pages (Keycloak's own element ids): username and password,
// then the one-time code from the user's authenticator, computed at the double's clock.
import { generateSync } from 'otplib';
import type { Page } from 'playwright-core';
import type { ManualClock } from '@credman/keycloak-double';

export interface LoginUser {
  username: string;
  password: string;
  /** The TOTP secret as stored in the realm: its UTF-8 bytes are the key. */
  totpSecret: string;
}

/** TOTP codes are single-use: each login moves the shared clock into a fresh 30-second period first. */
export function freshTotpCode(user: LoginUser, clock: ManualClock): string {
  clock.advanceSeconds(30);
  return generateSync({
    secret: new TextEncoder().encode(user.totpSecret),
    epoch: Math.floor(clock.now() / 1000),
    period: 30,
    digits: 6,
    algorithm: 'sha1',
  });
}

/** Completes the login the console redirected to; resolves when the browser has left the login pages. */
export async function logInOnDouble(page: Page, user: LoginUser, clock: ManualClock): Promise<void> {
  await page.waitForSelector('#kc-form-login');
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('#kc-login');
  await page.waitForSelector('#kc-otp-login-form');
  await page.fill('#otp', freshTotpCode(user, clock));
  await page.click('#kc-login');
}
