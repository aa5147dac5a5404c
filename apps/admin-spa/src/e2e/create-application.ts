// Page actions on the operator pages: the create-application builder and the credential managers section.
import type { Page } from 'playwright-core';
import { namedTable } from './application.ts';

export interface ApplicationParts {
  kind: 'Partner' | 'PartnerAlternative';
  /** Text typed into the country typeahead before the country is chosen from its matches. */
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
  await chooseCountry(page, parts.countrySearch, parts.country);
  await page.getByLabel('Organisation').fill(parts.organisation);
  await page.getByRole('combobox', { name: /^API/ }).selectOption(parts.api);
  for (const scope of parts.permissions) await page.getByLabel(scope, { exact: true }).check();
}

/** Types into the one country typeahead and picks the match with this ISO code. */
export async function chooseCountry(page: Page, search: string, code: string): Promise<void> {
  const input = page.getByRole('combobox', { name: /^Country/ });
  await input.click();
  await input.fill(search);
  await page
    .getByRole('listbox', { name: 'Countries' })
    .getByRole('option', { name: new RegExp(`^${code} — `) })
    .click();
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
