// @vitest-environment node
// The operators' overview in Debian's Chromium against the real sidecar serving the built SPA, on a seeded
// demo realm whose numbers are known: the managers create secrets with chosen expiries through the API, the
// realm scan runs once, and the page must show exactly those counts, the chart, the filtered table and the CSV,
// at laptop and phone width, with axe finding nothing serious or critical. The browser's clock is fixed. The
// operator's application list shows the same scan's columns and filters by them.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BOB_SMC, DM, SMC, USERS, startE2e } from '@credman/sidecar/e2e/testing/harness';
import type { E2e } from '@credman/sidecar/e2e/testing/harness';
import { INITIAL_JS_GZIP_BUDGET_BYTES, measureBuild } from '../../scripts/build-size.ts';
import { launchChromium, watchPage } from './browser.ts';
import { openConsole } from './console.ts';
import { horizontalOverflow, runAxe, screenshot } from './page-checks.ts';
import { buildSpa } from './spa-build.ts';
import type { SpaBuild } from './spa-build.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const MINUTE_MS = 60_000;

let spa: SpaBuild;
let e2e: E2e;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function createSecret(user: 'alice' | 'bob', clientId: string, name: string, days: number) {
  const response = await e2e.api(user, `/applications/${encodeURIComponent(clientId)}/secrets`, {
    method: 'POST',
    body: JSON.stringify({ name, expiresOn: e2e.dateIn(days) }),
  });
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  spa = await buildSpa();
  e2e = await startE2e({ spaDir: spa.dir, consoleOnSidecar: true });
  // The demo realm: DM (managers alice and bob), SMC (alice), the sandbox-only PartnerAlternative SMC (bob),
  // none with a live secret. Seeded: DM rotates (5 days, and a successor for 60), SMC's only secret ends in 5
  // days, the sandbox application's in 20.
  await createSecret('alice', DM, 'old', 5);
  await createSecret('alice', DM, 'new', 60);
  await createSecret('alice', SMC, 'only', 5);
  await createSecret('bob', BOB_SMC, 'sandbox', 20);
  await e2e.realmScan.runOnce();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  await e2e.close();
  await spa.remove();
}, 60_000);

async function operatorPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  contexts.push(context);
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  await watchPage(page, e2e.sidecarUrl);
  // Seven minutes after the scan, by the server's clock.
  await page.clock.setFixedTime(e2e.clock.now() + 7 * MINUTE_MS);
  await openConsole(page, `${e2e.sidecarUrl}/operator/overview`, USERS.olivia, () =>
    e2e.freshTotpMoment('olivia'),
  );
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await page.getByTestId('scan-age').waitFor();
  return page;
}

async function count(page: Page, title: string): Promise<string> {
  return (await page.getByTestId(`count-${title}`).getByTestId('count-value').textContent()) ?? '';
}

async function checkAxe(page: Page, name: string) {
  await screenshot(page, name);
  const result = await runAxe(page, name);
  expect(result.blocking, name).toEqual([]);
}

describe('the operators overview', () => {
  it('stays out of the initial JS, which keeps its budget', async () => {
    const size = await measureBuild(spa.dir);
    expect(size.initialJsGzipBytes).toBeLessThanOrEqual(INITIAL_JS_GZIP_BUDGET_BYTES);
    const overviewChunks = size.files.filter((file) => file.file.includes('overview-page'));
    expect(overviewChunks.length).toBeGreaterThan(0);
    for (const chunk of overviewChunks) expect(chunk.initial, chunk.file).toBe(false);
  });

  it('shows the seeded realm’s counts, chart and applications needing action at laptop width, and downloads them', async () => {
    const page = await operatorPage(DESKTOP);
    expect(await page.getByTestId('scan-age').textContent()).toContain('7 minutes ago');
    expect(await count(page, 'Applications')).toBe('3');
    expect(await count(page, 'Need action')).toBe('2');
    expect(await count(page, 'Expiring within 7 days')).toBe('1');
    expect(await count(page, 'Expiring within 30 days')).toBe('2');
    expect(await count(page, 'Expired')).toBe('0');
    expect(await count(page, 'No live secret')).toBe('0');
    expect(await count(page, 'Fewer than two managers')).toBe('2');
    // Four live secrets end within 12 weeks; DM's old one has its successor beside it.
    await page
      .getByRole('img', { name: 'Secrets ending in the next 12 weeks: 4, of them 3 without a successor' })
      .waitFor();
    const table = page.getByRole('grid', { name: 'Applications needing action' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3); // header + SMC + sandbox
    await checkAxe(page, 'overview');

    await page.getByRole('button', { name: 'Sandbox only' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await table.getByRole('link', { name: BOB_SMC }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV (1)' }).click();
    const csv = await readFile(await (await download).path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('client_id,sandbox,managers,live_secrets,expiring_at,expired_at,reasons');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${BOB_SMC},yes,1,1,\\d{4}-\\d\\d-\\d\\dT[^,]+,,expiring-without-successor fewer-than-two-managers$`,
      ),
    );

    await page.getByRole('button', { name: 'Production' }).click();
    await page.getByRole('button', { name: 'Expiring without a successor' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await table.getByRole('link', { name: SMC, exact: true }).waitFor();
    await checkAxe(page, 'overview-filtered');
  }, 120_000);

  it('fits a phone and passes axe there', async () => {
    const page = await operatorPage(PHONE);
    expect(await count(page, 'Need action')).toBe('2');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await checkAxe(page, 'overview-phone');
  }, 120_000);
});

/** The scan age the list must state: the browser's fixed time minus the scan's, as earlier logins moved the clock. */
let listShownAt = 0;
function expectedScanAge(): string {
  const scannedAt = e2e.realmScan.latest()?.scannedAt ?? Number.NaN;
  return `(${String(Math.round((listShownAt - scannedAt) / MINUTE_MS))} minutes ago)`;
}

async function operatorListPage(viewport: { width: number; height: number }, query = ''): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  await watchPage(page, e2e.sidecarUrl);
  listShownAt = e2e.clock.now() + 7 * MINUTE_MS;
  await page.clock.setFixedTime(listShownAt);
  await openConsole(page, `${e2e.sidecarUrl}/${query}`, USERS.olivia, () => e2e.freshTotpMoment('olivia'));
  await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
  return page;
}

const listRows = (page: Page) =>
  page.getByRole('grid', { name: 'Applications', exact: true }).getByRole('row');

async function shownClientIds(page: Page): Promise<string[]> {
  const links = page.getByRole('grid', { name: 'Applications', exact: true }).getByRole('link');
  return (await links.allTextContents()).sort();
}

describe("the operator's application list with the scan's columns", () => {
  it('filters the seeded realm to exactly the applications in each state, with the scan age, at laptop width', async () => {
    const page = await operatorListPage(DESKTOP);
    await expect.poll(() => listRows(page).count()).toBe(4); // header + DM, SMC, sandbox
    const dm = listRows(page).filter({ has: page.getByRole('link', { name: DM, exact: true }) });
    expect(await dm.locator('td[data-label="Managers"]').textContent()).toBe('2');
    expect(await dm.locator('td[data-label="Needs (last scan)"]').textContent()).toBe('Nothing');
    await checkAxe(page, 'applications-scan-columns');

    const filters = page.getByRole('group', { name: 'Filter by condition' });
    await filters.getByRole('button', { name: 'Fewer than two managers' }).click();
    await expect.poll(() => shownClientIds(page)).toEqual([BOB_SMC, SMC].sort());
    expect(await page.getByTestId('scan-age').textContent()).toContain(expectedScanAge());
    await checkAxe(page, 'applications-filtered');

    await filters.getByRole('button', { name: 'Expiring without a successor' }).click();
    await expect.poll(() => shownClientIds(page)).toEqual([BOB_SMC, SMC].sort());
    await filters.getByRole('button', { name: 'Sandbox only' }).click();
    await expect.poll(() => shownClientIds(page)).toEqual([BOB_SMC]);
    await filters.getByRole('button', { name: 'No live secret' }).click();
    await page.getByRole('heading', { name: 'None: No live secret' }).waitFor();
    await checkAxe(page, 'applications-filter-empty');
    await filters.getByRole('button', { name: 'Expired' }).click();
    await page.getByRole('heading', { name: 'None: Expired' }).waitFor();
  }, 120_000);

  it('fits a phone with the filter wrapping, and passes axe there', async () => {
    const page = await operatorListPage(PHONE, '?filter=fewer-than-two-managers');
    await expect.poll(() => shownClientIds(page)).toEqual([BOB_SMC, SMC].sort());
    expect(await page.getByTestId('scan-age').textContent()).toContain(expectedScanAge());
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await checkAxe(page, 'applications-filtered-phone');
  }, 120_000);
});
