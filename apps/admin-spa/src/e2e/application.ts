// Page actions on an application page (`/applications/:clientId`): the create-secret modal, the one-time
// reveal panel, the delete confirmation, and the secrets table. Mouse and keyboard-only variants.
import type { Locator, Page } from 'playwright-core';

export function dialog(page: Page): Locator {
  return page.getByRole('dialog');
}

/** A PatternFly table: role grid by default, plain table when told; either way named by its aria-label. */
export function namedTable(page: Page, name: string): Locator {
  return page.getByRole('grid', { name, exact: true }).or(page.getByRole('table', { name, exact: true }));
}

export function secretRow(page: Page, name: string): Locator {
  return namedTable(page, 'Secrets').getByRole('row').filter({ hasText: name });
}

export function createSecretButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Create secret', exact: true });
}

export async function openCreateSecret(page: Page): Promise<void> {
  await createSecretButton(page).click();
  await dialog(page).getByRole('heading', { name: 'Create a secret' }).waitFor();
}

/** Fills the create modal's name (and expiry, typed as YYYY-MM-DD), submits, and waits for the reveal panel. */
export async function submitCreateSecret(page: Page, name: string, expiresOn?: string): Promise<void> {
  await dialog(page).getByLabel('Name').fill(name);
  if (expiresOn !== undefined)
    await dialog(page).getByRole('textbox', { name: 'Expires on' }).fill(expiresOn);
  await dialog(page).getByRole('button', { name: 'Create', exact: true }).click();
  await revealedValue(page).waitFor();
}

export function revealedValue(page: Page): Locator {
  return dialog(page).getByRole('textbox', { name: 'Secret value' });
}

/** Ticks "I have stored the secret" and closes the reveal panel. */
export async function acknowledgeAndClose(page: Page): Promise<void> {
  await dialog(page).getByLabel('I have stored the secret').check();
  await dialog(page).getByRole('button', { name: 'Close', exact: true }).click();
  await dialog(page).waitFor({ state: 'detached' });
}

/** Creates a secret through the modal and returns its value as the reveal panel shows it. */
export async function createSecret(page: Page, name: string, expiresOn?: string): Promise<string> {
  await openCreateSecret(page);
  await submitCreateSecret(page, name, expiresOn);
  const value = await revealedValue(page).inputValue();
  await acknowledgeAndClose(page);
  return value;
}

/** Fills the create modal's notes field (before submitCreateSecret). */
export async function fillNotes(page: Page, notes: string): Promise<void> {
  await dialog(page).getByRole('textbox', { name: 'Notes' }).fill(notes);
}

export async function openEditSecret(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Edit secret ${name}`, exact: true }).click();
  await dialog(page)
    .getByRole('heading', { name: `Edit secret "${name}"` })
    .waitFor();
}

export async function openDeleteSecret(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Delete secret ${name}`, exact: true }).click();
  await dialog(page).waitFor();
}

/** Confirms the open delete modal; a secret used in the last 24 hours needs the second "Delete anyway". */
export async function confirmDelete(page: Page): Promise<void> {
  const modal = dialog(page);
  await modal.getByRole('button', { name: 'Delete', exact: true }).click();
  const anyway = modal.getByRole('button', { name: 'Delete anyway', exact: true });
  await Promise.race([modal.waitFor({ state: 'detached' }), anyway.waitFor()]);
  if (await anyway.isVisible()) await anyway.click();
  await modal.waitFor({ state: 'detached' });
}

// ---- keyboard only: Tab, Shift+Tab, Enter and Space; never a click ----

const MAX_TABS = 80;

/** Presses Tab until `target` has the focus; fails when it never gets there. */
export async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < MAX_TABS; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Creates a secret with its prefilled name and default expiry, and returns the revealed value. */
export async function createSecretWithKeyboard(page: Page): Promise<string> {
  await tabTo(page, createSecretButton(page));
  await page.keyboard.press('Enter');
  const create = dialog(page).getByRole('button', { name: 'Create', exact: true });
  await create.waitFor();
  await tabTo(page, create);
  await page.keyboard.press('Enter');
  await revealedValue(page).waitFor();
  const value = await revealedValue(page).inputValue();
  await tabTo(page, dialog(page).getByLabel('I have stored the secret'));
  await page.keyboard.press('Space');
  await tabTo(page, dialog(page).getByRole('button', { name: 'Close', exact: true }));
  await page.keyboard.press('Enter');
  await dialog(page).waitFor({ state: 'detached' });
  return value;
}

export async function deleteSecretWithKeyboard(page: Page, name: string): Promise<void> {
  await tabTo(page, page.getByRole('button', { name: `Delete secret ${name}`, exact: true }));
  await page.keyboard.press('Enter');
  const confirm = dialog(page).getByRole('button', { name: 'Delete', exact: true });
  await confirm.waitFor();
  await tabTo(page, confirm);
  await page.keyboard.press('Enter');
  // A secret used in the last 24 hours is refused once; the modal then offers "Delete anyway".
  const anyway = dialog(page).getByRole('button', { name: 'Delete anyway', exact: true });
  await Promise.race([dialog(page).waitFor({ state: 'detached' }), anyway.waitFor()]);
  if (await anyway.isVisible()) {
    await tabTo(page, anyway);
    await page.keyboard.press('Enter');
  }
  await dialog(page).waitFor({ state: 'detached' });
}

/** The rotation guide's highlighted step (PatternFly marks it aria-current="step"); none once complete. */
export function currentRotationStep(page: Page): Locator {
  return page.getByRole('region', { name: 'Rotation guide' }).locator('[aria-current="step"]');
}

export function rotationGuide(page: Page): Locator {
  return page.getByRole('region', { name: 'Rotation guide' });
}
