// What a manager is told when the page was stale (another manager deleted a secret after it was loaded), and the
// confirmations of edits and deletions, as toasts; the dialogs open with the focus on their first field.
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { AuditTrail, Secret } from '@credman/api-contract';
import {
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  isoDaysFromNow,
  problem,
  secret,
} from '../../testing/fixtures.ts';
import { useFixedNow } from '../../testing/fixed-now.ts';
import { server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';

useMswServer();
useFixedNow();

const PAGE = `/applications/${CLIENT_ID}`;
const BILLING = secret({ id: 'billing-id', name: 'Billing', hint: 'bil' });
const OTHER = secret({ id: 'other-id', name: 'Other', hint: 'oth' });
const BOB = { id: 'u-bob', username: 'bob', name: 'Bob Builder' };
/** The page's lazy chunk is transformed on first use: on a loaded machine that takes longer than the default. */
const FIRST_RENDER = { timeout: 30_000 };

/**
 * The page loads with Billing and Other; by the time the manager acts, Bob has deleted Billing: the sidecar
 * answers 404 secret-not-found and from then on serves Other only, with Bob's deletion in the audit trail.
 */
function serveDeletedMeanwhile() {
  let secrets: Secret[] = [BILLING, OTHER];
  let audit: AuditTrail = { entries: [] };
  const gone = () => {
    secrets = [OTHER];
    audit = {
      entries: [
        {
          at: isoDaysFromNow(0),
          action: 'deleted',
          actor: BOB,
          secret: { id: BILLING.id, name: BILLING.name, hint: BILLING.hint },
        },
      ],
    };
    return problem(404, 'secret-not-found', { detail: 'No such live secret.' });
  };
  server.use(
    // Before the side handlers: msw answers with the first handler that matches.
    http.get(`${applicationPath}/audit`, () => HttpResponse.json(audit)),
    ...applicationSideHandlers(),
    http.get(applicationPath, () => HttpResponse.json(detail(secrets))),
    http.patch(`${applicationPath}/secrets/:secretId`, gone),
    http.delete(`${applicationPath}/secrets/:secretId`, gone),
  );
}

async function expectToldDeletedByBob() {
  const toasts = await screen.findByRole('list', { name: 'Notifications' });
  expect(
    await within(toasts).findByText('Secret "Billing" was already deleted by Bob Builder'),
  ).toBeInTheDocument();
  expect(screen.queryByText('Application not found or not yours')).not.toBeInTheDocument();
  expect(screen.queryByText(/not one of its credential managers/)).not.toBeInTheDocument();
  await waitFor(() => {
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
  const table = screen.getByRole('grid', { name: 'Secrets' });
  await waitFor(() => {
    expect(within(table).queryByText('Billing')).not.toBeInTheDocument();
  });
  expect(within(table).getByText('Other')).toBeInTheDocument();
}

describe('a page that went stale', () => {
  it('given Bob deleted the secret meanwhile, when Save is pressed in its Edit dialog, then it says so, naming Bob, and the row goes', async () => {
    serveDeletedMeanwhile();
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Edit secret Billing' }, FIRST_RENDER));
    const dialog = await screen.findByRole('dialog', { name: 'Edit secret "Billing"' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await expectToldDeletedByBob();
  });

  it('given Bob deleted the secret meanwhile, when it is deleted, then it says so, naming Bob, and the row goes', async () => {
    serveDeletedMeanwhile();
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Delete secret Billing' }, FIRST_RENDER));
    const dialog = await screen.findByRole('dialog', { name: /Delete secret "Billing"/ });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await expectToldDeletedByBob();
  });

  it('given the trail cannot say who, then it still says the secret was deleted, not that the application is unknown', async () => {
    serveDeletedMeanwhile();
    server.use(http.get(`${applicationPath}/audit`, () => problem(503, 'keycloak-unavailable')));
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Delete secret Billing' }, FIRST_RENDER));
    const dialog = await screen.findByRole('dialog', { name: /Delete secret "Billing"/ });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Secret "Billing" was already deleted')).toBeInTheDocument();
    expect(screen.queryByText('Application not found or not yours')).not.toBeInTheDocument();
  });
});

describe('confirmations and dialog focus', () => {
  function serveBilling() {
    let secrets: Secret[] = [BILLING, OTHER];
    server.use(
      ...applicationSideHandlers(),
      http.get(applicationPath, () => HttpResponse.json(detail(secrets))),
      http.patch(`${applicationPath}/secrets/:secretId`, async ({ request }) => {
        const { name } = (await request.json()) as { name: string };
        secrets = [{ ...BILLING, name }, OTHER];
        return HttpResponse.json({ ...BILLING, name });
      }),
      http.delete(`${applicationPath}/secrets/:secretId`, () => {
        secrets = [OTHER];
        return new HttpResponse(null, { status: 204 });
      }),
    );
  }

  it('given an edit, then the dialog opens on its Name field and a toast confirms the save', async () => {
    serveBilling();
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Edit secret Billing' }, FIRST_RENDER));
    const dialog = await screen.findByRole('dialog', { name: 'Edit secret "Billing"' });
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await waitFor(() => {
      expect(name).toHaveFocus();
    });
    // Typed at once: a Space goes into the name instead of closing the dialog.
    await user.keyboard('{End} 2');
    expect(name).toHaveValue('Billing 2');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    const toasts = await screen.findByRole('list', { name: 'Notifications' });
    expect(await within(toasts).findByText('Secret "Billing 2" saved')).toBeInTheDocument();
  });

  it('given a deletion, then the dialog opens on Cancel and a toast confirms the deletion', async () => {
    serveBilling();
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Delete secret Billing' }, FIRST_RENDER));
    const dialog = await screen.findByRole('dialog', { name: /Delete secret "Billing"/ });
    await waitFor(() => {
      expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    const toasts = await screen.findByRole('list', { name: 'Notifications' });
    expect(await within(toasts).findByText('Secret "Billing" deleted')).toBeInTheDocument();
  });

  it('given the Create dialog, then it opens on its Name field', async () => {
    serveBilling();
    server.use(http.get(applicationPath, () => HttpResponse.json(detail([BILLING]))));
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Create secret' }, FIRST_RENDER));
    const dialog = await screen.findByRole('dialog', { name: 'Create a secret' });
    await waitFor(() => {
      expect(within(dialog).getByRole('textbox', { name: /Name/ })).toHaveFocus();
    });
  });

  it('given the application page, then the tab is titled after it and breadcrumbs lead back to the applications', async () => {
    serveBilling();
    renderApp(PAGE);
    await screen.findByRole('button', { name: 'Edit secret Billing' }, FIRST_RENDER);
    expect(document.title).toBe(`${CLIENT_ID} - credman`);
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(within(crumbs).getByRole('link', { name: 'Applications' })).toHaveAttribute('href', '/');
  });
});
