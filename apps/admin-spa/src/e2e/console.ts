// Getting into the console: open a console URL and, when keycloak-js sends the browser to the double's login
// pages, log in there. With a live single sign-on session the double answers at once and no form appears.
import type { Page } from 'playwright-core';
import type { ManualClock } from '@credman/keycloak-double';
import { logInOnDouble } from './login.ts';
import type { LoginUser } from './login.ts';

/** The console's main heading of whichever page it renders (its `<h1>`), once keycloak-js is done. */
export function mainHeading(page: Page) {
  return page.getByRole('heading', { level: 1 });
}

export async function openConsole(
  page: Page,
  url: string,
  user: LoginUser,
  clock: ManualClock,
): Promise<void> {
  await page.goto(url);
  const loginForm = page.locator('#kc-form-login');
  await Promise.race([loginForm.waitFor(), mainHeading(page).waitFor()]);
  if (await loginForm.isVisible()) await logInOnDouble(page, user, clock);
  await mainHeading(page).waitFor();
}
