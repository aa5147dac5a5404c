// Page actions on the operator pages: the create-application builder and the credential managers section.
import type { Page } from 'playwright-core';
import { namedTable } from './application.ts';

export interface ApplicationParts {
  kind: 'Partner' | 'PartnerAlternative';
  /** Text typed into the country filter before the country is chosen. */
  countrySearch: string;
  country: string;
  organisation: string;
  api: string;
  permissions: string[];
}

export function clientIdPreview(page: Page) {
  return page.getByTestId('client-id-preview');
}

export async function fillApplication(page: Page, parts: ApplicationParts): Promise<void> {
  await page.locator(`#kind-${parts.kind}`).check();
  await page.getByLabel('Find a country').fill(parts.countrySearch);
  await page.getByRole('combobox', { name: /^Country/ }).selectOption(parts.country);
  await page.getByLabel('Organisation').fill(parts.organisation);
  await page.getByRole('combobox', { name: /^API/ }).selectOption(parts.api);
  for (const scope of parts.permissions) await page.getByLabel(scope, { exact: true }).check();
}

export async function submitApplication(page: Page, clientId: string): Promise<void> {
  await page.getByRole('button', { name: 'Create application', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: clientId }).waitFor();
}

/** Searches users in the managers section and adds the one with this username. */
export async function addManager(page: Page, search: string, name: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Find users' }).fill(search);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('button', { name: `Add ${name} as credential manager`, exact: true }).click();
  await namedTable(page, 'Credential managers').getByRole('row').filter({ hasText: name }).waitFor();
}
