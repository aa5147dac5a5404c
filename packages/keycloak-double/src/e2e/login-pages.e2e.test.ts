// The double's login pages in Chromium as `npm start` shows them (demo mode): they look like Keycloak's
// keycloak.v2 login (PatternFly's styles load under the pages' CSP), the OTP step shows the username as text, the
// demo codes count down and renew themselves, and TOTP set-up shows a QR code. Each page is photographed
// (test-artifacts/screenshots/) and checked with axe-core: no serious or critical violation.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { loadRealm } from '@credman/realm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoubleApp } from '../app.ts';
import { ManualClock } from '../clock.ts';
import { createKeycloakDouble } from '../double.ts';
import type { KeycloakDouble } from '../double.ts';
import { demoTotpRoutes } from '../login/demo-totp.ts';
import { allRouteModules } from '../routes.ts';
import { startServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import { launchChromium } from '../testing/chromium.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../../../test-artifacts/screenshots', import.meta.url));
// 10 s into a 30 s TOTP step.
const START = Date.UTC(2026, 10, 23, 12, 0, 10);

let server: RunningServer;
let double: KeycloakDouble;
let clock: ManualClock;
let browser: Browser;

beforeAll(async () => {
  clock = new ManualClock(START);
  double = await createKeycloakDouble({
    realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: 'login-pages-test-secret' }, demo: true }),
    clock,
  });
  server = await startServer(createDoubleApp(double, [demoTotpRoutes, ...allRouteModules]));
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser.close();
  await server.close();
});

function authUrl(): string {
  const query = new URLSearchParams({
    client_id: 'credman-console',
    redirect_uri: 'http://localhost:8080/',
    response_type: 'code',
    scope: 'openid',
    state: 'login-pages-test',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  return `${server.url}/realms/credman/protocol/openid-connect/auth?${query.toString()}`;
}

/** A page whose CSP reports are collected (there must be none). */
async function openPage(): Promise<{ page: Page; cspViolations: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
  });
  await page.goto(authUrl());
  return { page, cspViolations };
}

async function photographAndCheck(page: Page, name: string): Promise<string[]> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `double-${name}.png`), fullPage: true });
  await page.evaluate(axe.source);
  // A string, evaluated in the page: this package is typed without the DOM library.
  const violations = await page.evaluate<{ id: string; impact: string; targets: string[] }[]>(`
    window.axe.run(document).then((results) => results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'minor',
      targets: violation.nodes.map((node) => node.target.join(' ')),
    })))`);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.targets.join(', ')}`);
}

/** What PatternFly's stylesheet gives the page: its font and the primary button's colour. */
async function patternFlyApplied(page: Page): Promise<{ font: string; button: string; login: string }> {
  return page.evaluate<{ font: string; button: string; login: string }>(`({
    font: getComputedStyle(document.body).fontFamily,
    button: getComputedStyle(document.querySelector('#kc-login, #saveTOTPBtn')).backgroundColor,
    login: getComputedStyle(document.querySelector('.pf-v6-c-login')).display,
  })`);
}

describe("the double's login pages in Chromium (demo mode)", () => {
  it('given the login page, then it is styled by PatternFly under its CSP, with an icon, and passes axe', async () => {
    const { page, cspViolations } = await openPage();
    await page.waitForSelector('#kc-form-login');
    const styled = await patternFlyApplied(page);
    expect(styled.font).toContain('Red Hat Text');
    expect(styled.button).not.toBe('rgba(0, 0, 0, 0)'); // PatternFly's primary colour, not the browser default
    expect(styled.button).not.toBe('rgb(239, 239, 239)');
    expect(styled.login).toBe('flex'); // PatternFly's login layout, not a plain block
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.ico');
    expect((await page.request.get(`${server.url}/favicon.ico`)).headers()['content-type']).toContain(
      'image/svg+xml',
    );
    expect(await photographAndCheck(page, 'login')).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.context().close();
  });

  it('given the OTP step, then the username is text (not a field), and the demo codes count down and renew themselves', async () => {
    const { page, cspViolations } = await openPage();
    await page.fill('#username', 'alice');
    await page.fill('#password', 'demo-alice-password');
    await page.click('#kc-login');
    await page.waitForSelector('#kc-otp-login-form');
    expect(await page.evaluate<string>("document.getElementById('kc-attempted-username').tagName")).toBe(
      'SPAN',
    );
    expect(await page.locator('#kc-attempted-username').textContent()).toBe('alice');
    expect(await page.locator('input[name="username"], input#kc-attempted-username').count()).toBe(0);

    const left = page.locator('#demo-totp tr', { hasText: 'alice' }).locator('.demo-totp-left');
    const code = page.locator('#demo-totp tr', { hasText: 'alice' }).locator('.demo-totp-code');
    // The double's clock is fixed 3 s before the end of a step, so the page is loaded again with the panel
    // showing 3 s; the page's own timer then counts in real seconds (waited for, never slept).
    clock.set(START + 17_000);
    await page.reload();
    const secondsShown = async () => Number((await left.textContent())?.replace(/ s$/, ''));
    const shown = await secondsShown();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(3); // 3 s as served, less if a second passed already
    const first = await code.textContent();
    await expect.poll(secondsShown, { timeout: 5_000 }).toBeLessThan(shown);
    // The step ends on the double; at 0 the panel reads the new codes and their full 30 s.
    clock.set(START + 20_000);
    await expect.poll(() => code.textContent(), { timeout: 10_000 }).not.toBe(first);
    expect(await code.textContent()).toMatch(/^\d{6}$/);
    await expect.poll(() => left.textContent(), { timeout: 5_000 }).toMatch(/^(30|29) s$/);

    expect(await photographAndCheck(page, 'otp')).toEqual([]);
    expect(cspViolations).toEqual([]);
    clock.set(START);
    await page.context().close();
  });

  it('given nora (no authenticator yet), then TOTP set-up shows a QR code beside the text key, and passes axe', async () => {
    const { page, cspViolations } = await openPage();
    await page.fill('#username', 'nora');
    await page.fill('#password', 'demo-nora-password');
    await page.click('#kc-login');
    await page.waitForSelector('#kc-totp-settings-form');
    const qr = page.locator('#kc-totp-qr svg');
    expect(await qr.count()).toBe(1);
    const box = await qr.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(150);
    expect(await page.locator('#kc-totp-qr').getAttribute('aria-label')).toBe(
      'QR code of the authenticator key',
    );
    expect(await page.locator('#kc-totp-secret-key').textContent()).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    expect((await patternFlyApplied(page)).button).not.toBe('rgb(239, 239, 239)');
    expect(await photographAndCheck(page, 'totp-setup')).toEqual([]);
    expect(cspViolations).toEqual([]);
    await page.context().close();
  });
});
