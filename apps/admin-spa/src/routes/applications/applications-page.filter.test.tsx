// The operator's list with the realm scan's columns and filters: the columns show what the scan judged, a filter
// asks the server for it and says how old the scan is, an empty filter says so in its own words; a credential
// manager's list stays as it was.
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ApplicationCondition, ApplicationList } from '@credman/api-contract';
import { formatDate } from '../../components/format.ts';
import { isoDaysFromNow, meHandler, NOW, OPERATOR, summary } from '../../testing/fixtures.ts';
import { requests, server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';
import { useFixedNow } from '../../testing/fixed-now.ts';

useMswServer();
useFixedNow();

const SCAN = { at: new Date(NOW - 3 * 60_000).toISOString(), durationMs: 1200 };

const condition = (fields: Partial<ApplicationCondition> = {}): ApplicationCondition => ({
  managers: 2,
  liveSecrets: 1,
  expiringAt: null,
  expiredAt: null,
  reasons: [],
  ...fields,
});

const FINE = summary({ clientId: 'Partner-NL-Fine-SMC', condition: condition() });
const NONE_LIVE = summary({
  clientId: 'Partner-NL-Empty-SMC',
  liveSecrets: 0,
  condition: condition({
    managers: 1,
    liveSecrets: 0,
    expiredAt: isoDaysFromNow(-3),
    reasons: ['expired', 'no-live-secret', 'fewer-than-two-managers'],
  }),
});
const NEWER = summary({ clientId: 'Partner-NL-Newer-SMC' });

/** The list as the sidecar answers an operator: the filter's rows, or every row. */
function listHandler(
  byFilter: Record<string, ApplicationList['applications']>,
  scan: typeof SCAN | null = SCAN,
) {
  return http.get('*/api/applications', ({ request }) => {
    const filter = new URL(request.url).searchParams.get('filter');
    const applications = filter === null ? [FINE, NONE_LIVE, NEWER] : (byFilter[filter] ?? []);
    return HttpResponse.json({ first: 0, hasMore: false, scan, applications } satisfies ApplicationList);
  });
}

describe('operator list columns', () => {
  it('given a scan, then each row shows its managers and needs, and one the scan has not seen says so', async () => {
    server.use(meHandler(OPERATOR), listHandler({}));
    renderApp('/');
    const table = await screen.findByRole('grid', { name: 'Applications' });
    const empty = within(table).getByRole('row', { name: /Partner-NL-Empty-SMC/ });
    // The last day it worked: a second before the instant the scan keeps (noon here, so the same day).
    expect(within(empty).getByText(`Expired ${formatDate(isoDaysFromNow(-3))}`)).toBeInTheDocument();
    expect(within(empty).getByText('No live secret', { selector: 'li' })).toBeInTheDocument();
    expect(within(empty).getByText('Fewer than two managers')).toBeInTheDocument();
    expect(within(empty).getAllByRole('cell')[6]).toHaveTextContent('1');
    const fine = within(table).getByRole('row', { name: /Partner-NL-Fine-SMC/ });
    expect(within(fine).getByText('Nothing')).toBeInTheDocument();
    const newer = within(table).getByRole('row', { name: /Partner-NL-Newer-SMC/ });
    expect(within(newer).getByText('Not scanned yet')).toBeInTheDocument();
    // Without a filter the list is Keycloak's page, so no scan age is claimed for it.
    expect(screen.queryByTestId('scan-age')).not.toBeInTheDocument();
  });
});

describe('operator list filters', () => {
  it('given a filter is chosen, then the server is asked for it and the scan age shows', async () => {
    server.use(meHandler(OPERATOR), listHandler({ 'no-live-secret': [NONE_LIVE] }));
    const { user } = renderApp('/');
    await screen.findByRole('grid', { name: 'Applications' });
    const filters = screen.getByRole('group', { name: 'Filter by condition' });
    await user.click(within(filters).getByRole('button', { name: 'No live secret' }));

    await waitFor(() => {
      expect(screen.queryByRole('link', { name: 'Partner-NL-Fine-SMC' })).not.toBeInTheDocument();
    });
    expect(screen.getByRole('link', { name: 'Partner-NL-Empty-SMC' })).toBeInTheDocument();
    expect(requests.map((r) => r.path)).toContain('/api/applications?max=100&filter=no-live-secret');
    expect(screen.getByTestId('scan-age')).toHaveTextContent('(3 minutes ago)');
    expect(within(filters).getByRole('button', { name: 'No live secret' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it.each([
    ['expired', 'None: Expired', 'No application was left with only expired secrets at the last realm scan.'],
    ['sandbox', 'None: Sandbox only', 'There was no sandbox-only application at the last realm scan.'],
  ])('given the %s filter finds nothing, then its own empty state shows', async (filter, title, text) => {
    server.use(meHandler(OPERATOR), listHandler({}));
    renderApp(`/?filter=${filter}`);
    expect(await screen.findByRole('heading', { name: title })).toBeInTheDocument();
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('given no scan yet, then a filter says the scan has not completed', async () => {
    server.use(meHandler(OPERATOR), listHandler({}, null));
    renderApp('/?filter=fewer-than-two-managers');
    expect(await screen.findByText('No realm scan yet')).toBeInTheDocument();
    expect(screen.queryByTestId('scan-age')).not.toBeInTheDocument();
  });

  it('given a credential manager, then neither filters nor scan columns, and a filter link is ignored', async () => {
    server.use(
      meHandler(),
      http.get('*/api/applications', () =>
        HttpResponse.json({ first: 0, hasMore: false, applications: [summary()] } satisfies ApplicationList),
      ),
    );
    renderApp('/?filter=expired');
    const table = await screen.findByRole('grid', { name: 'Applications' });
    expect(within(table).queryByRole('columnheader', { name: 'Managers' })).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Filter by condition' })).not.toBeInTheDocument();
    expect(requests.map((r) => r.path)).toContain('/api/applications?max=100');
    expect(requests.some((r) => r.path.includes('filter='))).toBe(false);
  });
});
