import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { bindApiAuth } from '../../api/client.ts';
import type { Manager, ManagerList, UserAccount } from '@credman/api-contract';
import { CLIENT_ID, ONE_MANAGER, applicationPath, problem } from '../../testing/fixtures.ts';
import { requests, server, useMswServer } from '../../testing/msw-server.ts';
import { fakeSession } from '../../testing/render-app.tsx';
import { ManagersSection } from './managers-section.tsx';

useMswServer();

beforeEach(() => {
  bindApiAuth({ ...fakeSession(), sessionEnded: () => undefined });
});

const ANNA = ONE_MANAGER.managers[0]!;
const BOB: Manager = {
  id: 'u-bob',
  username: 'bob',
  name: 'Bob Bakker',
  email: 'bob@example.test',
  emailVerified: true,
  via: 'direct',
};
const GROUP_MEMBER: Manager = {
  ...BOB,
  id: 'u-gina',
  username: 'gina',
  name: 'Gina Group',
  via: 'group:/partners/acme',
};
const TWO_MANAGERS: ManagerList = { managers: [ANNA, GROUP_MEMBER], warnings: [] };

const account = (manager: Manager, emailVerified = true): UserAccount => ({
  id: manager.id,
  username: manager.username,
  name: manager.name,
  email: manager.email,
  emailVerified,
});
const UNVERIFIED: UserAccount = {
  id: 'u-una',
  username: 'una',
  name: 'Una Unverified',
  email: 'una@example.test',
  emailVerified: false,
};

function renderSection(canEdit: boolean, selfId?: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const user = userEvent.setup({ delay: null });
  render(
    <QueryClientProvider client={queryClient}>
      <ManagersSection clientId={CLIENT_ID} canEdit={canEdit} selfId={selfId} />
    </QueryClientProvider>,
  );
  return { user };
}

const serveManagers = (list: ManagerList) =>
  http.get(`${applicationPath}/managers`, () => HttpResponse.json(list));

const managersTable = () => screen.findByRole('grid', { name: 'Credential managers' });

async function search(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.type(screen.getByRole('searchbox', { name: 'Find users' }), text);
  await user.click(screen.getByRole('button', { name: 'Search' }));
}

describe('ManagersSection', () => {
  it('given the list is loading, then a spinner says so', async () => {
    server.use(serveManagers(TWO_MANAGERS));
    renderSection(false);
    expect(screen.getByRole('progressbar', { name: 'Loading credential managers' })).toBeInTheDocument();
    await managersTable();
  });

  it('given the list cannot be loaded, then the problem is shown with the retry hint', async () => {
    server.use(
      http.get(`${applicationPath}/managers`, () =>
        problem(503, 'keycloak-unavailable', {}, { 'Retry-After': '7' }),
      ),
    );
    renderSection(false);
    expect(await screen.findByText('The credential managers could not be loaded')).toBeInTheDocument();
    expect(screen.getByText('Keycloak is unavailable. Try again in 7 s.')).toBeInTheDocument();
  });

  it('given a manager (not an operator), then the list is read-only and the warning asks for an operator', async () => {
    server.use(serveManagers(ONE_MANAGER));
    renderSection(false);
    const table = await managersTable();
    expect(within(table).getByText('Anna Jansen')).toBeInTheDocument();
    expect(within(table).getByText('anna@example.test')).toBeInTheDocument();
    expect(within(table).getByText('Direct')).toBeInTheDocument();
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
    expect(screen.getByText('Fewer than two credential managers')).toBeInTheDocument();
    expect(screen.getByText(/Ask an operator to add a second manager/)).toBeInTheDocument();
  });

  it('given no manager at all, then the table is replaced by a sentence and the warning says nobody can rotate', async () => {
    server.use(serveManagers({ managers: [], warnings: ['fewer-than-two-managers'] }));
    renderSection(true);
    expect(await screen.findByText('This application has no credential managers.')).toBeInTheDocument();
    expect(screen.getByText(/Nobody can rotate the secrets/)).toBeInTheDocument();
  });

  it('given two managers, one through a group, then there is no warning and only the direct one can be removed here', async () => {
    server.use(serveManagers(TWO_MANAGERS));
    renderSection(true);
    const table = await managersTable();
    expect(screen.queryByText('Fewer than two credential managers')).not.toBeInTheDocument();
    expect(within(table).getByText('Group /partners/acme')).toBeInTheDocument();
    expect(
      within(table).getByRole('button', { name: 'Remove Anna Jansen as credential manager' }),
    ).toBeEnabled();
    expect(within(table).queryByRole('button', { name: /Remove Gina Group/ })).not.toBeInTheDocument();
    expect(within(table).getByText('Change the group in Keycloak to remove')).toBeInTheDocument();
  });

  it('given an operator, when a manager is removed, then the new list and the warning come from the answer', async () => {
    server.use(
      serveManagers(TWO_MANAGERS),
      http.delete(`${applicationPath}/managers/:userId`, ({ params }) =>
        params.userId === ANNA.id
          ? HttpResponse.json({ managers: [GROUP_MEMBER], warnings: ['fewer-than-two-managers'] })
          : problem(404, 'not-found'),
      ),
    );
    const { user } = renderSection(true);
    await user.click(await screen.findByRole('button', { name: 'Remove Anna Jansen as credential manager' }));
    // Removing asks first.
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Remove' }));
    await waitFor(() => {
      expect(screen.queryByText('Anna Jansen')).not.toBeInTheDocument();
    });
    expect(screen.getByText('Fewer than two credential managers')).toBeInTheDocument();
    expect(requests.some((request) => request.method === 'DELETE')).toBe(true);
  });

  it('given an operator, when removing is refused, then the reason is shown', async () => {
    server.use(
      serveManagers(TWO_MANAGERS),
      http.delete(`${applicationPath}/managers/:userId`, () =>
        problem(400, 'validation-failed', {
          errors: [
            { field: 'userId', reason: 'managed-through-group', message: 'Anna manages through a group.' },
          ],
        }),
      ),
    );
    const { user } = renderSection(true);
    await user.click(await screen.findByRole('button', { name: 'Remove Anna Jansen as credential manager' }));
    // Removing asks first.
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Remove' }));
    expect(await screen.findByText('The manager was not removed')).toBeInTheDocument();
    expect(screen.getByText('Anna manages through a group.')).toBeInTheDocument();
  });

  it('given a search, then verified users can be added, unverified ones say why not, and managers are marked', async () => {
    server.use(
      serveManagers(ONE_MANAGER),
      http.get('*/api/users', ({ request }) => {
        expect(new URL(request.url).searchParams.get('search')).toBe('b');
        return HttpResponse.json({ users: [account(ANNA), account(BOB), UNVERIFIED], first: 0, max: 20 });
      }),
    );
    const { user } = renderSection(true);
    await managersTable();
    await search(user, ' b ');
    const results = await screen.findByRole('grid', { name: 'Matching users' });
    expect(within(results).getByText('Already a manager')).toBeInTheDocument();
    expect(
      within(results).getByRole('button', { name: 'Add Bob Bakker as credential manager' }),
    ).toBeEnabled();
    expect(within(results).getByText('Cannot be added: no verified email address')).toBeInTheDocument();
    expect(within(results).queryByRole('button', { name: /Una Unverified/ })).not.toBeInTheDocument();
  });

  it('given the operator finds themselves, then they are not offered and the row says another operator must add them', async () => {
    server.use(
      serveManagers(ONE_MANAGER),
      http.get('*/api/users', () => HttpResponse.json({ users: [account(BOB)], first: 0, max: 20 })),
    );
    const { user } = renderSection(true, BOB.id);
    await managersTable();
    await search(user, 'bob');
    const results = await screen.findByRole('grid', { name: 'Matching users' });
    expect(
      within(results).getByText('You cannot add yourself; another operator can add you'),
    ).toBeInTheDocument();
    expect(within(results).queryByRole('button', { name: /Add Bob Bakker/ })).not.toBeInTheDocument();
  });

  it('given a search without matches, then it says so', async () => {
    server.use(
      serveManagers(ONE_MANAGER),
      http.get('*/api/users', () => HttpResponse.json({ users: [], first: 0, max: 20 })),
    );
    const { user } = renderSection(true);
    await managersTable();
    await search(user, 'zed');
    expect(await screen.findByText('No user matches “zed”.')).toBeInTheDocument();
  });

  it('given the user search fails, then the problem is shown', async () => {
    server.use(
      serveManagers(ONE_MANAGER),
      http.get('*/api/users', () => problem(429, 'rate-limited', {}, { 'Retry-After': '30' })),
    );
    const { user } = renderSection(true);
    await managersTable();
    await search(user, 'bob');
    expect(await screen.findByText('The users could not be searched')).toBeInTheDocument();
    expect(screen.getByText('Too many changes. Try again in 30 s.')).toBeInTheDocument();
  });

  it('given an operator, when bob is added, then he is listed, the warning goes and the success is announced', async () => {
    server.use(
      serveManagers(ONE_MANAGER),
      http.get('*/api/users', () => HttpResponse.json({ users: [account(BOB)], first: 0, max: 20 })),
      http.put(`${applicationPath}/managers/:userId`, ({ params }) =>
        params.userId === BOB.id
          ? HttpResponse.json({ managers: [ANNA, BOB], warnings: [] })
          : problem(404, 'not-found'),
      ),
    );
    const { user } = renderSection(true);
    await managersTable();
    expect(screen.getByText('Fewer than two credential managers')).toBeInTheDocument();
    await search(user, 'bob');
    await user.click(await screen.findByRole('button', { name: 'Add Bob Bakker as credential manager' }));
    expect(await screen.findByText('Bob Bakker is now a credential manager')).toBeInTheDocument();
    expect(within(await managersTable()).getByText('Bob Bakker')).toBeInTheDocument();
    expect(screen.queryByText('Fewer than two credential managers')).not.toBeInTheDocument();
  });

  it('given the API refuses a user without a verified email, then its reason is shown', async () => {
    server.use(
      serveManagers(ONE_MANAGER),
      http.get('*/api/users', () => HttpResponse.json({ users: [account(BOB)], first: 0, max: 20 })),
      http.put(`${applicationPath}/managers/:userId`, () =>
        problem(400, 'validation-failed', {
          errors: [
            {
              field: 'userId',
              reason: 'email-not-verified',
              message: 'Bob has not verified an email address.',
            },
          ],
        }),
      ),
    );
    const { user } = renderSection(true);
    await managersTable();
    await search(user, 'bob');
    await user.click(await screen.findByRole('button', { name: 'Add Bob Bakker as credential manager' }));
    expect(await screen.findByText('The manager was not added')).toBeInTheDocument();
    expect(screen.getByText('Bob has not verified an email address.')).toBeInTheDocument();
  });
});
