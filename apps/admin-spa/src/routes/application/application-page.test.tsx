import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse, delay } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  isoDaysFromNow,
  MANAGER,
  OPERATOR,
  problem,
  secret,
} from '../../testing/fixtures.ts';
import { server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';
import type { ApplicationDetail } from '@credman/api-contract';
import { formatDateTime } from '../../components/format.ts';
import { useFixedNow } from '../../testing/fixed-now.ts';

useMswServer();

useFixedNow();

const PAGE = `/applications/${CLIENT_ID}`;

function serve(application: ApplicationDetail, me = applicationSideHandlers()) {
  server.use(
    ...me,
    http.get(applicationPath, () => HttpResponse.json(application)),
  );
}

const secretsTable = () => screen.findByRole('grid', { name: 'Secrets' });

const createEnabled = () =>
  waitFor(() => {
    expect(screen.getByRole('button', { name: 'Create secret' })).not.toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

describe('application page', () => {
  it('given an application, when it opens, then it shows how to get a token with a placeholder secret', async () => {
    serve(detail([secret()]));
    renderApp(PAGE);

    // The first render transforms the lazy page: slow on a loaded machine.
    expect(
      await screen.findByRole('heading', { level: 1, name: CLIENT_ID }, { timeout: 30_000 }),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('Token endpoint', {}, { timeout: 30_000 })).toHaveTextContent(
      'https://login.example.test/realms/partners/protocol/openid-connect/token',
    );
    expect(screen.getByRole('button', { name: 'Copy the token endpoint' })).toBeInTheDocument();
    // The README's form: HTTP Basic, and scope with the application's permissions.
    const curl = screen.getByText(/curl -s/);
    expect(curl.textContent).toContain('-u "Partner-NL-Acme-SMC:$CLIENT_SECRET"');
    expect(curl.textContent).toContain('grant_type=client_credentials');
    expect(curl.textContent).toContain("-d scope='smc.production smc.sandbox'");
    expect(screen.getByText(/names the permissions the token carries/)).toBeInTheDocument();
    const permissions = screen.getByRole('list', { name: 'Permissions' });
    expect(within(permissions).getByText('smc.production')).toBeInTheDocument();
    expect(within(permissions).getByText('smc.sandbox')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Credential managers' })).toBeInTheDocument();
    expect(await screen.findByText('Nothing has happened yet.')).toBeInTheDocument();
  });

  it('given the application has not answered, when it opens, then a loading indicator shows', async () => {
    server.use(
      ...applicationSideHandlers(),
      http.get(applicationPath, async () => {
        await delay('infinite');
        return HttpResponse.json(detail([]));
      }),
    );
    renderApp(PAGE);
    expect(await screen.findByRole('progressbar', { name: 'Loading the application' })).toBeInTheDocument();
  });

  it('given an application that is not the user’s, when it opens, then it says not found or not yours and leads back instead of offering Retry', async () => {
    server.use(
      ...applicationSideHandlers(),
      http.get(applicationPath, () => problem(404, 'not-found')),
    );
    renderApp(PAGE);
    expect(await screen.findByRole('heading', { name: 'Application not found' })).toBeInTheDocument();
    expect(screen.getByText(/you are not one of its credential managers/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the applications' })).toHaveAttribute('href', '/');
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('given an operator who manages nothing on an application without secrets, then the wording neither tells them to add themselves nor to create a secret', async () => {
    serve(detail([]), applicationSideHandlers({ ...OPERATOR, managedClientIds: [] }));
    renderApp(PAGE);
    expect(
      await screen.findByText(/ask another operator to make you a credential manager/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Add yourself as a manager/)).not.toBeInTheDocument();
    expect(screen.getByText(/Until its credential managers create one/)).toBeInTheDocument();
    expect(screen.queryByText(/Create one so your systems can get tokens/)).not.toBeInTheDocument();
  });

  it('given an operator on an unknown application, then it says there is none, not that they do not manage it', async () => {
    server.use(
      ...applicationSideHandlers(OPERATOR),
      http.get(applicationPath, () => problem(404, 'not-found')),
    );
    renderApp(PAGE);
    expect(
      await screen.findByText(`There is no application ${CLIENT_ID}.`, { exact: false }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/credential managers/)).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the applications' })).toBeInTheDocument();
  });

  it('given damaged metadata, when it opens, then the 409 reads as damaged records with what to do', async () => {
    server.use(
      ...applicationSideHandlers(OPERATOR),
      http.get(applicationPath, () =>
        problem(409, 'metadata-damaged', {
          detail: `The attribute credman.secrets of the application ${CLIENT_ID} cannot be read; an operator must repair it in Keycloak.`,
        }),
      ),
    );
    renderApp(PAGE);
    expect(await screen.findByText("This application's credman records are damaged")).toBeInTheDocument();
    expect(screen.getByText(/The attribute credman.secrets .* cannot be read/)).toHaveTextContent(
      /Operators repair or remove the attribute in Keycloak's admin console/,
    );
  });

  it('given a secret with name, hint, creator and last use, when it opens, then the row shows them', async () => {
    serve(detail([secret({ name: 'Primary', lastUsedAt: isoDaysFromNow(-3) })]));
    renderApp(PAGE);
    const table = await secretsTable();
    const row = within(table).getByRole('row', { name: /Primary/ });
    expect(within(row).getByText('abc…')).toBeInTheDocument();
    expect(within(row).getByText(/by Anna Jansen/)).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(within(row).getByText(/in 200 days/)).toBeInTheDocument();
    expect(within(row).queryByText('No use seen yet')).not.toBeInTheDocument();
    expect(within(row).queryByText(/Keycloak does not say/)).not.toBeInTheDocument();
  });

  it('given two live secrets with a login Keycloak did not attribute, when it opens, then both rows say it may have been either', async () => {
    const lastUsedAt = isoDaysFromNow(-1);
    serve(
      detail([
        secret({
          id: 'old',
          name: 'Old',
          createdAt: isoDaysFromNow(-100),
          lastUsedAt,
          lastUseAmbiguous: true,
        }),
        secret({ id: 'new', name: 'New', createdAt: isoDaysFromNow(-2), lastUsedAt, lastUseAmbiguous: true }),
      ]),
    );
    renderApp(PAGE);
    const table = await secretsTable();
    for (const name of ['Old', 'New']) {
      const row = within(table).getByRole('row', { name: new RegExp(`^${name} `) });
      expect(
        within(row).getByText(
          `Possibly ${formatDateTime(lastUsedAt)}: a login while two secrets were live, and Keycloak did not say which one it used`,
        ),
      ).toBeInTheDocument();
    }
  });

  it('given an expiring secret, when it opens, then its status carries the warning', async () => {
    serve(detail([secret({ status: 'expiring', expiresAt: isoDaysFromNow(12) })]));
    renderApp(PAGE);
    const row = within(await secretsTable()).getByRole('row', { name: /Secret by Anna Jansen/ });
    expect(within(row).getByText('Expiring soon')).toBeInTheDocument();
    expect(within(row).getByText(/in 12 days/)).toBeInTheDocument();
  });

  it('given an expired and a deleted secret, when it opens, then the expired row is greyed and the deleted one is history', async () => {
    serve(
      detail([
        secret({ id: 'old', name: 'Old one', status: 'expired', expiresAt: isoDaysFromNow(-2) }),
        secret({ id: 'gone', name: 'Gone one', status: 'deleted', endedAt: isoDaysFromNow(-20) }),
      ]),
    );
    const { user } = renderApp(PAGE);
    const row = within(await secretsTable()).getByRole('row', { name: /Old one/ });
    expect(row).toHaveClass('credman-row-ended');
    expect(within(row).getByText('Expired')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    expect(screen.getByText('Gone one')).not.toBeVisible();

    await user.click(screen.getByRole('button', { name: 'History (1 ended secret)' }));
    const history = screen.getByRole('grid', { name: 'Ended secrets' });
    expect(within(history).getByText('Gone one')).toBeInTheDocument();
    expect(within(history).getByText('Deleted')).toBeInTheDocument();
  });

  it('given two live secrets, when it opens, then creating is disabled with the reason', async () => {
    serve(detail([secret({ id: 'a', name: 'First' }), secret({ id: 'b', name: 'Second', hint: 'xyz' })]));
    renderApp(PAGE);
    await secretsTable();
    const create = screen.getByRole('button', { name: 'Create secret' });
    expect(create).toHaveAttribute('aria-disabled', 'true');
    expect(create).toHaveAccessibleDescription(/two live secrets, the most it can hold\. Delete one first/);
  });

  it('given one live secret, when it opens, then creating is enabled', async () => {
    serve(detail([secret()]));
    renderApp(PAGE);
    await secretsTable();
    await createEnabled();
  });

  it('given a manager added after login (the token lacks the role), when it opens, then they may create secrets', async () => {
    serve(detail([secret()]), applicationSideHandlers({ ...MANAGER, managedClientIds: [] }));
    renderApp(PAGE);
    await secretsTable();
    await createEnabled();
  });

  it('given an audit trail, when it opens, then the entries are listed', async () => {
    server.use(
      http.get(`${applicationPath}/audit`, () =>
        HttpResponse.json({
          entries: [
            {
              at: isoDaysFromNow(-1),
              action: 'created',
              actor: { id: 'u-anna', username: 'anna', name: 'Anna Jansen' },
              secret: { id: 's', name: 'Secret by Anna Jansen', hint: 'abc' },
            },
          ],
        }),
      ),
      ...applicationSideHandlers(),
      http.get(applicationPath, () => HttpResponse.json(detail([secret()]))),
    );
    renderApp(PAGE);
    const audit = await screen.findByRole('grid', { name: 'Audit history' });
    const row = within(audit).getByRole('row', { name: /Secret created/ });
    expect(within(row).getByText('Anna Jansen')).toBeInTheDocument();
    expect(within(row).getByText('Secret by Anna Jansen (abc…)')).toBeInTheDocument();
  });

  it('given a manager change in the audit, then the person concerned shows by full name like the actor, or by username in an old entry', async () => {
    server.use(
      http.get(`${applicationPath}/audit`, () =>
        HttpResponse.json({
          entries: [
            {
              at: isoDaysFromNow(-1),
              action: 'manager-added',
              actor: { id: 'u-olivia', username: 'olivia', name: 'Olivia Operator' },
              subject: { id: 'u-nora', username: 'nora', name: 'Nora Nowak' },
            },
            {
              at: isoDaysFromNow(-2),
              action: 'manager-removed',
              actor: { id: 'u-olivia', username: 'olivia', name: 'Olivia Operator' },
              subject: { id: 'u-bob', username: 'bob' },
            },
          ],
        }),
      ),
      ...applicationSideHandlers(),
      http.get(applicationPath, () => HttpResponse.json(detail([secret()]))),
    );
    renderApp(PAGE);
    const audit = await screen.findByRole('grid', { name: 'Audit history' });
    const added = within(audit).getByRole('row', { name: /Manager added/ });
    expect(within(added).getByText('Nora Nowak')).toBeInTheDocument();
    expect(within(added).queryByText('nora')).toBeNull();
    expect(
      within(within(audit).getByRole('row', { name: /Manager removed/ })).getByText('bob'),
    ).toBeInTheDocument();
  });

  it('given an operator, when it opens, then the managers section offers editing', async () => {
    serve(detail([secret()]), applicationSideHandlers(OPERATOR));
    renderApp(PAGE);
    await secretsTable();
    // The operator's add-manager form belongs to the managers section (src/routes/operator/).
    expect(await screen.findByRole('heading', { level: 2, name: 'Credential managers' })).toBeInTheDocument();
  });
});

describe('application page: last use per secret and the Keycloak extension', () => {
  it('given stock Keycloak (no extension), then a note where last use is shown says what credman cannot tell', async () => {
    serve(detail([secret({ name: 'Primary' })], { lastUseAttribution: 'none' }));
    renderApp(PAGE);
    await secretsTable();
    expect(screen.getByTestId('last-use-attribution-note')).toHaveTextContent(
      "credman's Keycloak extension is not installed, so Keycloak does not say which secret a login used",
    );
    // One wording in the table and the guide for a secret nobody used.
    const row = within(await secretsTable()).getByRole('row', { name: /Primary/ });
    expect(within(row).getByText('No use seen yet')).toBeInTheDocument();
    expect(screen.getByText('"Primary": no use seen yet.')).toBeInTheDocument();
  });

  it('given the extension, then no note, and each row shows its token requests and addresses', async () => {
    serve(
      detail(
        [
          secret({
            name: 'Primary',
            lastUsedAt: isoDaysFromNow(0),
            lastUseAmbiguous: false,
            usage: {
              last24Hours: 3,
              last7Days: 12,
              addresses: ['203.0.113.7', '198.51.100.2'],
              ambiguous: false,
              truncated: false,
            },
          }),
        ],
        { lastUseAttribution: 'extension' },
      ),
    );
    renderApp(PAGE);
    const row = within(await secretsTable()).getByRole('row', { name: /Primary/ });
    expect(
      within(row).getByText('3 token requests in 24 h, 12 in 7 days, from 203.0.113.7, 198.51.100.2'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('last-use-attribution-note')).toBeNull();
  });

  it('given a deleted secret still presented, then its history row carries the mark', async () => {
    const user = userEvent.setup();
    serve(
      detail([
        secret({ name: 'Current' }),
        secret({
          id: 'gone',
          name: 'Prod 2025',
          status: 'deleted',
          endedAt: isoDaysFromNow(-2),
          retiredUse: {
            firstAt: isoDaysFromNow(-1),
            lastAt: isoDaysFromNow(0),
            count: 14,
            addresses: ['203.0.113.7'],
          },
        }),
      ]),
    );
    renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'History (1 ended secret)' }));
    const mark = await screen.findByTestId('retired-use-gone');
    expect(mark).toHaveTextContent('Still presented');
    expect(mark).toHaveTextContent(
      `Keycloak refused it 14 times since ${formatDateTime(isoDaysFromNow(-1))} from 203.0.113.7`,
    );
  });

  it('given a login Keycloak did not attribute, when the manager confirms, then the sidecar is told and the guide moves on', async () => {
    const user = userEvent.setup();
    const lastUsedAt = isoDaysFromNow(0);
    const older = secret({
      id: 'old',
      name: 'Old',
      createdAt: isoDaysFromNow(-100),
      expiresAt: isoDaysFromNow(20),
    });
    const newer = secret({
      id: 'new',
      name: 'New',
      createdAt: isoDaysFromNow(-2),
      expiresAt: isoDaysFromNow(300),
      lastUsedAt,
      lastUseAmbiguous: true,
    });
    let confirmed = false;
    server.use(
      ...applicationSideHandlers(),
      http.get(applicationPath, () =>
        HttpResponse.json(
          detail(
            [
              older,
              confirmed ? { ...newer, useConfirmedAt: lastUsedAt, useConfirmedBy: newer.createdBy } : newer,
            ],
            {
              lastUseAttribution: 'none',
            },
          ),
        ),
      ),
      http.post(`${applicationPath}/secrets/new/use-confirmation`, () => {
        confirmed = true;
        return HttpResponse.json({ ...newer, useConfirmedAt: lastUsedAt });
      }),
    );
    renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'All our systems use "New"' }));
    await waitFor(() => {
      expect(document.querySelector('[aria-current="step"]')).toHaveTextContent('4. Delete the old secret');
    });
    expect(confirmed).toBe(true);
    expect(screen.getByText(/Anna Jansen confirmed on .* that the systems use "New"/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'All our systems use "New"' })).toBeNull();
  });
});
