// Page actions on the applications page (`/`).
import type { Page } from 'playwright-core';

export function applicationsHeading(page: Page) {
  return page.getByRole('heading', { level: 1, name: 'Applications' });
}

export function applicationsTable(page: Page) {
  return page.getByRole('grid').or(page.getByRole('table')).first();
}

export async function openApplication(page: Page, clientId: string): Promise<void> {
  await page.getByRole('link', { name: clientId, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: clientId }).waitFor();
}
