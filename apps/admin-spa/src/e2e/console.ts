// Getting into the console: open a console URL and, when keycloak-js sends the browser to Keycloak's login
// pages, log in there. With a live single sign-on session Keycloak answers at once and no form appears.
import type { Page } from 'playwright-core';
import { logInOnKeycloak } from './login.ts';
import type { LoginUser } from './login.ts';

/** The console's main heading of whichever page it renders (its `<h1>`), once keycloak-js is done. */
export function mainHeading(page: Page) {
  return page.getByRole('heading', { level: 1 });
}

export async function openConsole(
  page: Page,
  url: string,
  user: LoginUser,
  codeMoment: () => Promise<number>,
): Promise<void> {
  await page.goto(url);
  const loginForm = page.locator('#kc-form-login');
  await Promise.race([loginForm.waitFor(), mainHeading(page).waitFor()]);
  if (await loginForm.isVisible()) await logInOnKeycloak(page, user, codeMoment);
  await mainHeading(page).waitFor();
}
