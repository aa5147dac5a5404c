// @vitest-environment node
// The console in Debian's Chromium against the real sidecar serving the built SPA and Keycloak over HTTP (the
// double, or the real server under `npm run test:keycloak`, whose own login pages the browser then fills in).
// One file on purpose: one build, one pair of servers and one browser for every scenario keep the suite
// within a minute. Every page of ours is checked with axe-core and photographed; CSP violations must be none.
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DAY_MS, DM, SMC, USERS, startE2e } from '@credman/sidecar/e2e/testing/harness';
import type { DemoUser, E2e } from '@credman/sidecar/e2e/testing/harness';
import { INITIAL_JS_GZIP_BUDGET_BYTES, measureBuild } from '../../scripts/build-size.ts';
import {
  acknowledgeAndClose,
  confirmDelete,
  createSecret,
  createSecretWithKeyboard,
  currentRotationStep,
  deleteSecretWithKeyboard,
  dialog,
  fillNotes,
  namedTable,
  openCreateSecret,
  openDeleteSecret,
  openEditSecret,
  revealedValue,
  rotationGuide,
  secretRow,
  submitCreateSecret,
} from './application.ts';
import { applicationsHeading, openApplication } from './applications.ts';
import { launchChromium, watchPage } from './browser.ts';
import type { PageWatch } from './browser.ts';
import { openConsole } from './console.ts';
import { addManager, clientIdPreview, fillApplication, submitApplication } from './create-application.ts';
import { apiSecret, freshApplication } from './fresh-application.ts';
import { horizontalOverflow, offScreenReason, runAxe, screenshot } from './page-checks.ts';
import type { AxeCounts } from './page-checks.ts';
import {
  closeToasts,
  hasFocus,
  hiddenContent,
  horizontallyInside,
  elementsPastTheRightEdge,
  logOutThroughMenu,
  toast,
  userMenuToggle,
} from './shell.ts';
import { buildSpa } from './spa-build.ts';
import type { SpaBuild } from './spa-build.ts';

// A real Keycloak makes a second login of the same user wait for the next TOTP step (up to 30 s).
const SCENARIO_TIMEOUT_MS = 90_000;
/** Scenarios with three or more logins (fresh browsers): a real Keycloak took 84 s for one of them. */
const LONG_SCENARIO_TIMEOUT_MS = 2 * SCENARIO_TIMEOUT_MS;
/** The widths the console is tried at: a laptop and a phone. */
interface Viewport {
  width: number;
  height: number;
}
const DESKTOP: Viewport = { width: 1280, height: 800 };
const PHONE: Viewport = { width: 390, height: 844 };
const STEP_TIMEOUT_MS = 8_000;

let spa: SpaBuild | undefined;
let e2e: E2e | undefined;
let browser: Browser | undefined;
const axeResults: AxeCounts[] = [];
const watches: PageWatch[] = [];
const contexts: BrowserContext[] = [];

function started(): { e2e: E2e; browser: Browser } {
  if (e2e === undefined || browser === undefined) throw new Error('the e2e environment did not start');
  return { e2e, browser };
}

/** A fresh browser profile (no Keycloak session) with its page watched for CSP violations and API calls. */
async function newWatchedPage(viewport: Viewport = DESKTOP): Promise<{ page: Page; watch: PageWatch }> {
  const { e2e: env, browser: chromium } = started();
  // Reduced motion and a fixed zone and locale: pages settle sooner and dates read the same on every machine.
  const context = await chromium.newContext({
    viewport,
    reducedMotion: 'reduce',
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  contexts.push(context);
  // The browser's clock starts at the double's (a fixed instant, moved only by the tests), so "days left" and
  // the date picker's bounds never depend on when the suite runs; a real Keycloak's clock is the wall clock.
  if (env.kind === 'double') await context.clock.install({ time: env.clock.now() });
  // The copy buttons write to the clipboard; a profile without the permission would see them refused.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.sidecarUrl });
  // Fail a step within seconds, naming its locator, rather than at the scenario's timeout.
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const watch = await watchPage(page, env.sidecarUrl);
  watches.push(watch);
  onTestFailed(async ({ task }) => {
    await screenshot(page, `failed-${task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`, [
      revealedValue(page),
    ]);
  });
  return { page, watch };
}

async function logIn(page: Page, user: DemoUser, path = '/'): Promise<void> {
  const { e2e: env } = started();
  await openConsole(page, `${env.sidecarUrl}${path}`, USERS[user], () => env.freshTotpMoment(user));
}

/** Screenshot (the secret value masked: artifacts must not hold one) and axe for one page state. */
async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name, [revealedValue(page)]);
  axeResults.push(await runAxe(page, name));
}

function applicationPath(clientId: string): string {
  return `/applications/${encodeURIComponent(clientId)}`;
}

/** A page at phone width: nothing wider than the window, then screenshot and axe. */
async function checkPhonePage(page: Page, name: string): Promise<void> {
  expect(await horizontalOverflow(page), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await checkPage(page, name);
}

/** Bob deletes one of the application's secrets through the API (as another manager would, elsewhere). */
async function bobDeletes(env: E2e, clientId: string, name: string): Promise<void> {
  const detail = (await (await env.api('bob', applicationPath(clientId))).json()) as {
    secrets: { id: string; name: string; status: string }[];
  };
  const target = detail.secrets.find((secret) => secret.name === name && secret.status !== 'deleted');
  if (target === undefined) throw new Error(`no secret ${name} on ${clientId}`);
  const deleted = await env.api('bob', `${applicationPath(clientId)}/secrets/${target.id}?force=true`, {
    method: 'DELETE',
  });
  expect(deleted.status).toBe(204);
}

async function managerNames(env: E2e, clientId: string): Promise<string[]> {
  const response = await env.api('olivia', `/applications/${encodeURIComponent(clientId)}/managers`);
  const list = (await response.json()) as { managers: { username: string }[] };
  return list.managers.map((manager) => manager.username).sort();
}

beforeAll(async () => {
  spa = await buildSpa();
  e2e = await startE2e({ spaDir: spa.dir, consoleOnSidecar: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await e2e?.close();
  await spa?.remove();
  // The numbers the issue asks to record; printed so a CI log shows them.
  // eslint-disable-next-line no-console
  console.table(
    axeResults.map(({ page, critical, serious, moderate, minor }) => ({
      page,
      critical,
      serious,
      moderate,
      minor,
    })),
  );
  // Two dozen browser profiles and, on the real Keycloak, its realm take longer than the default hook time to close.
}, 60_000);

describe('the console in a browser', () => {
  it('given the build, then the initial JS is within its gzip budget', async () => {
    const size = await measureBuild(spa!.dir);
    // eslint-disable-next-line no-console
    console.log(`initial JS ${(size.initialJsGzipBytes / 1024).toFixed(1)} KB gzip`);
    expect(size.initialJsGzipBytes).toBeGreaterThan(0);
    expect(size.initialJsGzipBytes).toBeLessThanOrEqual(INITIAL_JS_GZIP_BUDGET_BYTES);
  });

  it(
    'given alice with password and TOTP, when she rotates a secret, then only the new secret works and an expiring one is marked',
    async () => {
      const { e2e: env } = started();
      const { page, watch } = await newWatchedPage();

      await logIn(page, 'alice');
      await applicationsHeading(page).waitFor();
      await page.getByRole('link', { name: DM, exact: true }).waitFor();
      // The first render after the login: the page's own data calls (the bootstrap's console-config aside).
      const dataCalls = watch.apiRequests.filter((request) => request.authenticated);
      // eslint-disable-next-line no-console
      console.log(`applications page API requests: ${dataCalls.map((call) => call.path).join(', ')}`);
      expect(dataCalls.length).toBeLessThanOrEqual(2);
      // The JS the first view really downloaded: index.html's scripts plus the applications route's chunks.
      const size = await measureBuild(spa!.dir);
      const fetched = new Set(watch.assets);
      const firstViewJs = size.files
        .filter((file) => fetched.has(file.file) && file.file.endsWith('.js'))
        .reduce((total, file) => total + file.gzipBytes, 0);
      // eslint-disable-next-line no-console
      console.log(`applications page first view JS: ${(firstViewJs / 1024).toFixed(1)} KB gzip`);
      expect(firstViewJs).toBeGreaterThanOrEqual(size.initialJsGzipBytes);
      await checkPage(page, 'applications');

      await openApplication(page, DM);
      await checkPage(page, 'application');

      await openCreateSecret(page);
      await checkPage(page, 'create-secret-modal');
      await submitCreateSecret(page, 'e2e first');
      await checkPage(page, 'reveal-panel');
      const first = await revealedValue(page).inputValue();
      await acknowledgeAndClose(page);
      expect(await env.tokenWorks(DM, first)).toBe(true);

      const second = await createSecret(page, 'e2e second');
      expect(second).not.toBe(first);
      expect(await env.tokenWorks(DM, second)).toBe(true);

      await openDeleteSecret(page, 'e2e first');
      await checkPage(page, 'delete-secret-modal');
      await confirmDelete(page);
      await secretRow(page, 'e2e first').waitFor({ state: 'detached' });
      expect(await env.tokenWorks(DM, first)).toBe(false);
      expect(await env.tokenWorks(DM, second)).toBe(true);

      // A secret with under 30 days left is marked (typed expiry: 20 days on, by the server's and browser's clock).
      const short = await createSecret(page, 'e2e short', env.dateIn(20));
      expect(await env.tokenWorks(DM, short)).toBe(true);
      await secretRow(page, 'e2e short').getByText('Expiring soon').waitFor();
      expect(await secretRow(page, 'e2e short').textContent()).toMatch(/\(in (19|20) days\)/);
      expect(await secretRow(page, 'e2e second').textContent()).not.toContain('Expiring soon');
      // The README's picture: no passing toast in it.
      await closeToasts(page);
      await checkPage(page, 'application-expiring');
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'given olivia the operator, when she creates an application and adds alice and bob, then it has two managers',
    async () => {
      const { e2e: env } = started();
      const { page } = await newWatchedPage();
      const clientId = 'Partner-BE-EndToEnd-DM';

      await logIn(page, 'olivia', '/operator/applications/new');
      await page.getByRole('heading', { level: 1, name: 'Create application' }).waitFor();
      // One typeahead: typing filters the countries, the list shows the matches to choose from.
      expect(await page.getByLabel('Find a country').count()).toBe(0);
      await page.getByRole('combobox', { name: /^Country/ }).click();
      await page.getByRole('combobox', { name: /^Country/ }).fill('land');
      await page
        .getByRole('listbox', { name: 'Countries' })
        .getByRole('option', { name: /Netherlands/ })
        .waitFor();
      await checkPage(page, 'create-application-country-typeahead');
      await page.keyboard.press('Escape');
      await fillApplication(page, {
        kind: 'Partner',
        countrySearch: 'belg',
        country: 'BE',
        organisation: 'EndToEnd',
        api: 'DM',
        permissions: ['dm.sandbox'],
      });
      expect(await clientIdPreview(page).textContent()).toBe(clientId);
      await checkPage(page, 'create-application');
      await submitApplication(page, clientId);
      await page.getByText('Fewer than two credential managers').waitFor();

      await addManager(page, 'alice', 'Alice Anders');
      await addManager(page, 'bob', 'Bob Bakker');
      await page.getByText('Fewer than two credential managers').waitFor({ state: 'detached' });
      await checkPage(page, 'application-operator');

      // The harness logs olivia in once more for its own call, with a TOTP code the browser has not used.
      const managers = (await (
        await env.api('olivia', `/applications/${encodeURIComponent(clientId)}/managers`)
      ).json()) as { managers: { username: string }[]; warnings: string[] };
      expect(managers.managers.map((manager) => manager.username).sort()).toEqual(['alice', 'bob']);
      expect(managers.warnings).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'given only the keyboard, when alice creates and deletes a secret, then both work without a click',
    async () => {
      const { e2e: env } = started();
      const { page } = await newWatchedPage();
      await logIn(page, 'alice', `/applications/${encodeURIComponent(SMC)}`);

      const value = await createSecretWithKeyboard(page);
      expect(await env.tokenWorks(SMC, value)).toBe(true);
      // The modal's prefilled name.
      const name = 'Secret by Alice Anders';
      await secretRow(page, name).waitFor();
      await deleteSecretWithKeyboard(page, name);
      await secretRow(page, name).waitFor({ state: 'detached' });
      expect(await env.tokenWorks(SMC, value)).toBe(false);
      await expect(dialog(page).count()).resolves.toBe(0);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'given the Create dialog at 1280×800 and 390×844, when the date is picked with the calendar, then the dialog keeps its content, the date is taken and short lifetimes are advised against',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'CalendarPick');
      for (const [viewport, suffix] of [
        [DESKTOP, ''],
        [PHONE, '-phone'],
      ] as const) {
        const { page } = await newWatchedPage(viewport);
        await logIn(page, 'alice', applicationPath(clientId));
        await openCreateSecret(page);
        const expiresOn = dialog(page).getByRole('textbox', { name: 'Expires on' });
        const initial = await expiresOn.inputValue();
        await dialog(page).getByRole('button', { name: 'Choose the expiry date' }).click();
        // The default is the last day allowed: the month before has every day enabled.
        await page.getByRole('button', { name: 'Previous month' }).click();
        const day15 = page
          .locator('.pf-v6-c-calendar-month__dates-cell:not(.pf-m-adjacent-month) button')
          .filter({ hasText: /^15$/ });
        await day15.waitFor();
        // The dialog body's date field stays on screen with the calendar open (the bug: the body scrolled it
        // away and the calendar hid with it, leaving the dialog blank); the click below needs the day reachable.
        await expect.poll(() => offScreenReason(expiresOn)).toBe('');
        await expect
          .poll(() => offScreenReason(dialog(page).getByText('Expires on', { exact: true })))
          .toBe('');
        await checkPage(page, `create-secret-calendar${suffix}`);
        await day15.click();
        await page.waitForFunction(
          (before) => {
            const input = document.querySelector<HTMLInputElement>('input[aria-label="Expires on"]');
            return input !== null && input.value !== before && input.value.endsWith('-15');
          },
          initial.endsWith('-15') ? '' : initial,
        );
        // Picking a day closes the calendar; the next checks must not see it fading out over the dialog.
        await page.locator('.pf-v6-c-calendar-month').waitFor({ state: 'hidden' });
        expect(await offScreenReason(expiresOn)).toBe('');
        // The reminder schedule is explained at the field; a lifetime under 90 days is advised against.
        await dialog(page)
          .getByText(/reminder mail 6 weeks and 3 weeks ahead, then one every day from 1 week/)
          .waitFor();
        await expiresOn.fill(env.dateIn(30));
        await dialog(page).getByTestId('short-lifetime-advice').waitFor();
        expect(await dialog(page).getByTestId('short-lifetime-advice').textContent()).toMatch(
          /lapses before/,
        );
        await checkPage(page, `create-secret-short-lifetime${suffix}`);
        await expiresOn.fill(env.dateIn(200));
        await dialog(page).getByTestId('short-lifetime-advice').waitFor({ state: 'detached' });
        await dialog(page).getByRole('button', { name: 'Cancel', exact: true }).click();
        await dialog(page).waitFor({ state: 'detached' });
      }
    },
    LONG_SCENARIO_TIMEOUT_MS,
  );

  it(
    'given a whole rotation, then the guide moves step by step to "rotation complete", a secret in use is deleted with one DELETE, and a short-lived newest secret never makes it advise deleting the year-long one',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'RotationWalk');
      let { page } = await newWatchedPage();
      await logIn(page, 'alice', applicationPath(clientId));
      expect(await currentRotationStep(page).textContent()).toContain('1. Create a new secret');

      const first = await createSecret(page, 'walk first');
      // A first secret nobody used yet is not in place: the guide waits for its use, never "complete".
      await currentRotationStep(page).filter({ hasText: '2. Update your systems' }).waitFor();
      expect(await rotationGuide(page).textContent()).not.toContain('Rotation complete');

      const second = await createSecret(page, 'walk second');
      await currentRotationStep(page).filter({ hasText: '2. Update your systems' }).waitFor();
      // A system logs in with the new secret; Keycloak does not say which of the two was used.
      expect(await env.tokenWorks(clientId, second)).toBe(true);
      // With credman's Keycloak extension (the real server loads it) every login names its secret, so a forgotten
      // system still on the old secret is what makes the dialog warn; on stock Keycloak the one login counts for both.
      const { lastUseAttribution } = (await (
        await env.api('alice', `/applications/${encodeURIComponent(clientId)}`)
      ).json()) as { lastUseAttribution: string };
      const exact = lastUseAttribution === 'extension';
      if (exact) expect(await env.tokenWorks(clientId, first)).toBe(true);
      // A fresh browser reads the new use (a reload in this one would meet Keycloak's login again).
      const { page: again, watch } = await newWatchedPage();
      await logIn(again, 'alice', applicationPath(clientId));
      page = again;
      await currentRotationStep(page)
        .filter({ hasText: /3\. Confirm|4\. Delete/ })
        .waitFor();
      await checkPage(page, 'application-rotation-confirm');

      // The dialog warns that the old secret may still be (or is) in use: its one confirmation deletes it.
      await openDeleteSecret(page, 'walk first');
      await dialog(page)
        .getByText(/may still be in use|is still in use/)
        .first()
        .waitFor();
      await checkPage(page, 'delete-secret-in-use-modal');
      const deletesBefore = watch.apiRequests.filter((request) => request.method === 'DELETE').length;
      await dialog(page).getByRole('button', { name: 'Delete', exact: true }).click();
      await dialog(page).waitFor({ state: 'detached' });
      await secretRow(page, 'walk first').waitFor({ state: 'detached' });
      const deletes = watch.apiRequests.filter((request) => request.method === 'DELETE').slice(deletesBefore);
      expect(deletes.map((request) => request.path.replace(/\/secrets\/[^?]+/, '/secrets/…'))).toEqual([
        `/api/applications/${encodeURIComponent(clientId)}/secrets/…?force=true`,
      ]);

      // One live secret valid for a year. Its use seen while two were live: on stock Keycloak not attributed, so
      // the manager confirms; with the extension it is certain. Then the rotation is complete, not back at step 1.
      if (!exact) {
        await currentRotationStep(page).filter({ hasText: '3. Confirm' }).waitFor();
        await rotationGuide(page).getByRole('button', { name: 'All our systems use "walk second"' }).click();
      }
      await rotationGuide(page)
        .getByText(/^Rotation complete/)
        .waitFor();
      expect(await currentRotationStep(page).count()).toBe(0);
      expect(await rotationGuide(page).textContent()).not.toContain(
        'keeps working while you create its replacement',
      );
      await page.getByRole('button', { name: 'History (1 ended secret)', exact: true }).waitFor();
      await checkPage(page, 'application-rotation-complete');

      // A newest secret that lives 6 days is not the replacement of the year-long one.
      await createSecret(page, 'walk short', env.dateIn(6));
      await rotationGuide(page)
        .getByText(/keep "walk second"/)
        .waitFor();
      const guide = (await rotationGuide(page).textContent()) ?? '';
      expect(guide).not.toMatch(/Delete "walk second"/);
      expect(guide).toMatch(/Delete "walk short"/);
      await checkPage(page, 'application-rotation-short-lived');

      // The replacement (the year-long secret) exists, so the expiry banner leaves this application alone.
      const list = (await newWatchedPage()).page;
      await logIn(list, 'alice');
      await applicationsHeading(list).waitFor();
      await list.getByRole('link', { name: clientId, exact: true }).waitFor();
      expect(await list.getByRole('link', { name: clientId }).count()).toBe(1);
    },
    LONG_SCENARIO_TIMEOUT_MS,
  );

  it(
    'given olivia the operator, who manages no application, then she sees no manager actions and the wording fits her role; logging out says so',
    async () => {
      const { e2e: env } = started();
      const { page } = await newWatchedPage();
      await logIn(page, 'olivia');
      await page.getByText(/As an operator you create applications/).waitFor();
      expect(await page.getByText('whose client secrets you manage').count()).toBe(0);
      await page.getByRole('link', { name: DM, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: DM }).waitFor();
      await page.getByText('You are not a credential manager of this application').waitFor();
      await secretRow(page, 'e2e second').waitFor();
      expect(await page.getByRole('button', { name: 'Create secret' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Delete secret / }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Rotation guide' }).count()).toBe(0);
      await checkPage(page, 'application-operator-read-only');

      await logOutThroughMenu(page);
      expect(new URL(page.url()).origin).toBe(env.sidecarUrl);
      await checkPage(page, 'logged-out');
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'given olivia on an application, when she adds bob and removes alice, then removal asks first and its message replaces the previous one',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'ManagerChange');
      const { page } = await newWatchedPage();
      await logIn(page, 'olivia', applicationPath(clientId));
      await addManager(page, 'bob', 'Bob Bakker');
      await page.getByText('Bob Bakker is now a credential manager').waitFor();

      await page
        .getByRole('button', { name: 'Remove Alice Anders as credential manager', exact: true })
        .click();
      await dialog(page)
        .getByRole('heading', { name: /Remove Alice Anders as credential manager\?/ })
        .waitFor();
      await checkPage(page, 'remove-manager-modal');
      // Nothing changed before the confirmation.
      await expect(managerNames(env, clientId)).resolves.toEqual(['alice', 'bob']);
      await dialog(page).getByRole('button', { name: 'Remove', exact: true }).click();
      await dialog(page).waitFor({ state: 'detached' });
      await page.getByText('Alice Anders is no longer a credential manager').waitFor();
      expect(await page.getByText('Bob Bakker is now a credential manager').count()).toBe(0);
      await expect(managerNames(env, clientId)).resolves.toEqual(['bob']);

      await page
        .getByRole('button', { name: 'Remove Bob Bakker as credential manager', exact: true })
        .click();
      await dialog(page).getByRole('button', { name: 'Remove', exact: true }).click();
      await dialog(page).waitFor({ state: 'detached' });
      await page.getByText(/Nobody can rotate the secrets/).waitFor();
      expect(await page.getByText(/a second manager/).count()).toBe(0);
      await checkPage(page, 'application-no-managers');
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'given a phone (390×844), then no page or dialog scrolls sideways, client IDs keep their copy buttons on screen, the masthead is one row, and copying says Copied',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'PhoneWidth');
      const { page } = await newWatchedPage(PHONE);
      await logIn(page, 'alice');
      await applicationsHeading(page).waitFor();
      await page.getByRole('link', { name: clientId, exact: true }).waitFor();
      await checkPhonePage(page, 'applications-phone');
      const copyButtons = page.getByRole('button', { name: /^Copy client ID / });
      expect(await copyButtons.count()).toBeGreaterThanOrEqual(2);
      // Within the screen's width where they are, without scrolling sideways (the main area may scroll alone).
      for (const button of await copyButtons.all()) {
        const box = await button.boundingBox();
        const label = (await button.getAttribute('aria-label')) ?? '';
        expect(box !== null && box.x >= 0 && box.x + box.width <= PHONE.width, label).toBe(true);
      }
      const masthead = await page.locator('.pf-v6-c-masthead').boundingBox();
      expect(masthead?.height).toBeLessThanOrEqual(80);
      await copyButtons.first().click();
      await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();

      await openApplication(page, clientId);
      await checkPhonePage(page, 'application-phone');
      await openCreateSecret(page);
      await checkPhonePage(page, 'create-secret-modal-phone');
      await submitCreateSecret(page, 'phone first');
      await checkPhonePage(page, 'reveal-panel-phone');
      await acknowledgeAndClose(page);
      await openDeleteSecret(page, 'phone first');
      await checkPhonePage(page, 'delete-secret-modal-phone');
      await dialog(page).getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog(page).waitFor({ state: 'detached' });

      const operator = await newWatchedPage(PHONE);
      await logIn(operator.page, 'olivia', '/operator/applications/new');
      await operator.page.getByRole('heading', { level: 1, name: 'Create application' }).waitFor();
      await checkPhonePage(operator.page, 'create-application-phone');
      // Another fresh browser: a second login in the same one meets Keycloak's login form again.
      const operatorOnApplication = await newWatchedPage(PHONE);
      await logIn(operatorOnApplication.page, 'olivia', applicationPath(clientId));
      await namedTable(operatorOnApplication.page, 'Credential managers').waitFor();
      await checkPhonePage(operatorOnApplication.page, 'application-operator-phone');
    },
    LONG_SCENARIO_TIMEOUT_MS,
  );

  it(
    'given alice, when she creates a secret with notes and edits its name and notes, then the table, the history and the audit show them and the secret keeps working',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'NotesAndEdits');
      for (const [viewport, suffix] of [
        [DESKTOP, ''],
        [PHONE, '-phone'],
      ] as const) {
        const { page } = await newWatchedPage(viewport);
        await logIn(page, 'alice', applicationPath(clientId));
        const name = `noted${suffix}`;
        await openCreateSecret(page);
        await fillNotes(page, 'Used by the nightly invoice export');
        await submitCreateSecret(page, name);
        const value = await revealedValue(page).inputValue();
        await acknowledgeAndClose(page);
        await secretRow(page, name).getByText('Used by the nightly invoice export').waitFor();

        await openEditSecret(page, name);
        await checkPage(page, `edit-secret-modal${suffix}`);
        if (viewport === PHONE) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await dialog(page).getByLabel('Name').fill(`${name} renamed`);
        await dialog(page).getByRole('textbox', { name: 'Notes' }).fill('Owned by the finance team');
        await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
        await dialog(page).waitFor({ state: 'detached' });
        await secretRow(page, `${name} renamed`).getByText('Owned by the finance team').waitFor();
        await namedTable(page, 'Audit history')
          .getByRole('row')
          .filter({ hasText: 'Secret edited: name and notes' })
          .first()
          .waitFor();
        await checkPage(page, `application-notes${suffix}`);
        // The secret itself did not change.
        expect(await env.tokenWorks(clientId, value)).toBe(true);
      }
    },
    LONG_SCENARIO_TIMEOUT_MS,
  );

  it(
    'given an application whose credman.secrets is damaged, then the operator list marks it and its page says what is wrong and who repairs it',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'DamagedRecords');
      const client = await env.keycloak.findClientByClientId(clientId);
      if (!client) throw new Error(`no client ${clientId}`);
      await env.keycloak.updateClient(client, { attributes: { 'credman.secrets': '{"truncated": ' } });
      const { page } = await newWatchedPage();
      await logIn(page, 'olivia');
      const row = page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: clientId, exact: true }) });
      await row.getByText('Damaged records').waitFor();
      expect(await row.textContent()).toContain('credman.secrets');
      await checkPage(page, 'applications-damaged');
      await page.getByRole('link', { name: clientId, exact: true }).click();
      await page.getByText("This application's credman records are damaged").waitFor();
      await page.getByText(/Operators repair or remove the attribute in Keycloak's admin console/).waitFor();
      await checkPage(page, 'application-damaged');
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "given olivia the operator, when she edits an application's permissions and description, then Keycloak holds them and the page shows them",
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'OperatorEdit');
      for (const [viewport, suffix] of [
        [PHONE, '-phone'],
        [DESKTOP, ''],
      ] as const) {
        const { page } = await newWatchedPage(viewport);
        await logIn(page, 'olivia', applicationPath(clientId));
        await page.getByRole('button', { name: 'Edit description and permissions', exact: true }).click();
        await dialog(page)
          .getByRole('heading', { name: `Edit ${clientId}` })
          .waitFor();
        if (viewport === PHONE) {
          await checkPhonePage(page, `edit-application-modal${suffix}`);
          await dialog(page).getByRole('button', { name: 'Cancel', exact: true }).click();
          await dialog(page).waitFor({ state: 'detached' });
          continue;
        }
        await checkPage(page, 'edit-application-modal');
        await dialog(page).getByLabel('dm.production', { exact: true }).check();
        await dialog(page).getByRole('textbox', { name: 'Description' }).fill('Production access from May');
        await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
        await dialog(page).waitFor({ state: 'detached' });
        await page
          .getByRole('list', { name: 'Permissions' })
          .getByText('dm.production', { exact: true })
          .waitFor();
        await page.getByText('Production access from May').waitFor();
        await namedTable(page, 'Audit history')
          .getByRole('row')
          .filter({ hasText: 'Application edited' })
          .first()
          .waitFor();
      }
      const detail = (await (await env.api('olivia', applicationPath(clientId))).json()) as {
        permissions: string[];
        description?: string;
      };
      expect(detail.permissions.sort()).toEqual(['dm.production', 'dm.sandbox']);
      expect(detail.description).toBe('Production access from May');
    },
    LONG_SCENARIO_TIMEOUT_MS,
  );

  it(
    "given the clock past a secret's expiry (server and browser), then the secret is greyed with an icon and the application is listed as needing action",
    async (context) => {
      const { e2e: env } = started();
      // A real Keycloak's clock cannot be moved, and a secret cannot be created already expired.
      if (env.kind === 'keycloak') context.skip();
      const clientId = await freshApplication(env, 'LapsedSecret');
      await apiSecret(env, clientId, 'lapsing', env.dateIn(8));
      env.clock.advance(10 * DAY_MS);
      for (const [viewport, suffix] of [
        [DESKTOP, ''],
        [PHONE, '-phone'],
      ] as const) {
        const { page } = await newWatchedPage(viewport);
        await logIn(page, 'alice');
        const row = page
          .getByRole('row')
          .filter({ has: page.getByRole('link', { name: clientId, exact: true }) });
        await row.getByText('Needs action').waitFor();
        await checkPage(page, `applications-expired${suffix}`);
        await openApplication(page, clientId);
        const secret = secretRow(page, 'lapsing');
        await secret.getByTestId('expired-label').waitFor();
        expect(await secret.getAttribute('class')).toContain('credman-row-ended');
        expect(await secret.getByTestId('expired-label').locator('svg').count()).toBeGreaterThan(0);
        await checkPage(page, `application-expired${suffix}`);
      }
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'given bob deletes secrets while alice has the page open, then her Save and Delete say who deleted them and the rows go, and his new secret shows within 30 s without a reload',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'StalePage');
      const bob = await env.userId('bob');
      const added = await env.api('olivia', `${applicationPath(clientId)}/managers/${bob}`, {
        method: 'PUT',
      });
      expect(added.ok).toBe(true);
      await apiSecret(env, clientId, 'stale edit', env.dateIn(200));
      await apiSecret(env, clientId, 'stays', env.dateIn(300));
      const { page } = await newWatchedPage();
      // The browser's timers under the test's hand: the 30-second refetch is run, not waited for.
      await page.clock.install();
      await logIn(page, 'alice', applicationPath(clientId));
      await secretRow(page, 'stale edit').waitFor();

      await bobDeletes(env, clientId, 'stale edit');
      await openEditSecret(page, 'stale edit');
      await dialog(page).getByRole('textbox', { name: 'Notes' }).fill('Typed on a stale page');
      await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
      await dialog(page).waitFor({ state: 'detached' });
      await toast(page, 'Secret "stale edit" was already deleted by Bob Bakker').waitFor();
      await secretRow(page, 'stale edit').waitFor({ state: 'detached' });
      expect(await page.getByText(/not one of its credential managers|Application not found/).count()).toBe(
        0,
      );
      await checkPage(page, 'application-stale-secret');

      // Bob's new secret appears at the next refetch, with no reload.
      const created = await env.api('bob', `${applicationPath(clientId)}/secrets`, {
        method: 'POST',
        body: JSON.stringify({ name: 'stale delete', expiresOn: env.dateIn(200) }),
      });
      expect(created.status).toBe(201);
      expect(await secretRow(page, 'stale delete').count()).toBe(0);
      await page.clock.fastForward(31_000);
      await secretRow(page, 'stale delete').waitFor();

      await bobDeletes(env, clientId, 'stale delete');
      await openDeleteSecret(page, 'stale delete');
      await confirmDelete(page);
      await toast(page, 'Secret "stale delete" was already deleted by Bob Bakker').waitFor();
      await secretRow(page, 'stale delete').waitFor({ state: 'detached' });
      await secretRow(page, 'stays').waitFor();
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'given 1280×800 and 390×844, then the page has breadcrumbs, its own tab title and the user menu, a 62-character name keeps its actions in the card, values and a new secret show whole, dialogs open on their first field, changes are confirmed by toasts, an unknown application leads back and the logged-out page keeps the frame',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'ShellAndWidths');
      const longName = 'NightlyInvoiceExportToTheFinanceWarehouseProductionCluster0001';
      expect(longName).toHaveLength(62);
      await apiSecret(env, clientId, longName, env.dateIn(300));
      for (const [viewport, suffix] of [
        [DESKTOP, ''],
        [PHONE, '-phone'],
      ] as const) {
        const { page } = await newWatchedPage(viewport);
        const check = async (on: Page, name: string) => {
          if (viewport === PHONE)
            expect(
              await horizontalOverflow(on),
              (await elementsPastTheRightEdge(on)).join('; '),
            ).toBeLessThanOrEqual(0);
          await checkPage(on, name);
        };
        await logIn(page, 'alice', applicationPath(clientId));
        await secretRow(page, longName).waitFor();
        expect(await page.title()).toBe(`${clientId} - credman`);
        await page
          .getByRole('navigation', { name: 'Breadcrumb' })
          .getByRole('link', { name: 'Applications' })
          .waitFor();
        // The user's name stays in the masthead, whole, at both widths.
        const name = userMenuToggle(page).getByText('Alice Anders', { exact: true });
        expect(await hiddenContent(name)).toBe('');

        const row = secretRow(page, longName);
        for (const action of ['Edit', 'Delete'])
          expect(
            await horizontallyInside(
              page.getByRole('button', { name: `${action} secret ${longName}`, exact: true }),
              page.locator('#credman-main'),
            ),
            `${action} inside the page's card`,
          ).toBe(true);
        expect(await hiddenContent(row.getByText(longName, { exact: true }))).toBe('');
        for (const term of ['Client ID', 'Token endpoint']) {
          expect(await hiddenContent(page.getByTestId(term).locator('code')), term).toBe('');
          expect(
            await offScreenReason(page.getByRole('button', { name: `Copy the ${term.toLowerCase()}` })),
          ).toBe('');
        }
        await page.getByText(/names the permissions the token carries/).waitFor();
        await check(page, `application-long-name${suffix}`);

        // The Edit dialog opens on Name: a Space typed at once goes into the name, the dialog stays.
        await openEditSecret(page, longName);
        const nameField = dialog(page).getByRole('textbox', { name: 'Name' });
        await expect.poll(() => hasFocus(nameField)).toBe(true);
        await page.keyboard.press('End');
        await page.keyboard.type(' x');
        expect(await nameField.inputValue()).toBe(`${longName} x`);
        await dialog(page).getByRole('button', { name: 'Cancel', exact: true }).click();
        await dialog(page).waitFor({ state: 'detached' });

        await openCreateSecret(page);
        await expect.poll(() => hasFocus(dialog(page).getByRole('textbox', { name: 'Name' }))).toBe(true);
        await submitCreateSecret(page, `whole${suffix}`);
        const value = await revealedValue(page).inputValue();
        expect(await hiddenContent(revealedValue(page))).toBe('');
        const hint =
          (await dialog(page)
            .getByText(/^It starts with/)
            .locator('code')
            .textContent()) ?? '';
        expect(value.startsWith(hint.replace('…', ''))).toBe(true);
        await check(page, `reveal-panel-whole${suffix}`);
        await acknowledgeAndClose(page);

        await openEditSecret(page, `whole${suffix}`);
        await dialog(page).getByRole('textbox', { name: 'Notes' }).fill('Checked against its hint');
        await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
        await toast(page, `Secret "whole${suffix}" saved`).waitFor();
        await openDeleteSecret(page, `whole${suffix}`);
        await expect
          .poll(() => hasFocus(dialog(page).getByRole('button', { name: 'Cancel', exact: true })))
          .toBe(true);
        await confirmDelete(page);
        await toast(page, `Secret "whole${suffix}" deleted`).waitFor();
        await check(page, `application-toasts${suffix}`);

        await userMenuToggle(page).click();
        await page.getByRole('menuitem', { name: 'Log out', exact: true }).waitFor();
        await check(page, `user-menu${suffix}`);
        await page.keyboard.press('Escape');

        await logIn(page, 'alice', applicationPath('Partner-NL-NoSuchOrganisation-DM'));
        await page.getByRole('heading', { name: 'Application not found' }).waitFor();
        expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
        await check(page, `application-unknown${suffix}`);
        await page.getByRole('link', { name: 'Back to the applications', exact: true }).click();
        await applicationsHeading(page).waitFor();
        expect(await page.title()).toBe('Applications - credman');

        await logOutThroughMenu(page);
        await page.getByRole('banner').getByText('credman', { exact: true }).waitFor();
        const sizes = await page.evaluate(() => ({
          heading: parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize),
          body: parseFloat(getComputedStyle(document.body).fontSize),
        }));
        expect(sizes.heading).toBeGreaterThan(sizes.body * 1.2);
        await check(page, `logged-out-frame${suffix}`);
      }
    },
    LONG_SCENARIO_TIMEOUT_MS,
  );

  it(
    'given olivia the operator on an application she does not manage and an unknown one, then the wording never tells her to add herself nor that she is not one of its managers',
    async () => {
      const { e2e: env } = started();
      const clientId = await freshApplication(env, 'OperatorWording');
      const { page } = await newWatchedPage();
      await logIn(page, 'olivia', applicationPath(clientId));
      await page.getByText('You are not a credential manager of this application').waitFor();
      await page.getByText(/ask another operator to make you a credential manager/).waitFor();
      expect(await page.getByText(/Add yourself as a manager/).count()).toBe(0);
      await page.getByText(/Until its credential managers create one/).waitFor();
      expect(
        await page.getByText('Create one so your systems can get tokens', { exact: false }).count(),
      ).toBe(0);
      await page.getByRole('searchbox', { name: 'Find users' }).fill('olivia');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('You cannot add yourself; another operator can add you').waitFor();
      await checkPage(page, 'application-operator-wording');

      await logIn(page, 'olivia', applicationPath('Partner-NL-NoSuchOrganisation-DM'));
      await page.getByText(/There is no application Partner-NL-NoSuchOrganisation-DM\./).waitFor();
      expect(await page.getByText(/credential managers/).count()).toBe(0);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it('given every page checked, then none has a serious or critical axe violation and none broke the CSP', () => {
    expect(axeResults.length).toBeGreaterThanOrEqual(8);
    expect(
      axeResults.flatMap((result) => result.blocking.map((issue) => `${result.page}: ${issue}`)),
    ).toEqual([]);
    expect(watches.flatMap((watch) => watch.cspViolations)).toEqual([]);
  });
});
