// Shown after logging out instead of starting a new login at once: the user sees that it worked and chooses
// when to log in again.
import { routePaths } from '../route-paths.ts';

export const LOGGED_OUT_PATH = '/logged-out';

export function LoggedOutPage() {
  return (
    <main className="credman-startup-error">
      <h1>You have logged out</h1>
      <p>Your credman session and your Keycloak session have ended.</p>
      <p>
        <a href={routePaths.applications}>Log in again</a>
      </p>
    </main>
  );
}
