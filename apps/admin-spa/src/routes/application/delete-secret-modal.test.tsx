import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  isoDaysFromNow,
  NOW,
  problem,
  secret,
} from '../../testing/fixtures.ts';
import { requests, server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';
import type { Secret } from '@credman/api-contract';
import { formatDateTime } from '../../components/format.ts';
import { useFixedNow } from '../../testing/fixed-now.ts';

useMswServer();

useFixedNow();

const PAGE = `/applications/${CLIENT_ID}`;
const OLD = secret({ id: 'old-id', name: 'Old', hint: 'old', createdAt: isoDaysFromNow(-300) });
const NEW = secret({ id: 'new-id', name: 'New', hint: 'new', createdAt: isoDaysFromNow(-1) });

/** Serves the application; a successful delete removes the secret from later answers, as the sidecar does. */
function serve(secrets: Secret[], onDelete: (force: string | null) => Response) {
  let current = secrets;
  server.use(
    ...applicationSideHandlers(),
    http.get(applicationPath, () => HttpResponse.json(detail(current))),
    http.delete(`${applicationPath}/secrets/:secretId`, ({ request, params }) => {
      const response = onDelete(new URL(request.url).searchParams.get('force'));
      if (response.status === 204) current = current.filter((s) => s.id !== params.secretId);
      return response;
    }),
  );
}

async function openDelete(name: string) {
  const view = renderApp(PAGE);
  await view.user.click(await screen.findByRole('button', { name: `Delete secret ${name}` }));
  const dialog = await screen.findByRole('dialog', { name: new RegExp(`Delete secret "${name}"`) });
  return { ...view, dialog };
}

describe('delete secret', () => {
  it('given two live secrets, when the old one is deleted, then it is confirmed by name and hint and sent', async () => {
    serve([OLD, NEW], () => new HttpResponse(null, { status: 204 }));
    const { dialog, user } = await openDelete('Old');
    expect(within(dialog).getByText('old…')).toBeInTheDocument();
    expect(within(dialog).queryByText("This is the application's only live secret")).not.toBeInTheDocument();
    expect(within(dialog).queryByText('This secret is still in use')).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(
      requests.some((r) => r.method === 'DELETE' && r.path.endsWith('/secrets/old-id?force=false')),
    ).toBe(true);
    // The row and its button are gone; focus lands on the section heading instead of the page body.
    expect(screen.queryByRole('button', { name: 'Delete secret Old' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Secrets' })).toHaveFocus();
  });

  it('given the only live secret, when delete is opened, then the wording warns that nothing will work', async () => {
    serve([OLD], () => new HttpResponse(null, { status: 204 }));
    const { dialog } = await openDelete('Old');
    expect(within(dialog).getByText("This is the application's only live secret")).toBeInTheDocument();
    expect(within(dialog).getByText(/no system can get a token/)).toBeInTheDocument();
  });

  it('given a secret used 2 hours ago, when delete is opened, then it warns that it is still in use', async () => {
    serve([{ ...OLD, lastUsedAt: new Date(NOW - 2 * 3600_000).toISOString() }, NEW], () => {
      return new HttpResponse(null, { status: 204 });
    });
    const { dialog } = await openDelete('Old');
    expect(within(dialog).getByText('This secret is still in use')).toBeInTheDocument();
    expect(within(dialog).queryByText(/Keycloak does not say which/)).not.toBeInTheDocument();
  });

  it('given a login 2 hours ago that Keycloak did not attribute to either live secret, when deleting either, then it warns that it may still be in use', async () => {
    const lastUsedAt = new Date(NOW - 2 * 3600_000).toISOString();
    serve(
      [
        { ...OLD, lastUsedAt, lastUseAmbiguous: true },
        { ...NEW, lastUsedAt, lastUseAmbiguous: true },
      ],
      () => new HttpResponse(null, { status: 204 }),
    );
    const { user } = renderApp(PAGE);
    for (const name of ['Old', 'New']) {
      await user.click(await screen.findByRole('button', { name: `Delete secret ${name}` }));
      const dialog = await screen.findByRole('dialog', { name: new RegExp(`Delete secret "${name}"`) });
      expect(within(dialog).getByText('This secret may still be in use')).toBeInTheDocument();
      expect(within(dialog).queryByText('This secret is still in use')).not.toBeInTheDocument();
      expect(
        within(dialog).getByText(
          `An application login at ${formatDateTime(lastUsedAt)}, within the last 24 hours, used this secret or the other live one; Keycloak does not say which. Systems still using it will fail.`,
        ),
      ).toBeInTheDocument();
      await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      await waitFor(() => {
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      });
    }
  });

  it('given the server reports recent use, when deleting, then "delete anyway" sends force=true', async () => {
    const onDelete = vi.fn((force: string | null) =>
      force === 'true'
        ? new HttpResponse(null, { status: 204 })
        : problem(409, 'secret-recently-used', { detail: 'The secret was used 5 minutes ago.' }),
    );
    serve([OLD, NEW], onDelete);
    const { dialog, user } = await openDelete('Old');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    // The console's own words, never the API's detail (it speaks of request parameters).
    expect(
      await within(dialog).findByText(/Keycloak saw this secret in use within the last 24 hours\./),
    ).toBeInTheDocument();
    expect(within(dialog).queryByText(/The secret was used 5 minutes ago\./)).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Delete anyway' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(onDelete.mock.calls.map(([force]) => force)).toEqual(['false', 'true']);
  });

  it('given the dialog warned that the secret is in use, when Delete is confirmed, then one request with force=true deletes it', async () => {
    const onDelete = vi.fn((force: string | null) =>
      force === 'true'
        ? new HttpResponse(null, { status: 204 })
        : problem(409, 'secret-recently-used', { detail: 'Delete it with force=true.' }),
    );
    serve([{ ...OLD, lastUsedAt: new Date(Date.now() - 2 * 3_600_000).toISOString() }, NEW], onDelete);
    const { dialog, user } = await openDelete('Old');
    expect(within(dialog).getByText('This secret is still in use')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(onDelete.mock.calls.map(([force]) => force)).toEqual(['true']);
  });

  it('given Keycloak is down, when deleting, then the dialog says when to retry', async () => {
    serve([OLD, NEW], () => problem(503, 'keycloak-unavailable', {}, { 'Retry-After': '30' }));
    const { dialog, user } = await openDelete('Old');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByText('Try again in 30 s.')).toBeInTheDocument();
  });
});
