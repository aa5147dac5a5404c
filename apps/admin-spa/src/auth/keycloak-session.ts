// keycloak-js login: authorization code flow with PKCE S256. No login-status iframe and no silent SSO check,
// because the sidecar's CSP forbids frames (frame-src 'none').
import Keycloak from 'keycloak-js';
import type { ConsoleConfig } from '@credman/api-contract';
import type { AuthSession } from './auth-session.ts';

/** Refresh when the token has less than this many seconds left. */
const MIN_TOKEN_VALIDITY_SECONDS = 30;
/** The realm's console client requires multi-factor login; ask for it explicitly on every new login. */
const MFA_ACR = 'mfa';
/** Where a deep link waits while the browser is at Keycloak (sessionStorage: this tab only). */
const RETURN_TO_KEY = 'credman.returnTo';

/**
 * The console's only redirect URI: the realm allows exactly `<console URL>/`, no `/*` wildcard
 * (keycloak-realm/README.md#hardening), so logins always come back to the root.
 */
function redirectUri(): string {
  return `${window.location.origin}/`;
}

/** Keeps the page the user asked for across the login, so a deep link still lands where it pointed. */
function rememberLocation(): void {
  const { pathname, search, hash } = window.location;
  if (pathname !== '/' || search !== '') sessionStorage.setItem(RETURN_TO_KEY, `${pathname}${search}`);
  // A fresh visit of the root (not Keycloak's callback, whose fragment holds the code) drops a stale one.
  else if (!/[#&]code=/.test(hash)) sessionStorage.removeItem(RETURN_TO_KEY);
}

function restoreLocation(): void {
  const saved = sessionStorage.getItem(RETURN_TO_KEY);
  sessionStorage.removeItem(RETURN_TO_KEY);
  // A same-origin path only, never a URL.
  if (saved !== null && saved.startsWith('/') && !saved.startsWith('//'))
    window.history.replaceState(null, '', saved);
}

export async function fetchConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/api/console-config', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`The console configuration is unavailable (HTTP ${response.status}).`);
  return (await response.json()) as ConsoleConfig;
}

/** Logs in (redirecting to Keycloak when there is no session yet) and resolves once a token is present. */
export async function startKeycloakSession(config: ConsoleConfig): Promise<AuthSession> {
  const keycloak = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId });
  const loginOptions = { acr: { values: [MFA_ACR], essential: true }, redirectUri: redirectUri() };
  rememberLocation();
  await keycloak.init({
    onLoad: 'login-required',
    pkceMethod: 'S256',
    checkLoginIframe: false,
    redirectUri: redirectUri(),
  });
  restoreLocation();
  const login = (): void => {
    rememberLocation();
    void keycloak.login(loginOptions);
  };
  return {
    async token() {
      try {
        await keycloak.updateToken(MIN_TOKEN_VALIDITY_SECONDS);
      } catch {
        // The refresh token is gone or expired: the console says so and the user chooses when to log in.
        throw new Error('The session has ended.');
      }
      if (keycloak.token === undefined) throw new Error('Not logged in.');
      return keycloak.token;
    },
    login,
    logout() {
      // Back to a page that says so (shell/logged-out-page.tsx), not to one that logs in again at once.
      void keycloak.logout({ redirectUri: `${window.location.origin}/logged-out` });
    },
  };
}
