import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  applicationList,
  isoDaysFromNow,
  meHandler,
  OPERATOR,
  problem,
  summary,
} from '../../testing/fixtures.ts';
import { requests, server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp, TEST_TOKEN } from '../../testing/render-app.tsx';
import { useFixedNow } from '../../testing/fixed-now.ts';

useMswServer();

useFixedNow();

const listHandler = (applications = [summary()]) =>
  http.get('*/api/applications', () => HttpResponse.json(applicationList(applications)));

describe('applications page', () => {
  it('given applications, when the page opens, then it lists them with their name parts in two round trips', async () => {
    server.use(meHandler(), listHandler());
    renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Applications' })).toBeInTheDocument();
    const table = await screen.findByRole('grid', { name: 'Applications' });
    const row = within(table).getByRole('row', { name: /Partner-NL-Acme-SMC/ });
    expect(within(row).getByRole('link', { name: 'Partner-NL-Acme-SMC' })).toHaveAttribute(
      'href',
      '/applications/Partner-NL-Acme-SMC',
    );
    expect(within(row).getByText('Netherlands (NL)')).toBeInTheDocument();
    expect(within(row).getByText('Acme')).toBeInTheDocument();
    expect(
      within(row).getByRole('button', { name: 'Copy client ID Partner-NL-Acme-SMC' }),
    ).toBeInTheDocument();
    expect(within(row).queryByText('Sandbox')).not.toBeInTheDocument();
    expect(screen.queryByText(/expires within 30 days/)).not.toBeInTheDocument();

    await waitFor(() => {
      expect(requests.map((r) => r.path).sort()).toEqual(['/api/applications?max=100', '/api/me']);
    });
    expect(requests.every((r) => r.authorization === `Bearer ${TEST_TOKEN}`)).toBe(true);
  });
});

describe('applications page states', () => {
  it('given the list has not answered yet, when the page opens, then a loading indicator shows', async () => {
    server.use(
      meHandler(),
      http.get('*/api/applications', async () => {
        await delay('infinite');
        return HttpResponse.json(applicationList([]));
      }),
    );
    renderApp('/');
    expect(await screen.findByRole('progressbar', { name: 'Loading applications' })).toBeInTheDocument();
  });

  it('given no applications, when the page opens, then an empty state explains how to get one', async () => {
    server.use(meHandler(), listHandler([]));
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'No applications' })).toBeInTheDocument();
    expect(screen.getByText(/An operator can make you a credential manager/)).toBeInTheDocument();
  });

  it('given no applications and a support contact, then the empty state says whom to ask for access, as a mail link', async () => {
    server.use(meHandler(), listHandler([]));
    renderApp('/', { support: { email: 'partner-desk@example.org', text: 'For access, write to' } });
    expect(await screen.findByRole('heading', { name: 'No applications' })).toBeInTheDocument();
    expect(screen.getByTestId('support-contact')).toHaveTextContent(
      'For access, write to partner-desk@example.org',
    );
    expect(screen.getByRole('link', { name: 'partner-desk@example.org' })).toHaveAttribute(
      'href',
      'mailto:partner-desk@example.org',
    );
  });

  it('given no support contact configured, then the empty state shows no support line', async () => {
    server.use(meHandler(), listHandler([]));
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'No applications' })).toBeInTheDocument();
    expect(screen.queryByTestId('support-contact')).toBeNull();
  });

  it('given an unknown address and a support contact, then the not-found page names it too', async () => {
    server.use(meHandler(), listHandler([]));
    renderApp('/no/such/page', { support: { email: 'partner-desk@example.org', text: 'Stuck? Write to' } });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByTestId('support-contact')).toHaveTextContent(
      'Stuck? Write to partner-desk@example.org',
    );
  });

  it('given Keycloak is down, when the page opens, then the problem shows with the retry hint', async () => {
    server.use(
      meHandler(),
      http.get('*/api/applications', () =>
        problem(503, 'keycloak-unavailable', { detail: 'Keycloak did not answer' }, { 'Retry-After': '7' }),
      ),
    );
    renderApp('/');
    expect(await screen.findByText('Try again in 7 s.')).toBeInTheDocument();
    expect(screen.getAllByText(/Keycloak is unavailable/)).toHaveLength(1); // the title, said once
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('given a problem+json error, when the page opens, then its detail shows in an alert', async () => {
    server.use(
      meHandler(),
      http.get('*/api/applications', () =>
        problem(400, 'validation-failed', { detail: 'search is too long' }),
      ),
    );
    renderApp('/');
    expect(await screen.findByText('search is too long')).toBeInTheDocument();
  });

  it('given the token was rejected, when the page opens, then a dialog says the session ended and the login starts when asked', async () => {
    server.use(
      http.get('*/api/me', () => problem(401, 'unauthenticated')),
      http.get('*/api/applications', () => problem(401, 'unauthenticated')),
    );
    const { session, user } = renderApp('/');
    const dialog = await screen.findByRole('dialog', { name: /Your session has ended/ }, { timeout: 30_000 });
    // No jump to the login page by itself: the user chooses when.
    expect(session.login).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Log in again' }));
    expect(session.login).toHaveBeenCalledOnce();
  });

  it('given a secret expiring in 10 days, when the page opens, then the banner and the row warn about it', async () => {
    server.use(
      meHandler(),
      listHandler([
        summary({ nearestExpiry: { expiresAt: isoDaysFromNow(10), status: 'expiring' } }),
        summary({ clientId: 'Partner-DE-Other-DM', liveSecrets: 2 }),
      ]),
    );
    renderApp('/');
    const banner = await screen.findByText('A secret expires within 30 days');
    const alert = banner.closest('.pf-v6-c-alert');
    expect(alert).not.toBeNull();
    expect(
      within(alert as HTMLElement).getByRole('link', { name: 'Partner-NL-Acme-SMC' }),
    ).toBeInTheDocument();
    expect(within(alert as HTMLElement).getByText(/in 10 days/)).toBeInTheDocument();
    expect(within(alert as HTMLElement).queryByText(/Partner-DE-Other-DM/)).not.toBeInTheDocument();
    const row = screen.getByRole('row', { name: /Partner-NL-Acme-SMC/ });
    expect(within(row).getByLabelText('Expires within 30 days, no replacement yet')).toBeInTheDocument();
    const otherRow = screen.getByRole('row', { name: /Partner-DE-Other-DM/ });
    expect(within(otherRow).queryByLabelText(/Expires within 30 days/)).not.toBeInTheDocument();
  });

  it('given one expiring secret without a successor and one with a newer secret beside it, then the banner lists the first and the list marks the second as a rotation in progress, not as expiring', async () => {
    server.use(
      meHandler(),
      listHandler([
        summary({
          clientId: 'Partner-NL-Acme-DM',
          liveSecrets: 2,
          nearestExpiry: { expiresAt: isoDaysFromNow(5), status: 'expiring' },
        }),
        summary({
          clientId: 'PartnerAlternative-NL-Acme-SMC',
          nearestExpiry: { expiresAt: isoDaysFromNow(18), status: 'expiring' },
        }),
      ]),
    );
    renderApp('/');
    const alert = (await screen.findByText('A secret expires within 30 days')).closest('.pf-v6-c-alert');
    expect(
      within(alert as HTMLElement).getByRole('link', { name: 'PartnerAlternative-NL-Acme-SMC' }),
    ).toBeInTheDocument();
    expect(within(alert as HTMLElement).queryByText(/Partner-NL-Acme-DM/)).not.toBeInTheDocument();
    const rotating = screen.getByRole('row', { name: /Partner-NL-Acme-DM/ });
    expect(within(rotating).getByText('Rotation in progress')).toBeInTheDocument();
    expect(within(rotating).queryByLabelText(/Expires within 30 days/)).not.toBeInTheDocument();
    const expiring = screen.getByRole('row', { name: /PartnerAlternative-NL-Acme-SMC/ });
    expect(within(expiring).getByLabelText('Expires within 30 days, no replacement yet')).toBeInTheDocument();
    expect(within(expiring).queryByText('Rotation in progress')).not.toBeInTheDocument();
  });

  it('given a PartnerAlternative application, when the page opens, then it carries the Sandbox label', async () => {
    const base = summary();
    server.use(
      meHandler(),
      listHandler([
        summary({
          clientId: 'PartnerAlternative-NL-Acme-SMC',
          name: { ...base.name, kind: 'PartnerAlternative', sandboxOnly: true },
          liveSecrets: 0,
          nearestExpiry: undefined,
        }),
      ]),
    );
    renderApp('/');
    const row = await screen.findByRole('row', { name: /PartnerAlternative-NL-Acme-SMC/ });
    expect(within(row).getByText('Sandbox')).toBeInTheDocument();
    expect(within(row).getByText('No live secret')).toBeInTheDocument();
  });

  it('given an application with damaged metadata, when an operator opens the list, then its row carries the damaged marker instead of "No live secret"', async () => {
    server.use(
      meHandler(OPERATOR),
      listHandler([
        summary({ liveSecrets: 0, nearestExpiry: undefined, damaged: { attribute: 'credman.secrets' } }),
      ]),
    );
    renderApp('/');
    const row = await screen.findByRole('row', { name: /Partner-NL-Acme-SMC/ });
    expect(within(row).getByText('Damaged records')).toBeInTheDocument();
    expect(within(row).getByText('credman.secrets')).toBeInTheDocument();
    expect(within(row).queryByText('No live secret')).not.toBeInTheDocument();
  });

  it('given more applications than one page, when the next page is chosen, then the server is asked for it', async () => {
    const named = (i: number) => summary({ clientId: `Partner-NL-Acme${String(i).padStart(3, '0')}-SMC` });
    server.use(
      meHandler(OPERATOR),
      http.get('*/api/applications', ({ request }) => {
        const first = Number(new URL(request.url).searchParams.get('first') ?? '0');
        const page = Array.from({ length: Math.min(100, 250 - first) }, (_, i) => named(first + i));
        return HttpResponse.json({ first, hasMore: first + 100 < 250, applications: page });
      }),
    );
    const { user } = renderApp('/');
    await screen.findByRole('link', { name: 'Partner-NL-Acme000-SMC' });
    const pages = screen.getByRole('navigation', { name: 'Pages of applications' });
    await user.click(within(pages).getByRole('button', { name: 'Go to next page' }));

    expect(await screen.findByRole('link', { name: 'Partner-NL-Acme100-SMC' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Partner-NL-Acme000-SMC' })).not.toBeInTheDocument();
    expect(requests.map((r) => r.path)).toContain('/api/applications?max=100&first=100');
    // No total is known, so the pager names the range only.
    expect(within(pages).queryByText(/of/)).not.toBeInTheDocument();
    expect(screen.getAllByText('101 - 200').length).toBeGreaterThan(0);
  });

  it('given a page past the last, then it says so and leads back to the first page', async () => {
    server.use(
      meHandler(OPERATOR),
      http.get('*/api/applications', ({ request }) => {
        const first = Number(new URL(request.url).searchParams.get('first') ?? '0');
        const page = first === 0 ? [summary({ clientId: 'Partner-NL-Acme-SMC' })] : [];
        return HttpResponse.json({ first, hasMore: false, applications: page });
      }),
    );
    const { user } = renderApp('/?page=3');
    expect(await screen.findByRole('heading', { name: 'No more applications' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Back to the first page' }));
    expect(await screen.findByRole('link', { name: 'Partner-NL-Acme-SMC' })).toBeInTheDocument();
    expect(requests.map((r) => r.path)).toContain('/api/applications?max=100&first=200');
  });

  it('given a search term, when Enter is pressed, then the server is asked with it', async () => {
    server.use(meHandler(), listHandler());
    const { user } = renderApp('/');
    const box = await screen.findByRole('textbox', { name: 'Search applications by client ID' });
    await user.type(box, 'acme{Enter}');
    await waitFor(() => {
      expect(requests.map((r) => r.path)).toContain('/api/applications?max=100&search=acme');
    });
  });
});

/** jsdom has no layout, so PatternFly treats it as a narrow screen and collapses the sidebar (aria-hidden). */
const findNavigation = () => screen.findByRole('navigation', { name: 'Main navigation', hidden: true });

describe('navigation by role', () => {
  it('given a credential manager, when the console opens, then there is no operator entry', async () => {
    server.use(meHandler(), listHandler());
    renderApp('/');
    expect(await screen.findByText('Anna Jansen')).toBeInTheDocument();
    const nav = await findNavigation();
    expect(within(nav).getByRole('link', { name: 'Applications', hidden: true })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(
      within(nav).queryByRole('link', { name: 'Create application', hidden: true }),
    ).not.toBeInTheDocument();
  });

  it('given an operator, when the console opens, then the operator entry links to creating applications', async () => {
    server.use(meHandler(OPERATOR), listHandler());
    renderApp('/');
    const nav = await findNavigation();
    expect(
      await within(nav).findByRole('link', { name: 'Create application', hidden: true }),
    ).toHaveAttribute('href', '/operator/applications/new');
  });

  it('given a logged-in user, when Log out is chosen in their menu, then the session ends', async () => {
    server.use(meHandler(), listHandler());
    const { user, session } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'User menu of Anna Jansen' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Log out' }));
    expect(session.logout).toHaveBeenCalledOnce();
  });
});
