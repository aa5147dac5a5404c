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

export function demoTotpPanel(codes: DemoTotpCode[]): string {
  const rows = codes
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.username)}</td><td><code class="demo-totp-code">${escapeHtml(entry.code)}</code></td><td>${String(entry.secondsLeft)} s</td></tr>`,
    )
    .join('\n');
  return `<aside id="demo-totp" aria-labelledby="demo-totp-title" style="margin-top:2em;padding:1em;border:3px dashed #c9190b;background:#fdf2f2">
<h2 id="demo-totp-title">Demo only: current one-time codes</h2>
<p>This is credman's no-Docker demo (<code>npm start</code>). The Keycloak test double shows the demo users' codes here so you need no authenticator app. A real Keycloak never does this. Reload the page for fresh codes; each code works once.</p>
<table><thead><tr><th>user</th><th>code</th><th>changes in</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</aside>
`;
}

// The two pages that take a login: the password form and the OTP form (ids of Keycloak's templates).
const LOGIN_FORM_MARKERS = ['id="kc-form-login"', 'id="kc-otp-login-form"'];

export const demoTotpRoutes: RouteModule = (app, double) => {
  for (const path of ['/realms/:realm/protocol/openid-connect/auth', '/realms/:realm/login-actions/*']) {
    app.use(path, async (c, next) => {
      await next();
      if (!c.res.headers.get('content-type')?.startsWith('text/html')) return;
      const page = await c.res.clone().text();
      if (!LOGIN_FORM_MARKERS.some((marker) => page.includes(marker))) return;
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      c.res = new Response(page.replace('</main>', `${demoTotpPanel(currentDemoTotpCodes(double))}</main>`), {
        status: c.res.status,
        headers,
      });
    });
  }
};
