// The login as the rest of the console sees it. keycloak-js stays behind this interface so that tests inject
// a plain object instead of a browser login.
export interface AuthSession {
  /** A valid access token, refreshed first when it expires within 30 seconds. */
  token(): Promise<string>;
  /** Starts a new login (a redirect to Keycloak). */
  login(): void;
  /** Ends the Keycloak session and returns to the console's start page. */
  logout(): void;
}
