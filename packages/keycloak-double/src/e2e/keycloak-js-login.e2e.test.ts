// End to end: the real keycloak-js adapter in Debian Chromium logs in against the double over HTTP — login form,
// OTP form, code exchange with PKCE from the browser (CORS) — and the page shows the token's acr.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../testing/chromium.ts';
import type { Browser } from 'playwright-core';
import { generateSync } from 'otplib';
import { createDoubleApp } from '../app.ts';
import { createKeycloakDouble } from '../double.ts';
import { startServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import { allRouteModules } from '../routes.ts';
import { contractRealm } from '../contract/contract-realm.ts';
import { LOGIN_NAMES, LOGIN_USERS } from '../contract/login-realm-parts.ts';

const require = createRequire(import.meta.url);
const KEYCLOAK_JS = require.resolve('keycloak-js');
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');

/** The app page: keycloak-js as an ES module, login-required with PKCE S256, the acr written into the page. */
function appPage(idpUrl: string, realm: string): string {
  const config = JSON.stringify({ url: idpUrl, realm, clientId: LOGIN_NAMES.consoleClientId });
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>app</title></head><body>
<p id="status">starting</p><p id="acr"></p>
<script type="module">
import Keycloak from '/keycloak.js';
const keycloak = new Keycloak(${config});
try {
  const authenticated = await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: false });
  document.getElementById('acr').textContent = keycloak.tokenParsed?.acr ?? '';
  document.getElementById('status').textContent = authenticated ? 'authenticated' : 'anonymous';
} catch (error) {
  document.getElementById('status').textContent = 'error: ' + (error?.message ?? String(error));
}
</script></body></html>`;
}

/** The static app server; the identity provider's address is filled in once it runs. */
function startAppServer(idp: { url: string; realm: string }): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://app').pathname;
    if (pathname === '/keycloak.js') {
      readFile(KEYCLOAK_JS)
        .then((source) => {
          response.writeHead(200, { 'content-type': 'text/javascript' });
          response.end(source);
        })
        .catch(() => {
          response.writeHead(500);
          response.end();
        });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
    response.end(appPage(idp.url, idp.realm));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${String(port)}/` });
    });
  });
}

describe('keycloak-js against the double in Chromium', () => {
  let idp: RunningServer;
  let app: { server: Server; url: string };
  let browser: Browser;

  beforeAll(async () => {
    const idpAddress = { url: '', realm: '' };
    app = await startAppServer(idpAddress);
    // The shipped realm, with the app's origin as the console URL: redirect URIs and web origins (keycloak-js
    // calls the token endpoint from that origin) come from it, exactly as in a deployment.
    const double = await createKeycloakDouble({
      realm: contractRealm({ CREDMAN_CONSOLE_DEV_URL: new URL(app.url).origin }),
    });
    idp = await startServer(createDoubleApp(double, allRouteModules));
    idpAddress.url = idp.url;
    idpAddress.realm = double.realm.name;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await new Promise<void>((resolve) =>
      app.server.close(() => {
        resolve();
      }),
    );
    await idp.close();
  });

  it('given login-required with PKCE, when the user enters password and TOTP, then keycloak-js holds a token with acr mfa', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(app.url);
      await page.waitForSelector('#kc-form-login');
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'double-login-page.png') });
      await page.fill('#username', LOGIN_USERS.alice.username);
      await page.fill('#password', LOGIN_USERS.alice.password);
      await page.click('#kc-login');
      await page.waitForSelector('#kc-otp-login-form');
      const code = generateSync({
        secret: new TextEncoder().encode(LOGIN_USERS.alice.totpSecret),
        digits: 6,
        period: 30,
      });
      await page.fill('#otp', code);
      await page.click('#kc-login');
      await page.locator('#status').filter({ hasNotText: 'starting' }).waitFor({ timeout: 10_000 });
      expect(await page.textContent('#status')).toBe('authenticated');
      expect(await page.textContent('#acr')).toBe('mfa');
    } finally {
      await context.close();
    }
  });
});
