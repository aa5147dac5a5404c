import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  MANAGER,
  meHandler,
  NOW,
  problem,
  secret,
} from '../../testing/fixtures.ts';
import { server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';
import type { CreatedSecret } from '@credman/api-contract';
import { expiryBounds } from '@credman/domain';
import { useFixedNow } from '../../testing/fixed-now.ts';

useMswServer();

useFixedNow();

const PAGE = `/applications/${CLIENT_ID}`;
const SECRET_VALUE = 'xQ7-very-secret-value-0123456789abcdef';

/** Serves the application; after a successful create, the detail includes the new secret (metadata only). */
function serveApplication(onCreate: (body: unknown) => Response | Promise<Response>) {
  let created = false;
  server.use(
    ...applicationSideHandlers(),
    http.get(applicationPath, () =>
      HttpResponse.json(
        detail(created ? [secret(), secret({ id: 'new', name: 'Rotation', hint: 'xQ7' })] : [secret()]),
      ),
    ),
    http.post(`${applicationPath}/secrets`, async ({ request }) => {
      const response = await onCreate(await request.json());
      created = response.status === 201;
      return response;
    }),
  );
}

const createdAnswer = (): CreatedSecret => ({
  secret: secret({ id: 'new', name: 'Rotation', hint: 'xQ7' }),
  value: SECRET_VALUE,
});

async function openCreateModal() {
  const view = renderApp(PAGE);
  const button = await screen.findByRole('button', { name: 'Create secret' });
  await waitFor(() => {
    expect(button).not.toHaveAttribute('aria-disabled', 'true');
  });
  await view.user.click(button);
  const dialog = await screen.findByRole('dialog', { name: 'Create a secret' });
  return { ...view, dialog };
}

describe('create secret', () => {
  it('given the form opens, then the name is prefilled and the date defaults to the latest allowed', async () => {
    serveApplication(() => HttpResponse.json(createdAnswer(), { status: 201 }));
    const { dialog } = await openCreateModal();
    expect(within(dialog).getByRole('textbox', { name: /Name/ })).toHaveValue('Secret by Anna Jansen');
    // NOW is 2026-03-10: the latest allowed expiry is the same date a year later, the earliest tomorrow.
    expect(within(dialog).getByRole('textbox', { name: 'Expires on' })).toHaveValue('2027-03-10');
    expect(within(dialog).getByText(/Between 2026-03-11 and 2027-03-10/)).toBeInTheDocument();
  });

  it("given the server's policy (zone, 90-day maximum) in /api/me, then the picker offers exactly its bounds", async () => {
    serveApplication(() => HttpResponse.json(createdAnswer(), { status: 201 }));
    const policy = { zone: 'Pacific/Auckland', maxValidityDays: 90 };
    server.use(meHandler({ ...MANAGER, expiryPolicy: policy }));
    const bounds = expiryBounds(NOW, policy);
    const { dialog } = await openCreateModal();
    expect(within(dialog).getByRole('textbox', { name: 'Expires on' })).toHaveValue(bounds.latest);
    expect(bounds.latest).not.toBe('2027-03-10');
    expect(
      within(dialog).getByText(new RegExp(`Between ${bounds.earliest} and ${bounds.latest}`)),
    ).toBeInTheDocument();
  });

  it('given an impossible date typed (2026-04-31), when the field is left, then it says so and gives no lifetime advice', async () => {
    const onCreate = vi.fn(() => HttpResponse.json(createdAnswer(), { status: 201 }));
    serveApplication(onCreate);
    const { dialog, user } = await openCreateModal();
    const field = within(dialog).getByRole('textbox', { name: 'Expires on' });
    await user.clear(field);
    // Date.parse would take it as 1 May: "This secret lasts only 52 days" and no complaint until Create.
    await user.type(field, '2026-04-31');
    await user.tab();
    expect(await within(dialog).findByText('2026-04-31 is not a date in the calendar.')).toBeInTheDocument();
    expect(within(dialog).queryByTestId('short-lifetime-advice')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('given an empty name, when submitted, then the domain rule message shows and nothing is sent', async () => {
    const onCreate = vi.fn(() => HttpResponse.json(createdAnswer(), { status: 201 }));
    serveApplication(onCreate);
    const { dialog, user } = await openCreateModal();
    await user.clear(within(dialog).getByRole('textbox', { name: /Name/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('Give the secret a name.')).toBeInTheDocument();
    expect(onCreate).not.toHaveBeenCalled();
  });

  it('given the server rejects the name, when submitted, then its message shows next to the field', async () => {
    serveApplication(() =>
      problem(400, 'validation-failed', {
        errors: [{ field: 'name', reason: 'duplicate', message: 'Another secret already has this name.' }],
      }),
    );
    const { dialog, user } = await openCreateModal();
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await waitFor(() => {
      expect(name).toHaveAccessibleDescription(/^Another secret already has this name\./);
    });
    expect(name).toHaveAttribute('aria-invalid', 'true');
  });

  it('given Keycloak is down, when submitted, then the modal says when to retry', async () => {
    serveApplication(() => problem(503, 'keycloak-unavailable', {}, { 'Retry-After': '12' }));
    const { dialog, user } = await openCreateModal();
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('Try again in 12 s.')).toBeInTheDocument();
  });

  it('given a valid form, when created, then the value is revealed once and gone after acknowledged close', async () => {
    const onCreate = vi.fn((_body: unknown) => HttpResponse.json(createdAnswer(), { status: 201 }));
    serveApplication(onCreate);
    const { dialog, user, queryClient } = await openCreateModal();
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await user.clear(name);
    await user.type(name, 'Rotation');
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    const reveal = await screen.findByRole('dialog', { name: /Your new secret/ });
    expect(onCreate).toHaveBeenCalledWith({ name: 'Rotation', expiresOn: '2027-03-10' });
    expect(within(reveal).getByRole('textbox', { name: 'Secret value' })).toHaveValue(SECRET_VALUE);
    expect(within(reveal).getByText(/it will never be shown again/)).toBeInTheDocument();
    // The value lives in the panel's state only: not in a query, and the mutation has been dropped.
    await waitFor(() => {
      expect(queryClient.getMutationCache().getAll()).toHaveLength(0);
    });
    expect(
      JSON.stringify(
        queryClient
          .getQueryCache()
          .getAll()
          .map((q) => q.state),
      ),
    ).not.toContain(SECRET_VALUE);

    const close = within(reveal).getByRole('button', { name: 'Close' });
    expect(close).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: /Your new secret/ })).toBeInTheDocument();

    await user.click(within(reveal).getByRole('checkbox', { name: 'I have stored the secret' }));
    expect(close).toBeEnabled();
    await user.click(close);

    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(document.body.innerHTML).not.toContain(SECRET_VALUE);
    // The application was refetched (not patched with the response), so the new secret is listed by name.
    expect(await screen.findByRole('row', { name: /Rotation/ })).toBeInTheDocument();
    const cached = JSON.stringify(
      queryClient
        .getQueryCache()
        .getAll()
        .map((q) => q.state),
    );
    expect(cached).toContain('Rotation');
    expect(cached).not.toContain(SECRET_VALUE);
    expect(
      JSON.stringify(
        queryClient
          .getMutationCache()
          .getAll()
          .map((m) => m.state),
      ),
    ).not.toContain(SECRET_VALUE);
  });
});
