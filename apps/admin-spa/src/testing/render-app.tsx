// Renders the whole console (router, providers, shell) at a path, with an injected login session instead of
// keycloak-js, and a fresh QueryClient per test.
import { configure, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { App } from '../app.tsx';
import { SupportProvider } from '../components/support-contact.tsx';
import type { SupportContact } from '../components/support-contact.tsx';
import type { AuthSession } from '../auth/auth-session.ts';
import { routes } from '../route-table.tsx';

// Lazy routes are transformed on first use, which can take more than the default second on a cold run.
configure({ asyncUtilTimeout: 5000 });

export const TEST_TOKEN = 'test-access-token';

export function fakeSession() {
  return {
    token: vi.fn(() => Promise.resolve(TEST_TOKEN)),
    login: vi.fn<() => void>(),
    logout: vi.fn<() => void>(),
  } satisfies AuthSession;
}

/** `support`: the contact /api/console-config would give (main.tsx provides it around the app). */
export function renderApp(path: string, options: { support?: SupportContact } = {}) {
  const session = fakeSession();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  // No artificial delay between keystrokes: the tests stay fast.
  const user = userEvent.setup({ delay: null });
  const view = render(
    <SupportProvider value={options.support ?? null}>
      <App session={session} queryClient={queryClient} router={router} />
    </SupportProvider>,
  );
  return { ...view, session, queryClient, router, user };
}
