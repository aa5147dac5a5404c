// Demo mode only (`npm start` passes --demo-show-totp to the double's server): the login and OTP pages also
// list the demo users' CURRENT one-time codes, so someone trying credman needs no authenticator app. It is a
// route module registered before the login routes, adding a clearly labelled panel to those two pages; without
// it (every test, every other use of the double) the pages are exactly Keycloak's.
import type { RouteModule } from '../app.ts';
import { epochSeconds } from '../clock.ts';
import type { KeycloakDouble } from '../double.ts';
import { escapeHtml } from './pages.ts';
import { totpCode } from './totp.ts';

export interface DemoTotpCode {
  username: string;
  code: string;
  /** Seconds until the code changes. */
  secondsLeft: number;
}

/** The current code of every OTP credential in the realm, by username. */
export function currentDemoTotpCodes(double: KeycloakDouble): DemoTotpCode[] {
  const now = epochSeconds(double.clock);
  const codes: DemoTotpCode[] = [];
  for (const user of double.realm.users.values()) {
    for (const credential of user.otpCredentials) {
      codes.push({
        username: user.username,
        code: totpCode(credential, now),
        secondsLeft: credential.period - (now % credential.period),
      });
    }
  }
  return codes.sort((a, b) => a.username.localeCompare(b.username));
}

/** Where the panel's script reads fresh codes when the shown ones change (demo mode only, like the panel). */
export const DEMO_TOTP_CODES_PATH = '/realms/:realm/demo-totp/codes';
export const DEMO_TOTP_SCRIPT_PATH = '/resources/credman-double/demo-totp.js';

export function demoTotpPanel(codes: DemoTotpCode[], realmName: string): string {
  const rows = codes
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.username)}</td><td><code class="demo-totp-code">${escapeHtml(entry.code)}</code></td><td class="demo-totp-left" data-seconds-left="${String(entry.secondsLeft)}">${String(entry.secondsLeft)} s</td></tr>`,
    )
    .join('\n');
  const codesUrl = DEMO_TOTP_CODES_PATH.replace(':realm', encodeURIComponent(realmName));
  return `<aside id="demo-totp" aria-labelledby="demo-totp-title" data-codes-url="${escapeHtml(codesUrl)}">
<h2 id="demo-totp-title" class="pf-v6-c-title pf-m-lg">Demo only: current one-time codes</h2>
<p>This is credman's no-Docker demo (<code>npm start</code>). The Keycloak test double shows the demo users' codes here so you need no authenticator app. A real Keycloak never does this. The codes renew themselves as they change; each code works once.</p>
<table><thead><tr><th scope="col">user</th><th scope="col">code</th><th scope="col">changes in</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<script src="${DEMO_TOTP_SCRIPT_PATH}" defer></script>
</aside>
`;
}

/**
 * The panel's countdown: a file, as the pages' CSP allows no inline script. Every second each "changes in" cell
 * counts down; when one reaches 0 the panel reads the current codes again and shows them.
 */
export const DEMO_TOTP_SCRIPT = `(() => {
  const panel = document.getElementById('demo-totp');
  if (!panel) return;
  const body = panel.querySelector('tbody');
  const render = (codes) => {
    body.replaceChildren(...codes.map((entry) => {
      const row = document.createElement('tr');
      const user = document.createElement('td');
      user.textContent = entry.username;
      const code = document.createElement('td');
      const value = document.createElement('code');
      value.className = 'demo-totp-code';
      value.textContent = entry.code;
      code.append(value);
      const left = document.createElement('td');
      left.className = 'demo-totp-left';
      left.dataset.secondsLeft = String(entry.secondsLeft);
      left.textContent = entry.secondsLeft + ' s';
      row.append(user, code, left);
      return row;
    }));
  };
  let fetching = false;
  setInterval(() => {
    let expired = false;
    for (const cell of panel.querySelectorAll('.demo-totp-left')) {
      const left = Math.max(0, Number(cell.dataset.secondsLeft) - 1);
      cell.dataset.secondsLeft = String(left);
      cell.textContent = left + ' s';
      if (left === 0) expired = true;
    }
    if (!expired || fetching) return;
    fetching = true;
    fetch(panel.dataset.codesUrl, { headers: { accept: 'application/json' } })
      .then((response) => response.json())
      .then(render)
      .catch(() => undefined)
      .finally(() => { fetching = false; });
  }, 1000);
})();
`;

// The two pages that take a login: the password form and the OTP form (ids of Keycloak's templates).
const LOGIN_FORM_MARKERS = ['id="kc-form-login"', 'id="kc-otp-login-form"'];

export const demoTotpRoutes: RouteModule = (app, double) => {
  app.get(DEMO_TOTP_CODES_PATH, (c) =>
    c.json(currentDemoTotpCodes(double), 200, { 'cache-control': 'no-store' }),
  );
  app.get(
    DEMO_TOTP_SCRIPT_PATH,
    () =>
      new Response(DEMO_TOTP_SCRIPT, {
        headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
      }),
  );
  for (const path of ['/realms/:realm/protocol/openid-connect/auth', '/realms/:realm/login-actions/*']) {
    app.use(path, async (c, next) => {
      await next();
      if (!c.res.headers.get('content-type')?.startsWith('text/html')) return;
      const page = await c.res.clone().text();
      if (!LOGIN_FORM_MARKERS.some((marker) => page.includes(marker))) return;
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      const panel = demoTotpPanel(currentDemoTotpCodes(double), double.realm.name);
      c.res = new Response(page.replace('</main>', `${panel}</main>`), {
        status: c.res.status,
        headers,
      });
    });
  }
};
