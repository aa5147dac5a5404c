// The demo-mode panel: with the module registered, the login and OTP pages show each demo user's current code
// (and that code logs in); without it, the pages carry neither the panel nor any of those codes.
import { afterEach, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { loadRealm } from '@credman/realm';
import { createDoubleApp } from '../app.ts';
import type { RouteModule } from '../app.ts';
import { ManualClock } from '../clock.ts';
import { HeadlessBrowser } from '../contract/login-browser.ts';
import type { Page } from '../contract/login-browser.ts';
import { createKeycloakDouble } from '../double.ts';
import { allRouteModules } from '../routes.ts';
import { startServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import { demoTotpRoutes } from './demo-totp.ts';

// The demo users' stored TOTP secrets (keycloak-realm/README.md): the UTF-8 bytes are the HMAC key.
const DEMO_SECRETS = {
  alice: 'credman-demo-alice12',
  bob: 'credman-demo-bob1234',
  olivia: 'credman-demo-olivia1',
};
const START = Date.UTC(2026, 10, 23, 12, 0, 10);

function codeAt(secret: string, epochMs: number): string {
  return generateSync({
    secret: new TextEncoder().encode(secret),
    epoch: Math.floor(epochMs / 1000),
    period: 30,
    digits: 6,
    algorithm: 'sha1',
  });
}

/** The code the panel shows for `username`, read from its table row. */
function shownCode(html: string, username: string): string | undefined {
  return new RegExp(`<td>${username}</td><td><code class="demo-totp-code">(\\d+)</code>`).exec(html)?.[1];
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function openLoginPage(modules: RouteModule[]): Promise<{ browser: HeadlessBrowser; page: Page }> {
  const clock = new ManualClock(START);
  const double = await createKeycloakDouble({
    realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: 'demo-totp-test-secret' }, demo: true }),
    clock,
  });
  server = await startServer(createDoubleApp(double, modules));
  const query = new URLSearchParams({
    client_id: 'credman-console',
    redirect_uri: 'http://localhost:8080/',
    response_type: 'code',
    scope: 'openid',
    state: 'demo-totp-test',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  const browser = new HeadlessBrowser(server.url);
  const page = await browser.open(
    `${server.url}/realms/credman/protocol/openid-connect/auth?${query.toString()}`,
  );
  return { browser, page };
}

describe('demo-mode TOTP panel of the double', () => {
  it('given the demo module, when the login page opens, then it shows every demo user’s current code, labelled demo only', async () => {
    const { page } = await openLoginPage([demoTotpRoutes, ...allRouteModules]);
    expect(page.status).toBe(200);
    expect(page.html).toContain('id="kc-form-login"');
    expect(page.html).toContain('Demo only');
    for (const [username, secret] of Object.entries(DEMO_SECRETS)) {
      expect(shownCode(page.html, username)).toBe(codeAt(secret, START));
    }
    // 10 s into the 30 s step.
    expect(page.html).toContain('<td class="demo-totp-left" data-seconds-left="20">20 s</td>');
  });

  it('given the demo module, when alice reaches the OTP form, then the code shown there logs her in', async () => {
    const { browser, page } = await openLoginPage([demoTotpRoutes, ...allRouteModules]);
    const otpPage = await browser.submit(page, 'kc-form-login', {
      username: 'alice',
      password: 'demo-alice-password',
    });
    expect(otpPage.html).toContain('id="kc-otp-login-form"');
    const code = shownCode(otpPage.html, 'alice');
    expect(code).toBe(codeAt(DEMO_SECRETS.alice, START));
    const done = await browser.submit(otpPage, 'kc-otp-login-form', { otp: code! });
    expect(done.redirect?.searchParams.get('code')).toBeTruthy();
  });

  it('given no demo module, when the login and OTP pages open, then neither shows the panel or any demo code', async () => {
    const { browser, page } = await openLoginPage(allRouteModules);
    const otpPage = await browser.submit(page, 'kc-form-login', {
      username: 'alice',
      password: 'demo-alice-password',
    });
    expect(otpPage.html).toContain('id="kc-otp-login-form"');
    for (const html of [page.html, otpPage.html]) {
      expect(html).not.toContain('demo-totp');
      expect(html).not.toMatch(/demo only/i);
      for (const secret of Object.values(DEMO_SECRETS)) {
        for (const offset of [-30_000, 0, 30_000]) expect(html).not.toContain(codeAt(secret, START + offset));
      }
    }
  });
});
