// Entry point: read where to log in, log in (keycloak-js redirects when needed), then render the console.
import '@patternfly/react-core/dist/styles/base.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App, createQueryClient } from './app.tsx';
import type { ConsoleConfig } from '@credman/api-contract';
import { fetchConsoleConfig, startKeycloakSession } from './auth/keycloak-session.ts';
import { SupportLine, SupportProvider } from './components/support-contact.tsx';
import { routes } from './route-table.tsx';
import { LOGGED_OUT_PATH, LoggedOutPage } from './shell/logged-out-page.tsx';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = createRoot(container);

/** Once read, so that a failed login can still say who to ask. */
let config: ConsoleConfig | undefined;

async function start(): Promise<void> {
  config = await fetchConsoleConfig();
  const session = await startKeycloakSession(config);
  root.render(
    <StrictMode>
      <SupportProvider value={config.support}>
        <App session={session} queryClient={createQueryClient()} router={createBrowserRouter(routes)} />
      </SupportProvider>
    </StrictMode>,
  );
}

if (window.location.pathname === LOGGED_OUT_PATH) root.render(<LoggedOutPage />);
else
  start().catch((error: unknown) => {
    // Without a login nothing else can work; say so plainly instead of leaving a blank page.
    root.render(
      <main className="credman-startup-error">
        <h1>credman cannot start</h1>
        <p>{error instanceof Error ? error.message : 'The login could not be started.'}</p>
        <p>Reload the page to try again.</p>
        <SupportProvider value={config?.support ?? null}>
          <SupportLine />
        </SupportProvider>
      </main>,
    );
  });
