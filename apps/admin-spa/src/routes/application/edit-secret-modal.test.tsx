import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  NOW,
  MANAGER,
  OPERATOR,
  problem,
  secret,
} from '../../testing/fixtures.ts';
import { server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';
import type { Secret } from '@credman/api-contract';

useMswServer();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

const PAGE = `/applications/${CLIENT_ID}`;
const NOTED = secret({ name: 'Billing', notes: 'Used by the nightly invoice export' });

/** Serves the application with one noted secret; a PATCH answers with `onPatch` and changes what is served. */
function serveApplication(onPatch: (body: unknown) => Response, me = MANAGER) {
  let current: Secret = NOTED;
  const ended = secret({ id: 'old', name: 'Old one', notes: 'Replaced in May', status: 'deleted' });
  server.use(
    ...applicationSideHandlers(me),
    http.get(applicationPath, () => HttpResponse.json(detail([current, ended]))),
    http.patch(`${applicationPath}/secrets/:secretId`, async ({ request }) => {
      const body = (await request.json()) as { name: string; notes: string };
      const response = onPatch(body);
      if (response.status === 200) {
        const { notes: _old, ...rest } = current;
        current = { ...rest, name: body.name, ...(body.notes === '' ? {} : { notes: body.notes }) };
      }
      return response;
    }),
  );
}

async function openEditModal() {
  const view = renderApp(PAGE);
  await view.user.click(await screen.findByRole('button', { name: 'Edit secret Billing' }));
  const dialog = await screen.findByRole('dialog', { name: 'Edit secret "Billing"' });
  return { ...view, dialog };
}

describe('notes and editing a secret', () => {
  it('shows notes under the name in the table and in the history', async () => {
    serveApplication(() => HttpResponse.json(NOTED));
    const view = renderApp(PAGE);
    const table = await screen.findByRole('grid', { name: 'Secrets' });
    expect(within(table).getByText('Used by the nightly invoice export')).toBeInTheDocument();
    await view.user.click(screen.getByRole('button', { name: /History \(1 ended secret\)/ }));
    expect(
      within(screen.getByRole('grid', { name: 'Ended secrets' })).getByText('Replaced in May'),
    ).toBeVisible();
  });

  it('given a manager edits name and notes, then both are sent, pasted line breaks become spaces and the table shows the change', async () => {
    const onPatch = vi.fn((body: unknown) => HttpResponse.json({ ...NOTED, ...(body as object) }));
    serveApplication(onPatch);
    const { dialog, user } = await openEditModal();
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    const notes = within(dialog).getByRole('textbox', { name: /Notes/ });
    expect(notes).toHaveValue('Used by the nightly invoice export');
    await user.clear(name);
    await user.type(name, 'Billing export');
    await user.clear(notes);
    await user.click(notes);
    await user.paste('Owned by finance\nrotated in May');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(onPatch).toHaveBeenCalledWith({
      name: 'Billing export',
      notes: 'Owned by finance rotated in May',
    });
    expect(await screen.findByText('Owned by finance rotated in May')).toBeInTheDocument();
  });

  it('given notes over 250 characters, then the domain rule shows and nothing is sent; a server field error shows at its field', async () => {
    const onPatch = vi.fn(() =>
      problem(400, 'validation-failed', {
        errors: [
          {
            field: 'notes',
            reason: 'invisible-character',
            message: 'The notes may not contain invisible characters.',
          },
        ],
      }),
    );
    serveApplication(onPatch);
    const { dialog, user } = await openEditModal();
    const notes = within(dialog).getByRole('textbox', { name: /Notes/ });
    await user.clear(notes);
    await user.click(notes);
    await user.paste('n'.repeat(251));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('The notes may be at most 250 characters long.'),
    ).toBeInTheDocument();
    expect(onPatch).not.toHaveBeenCalled();
    await user.clear(notes);
    await user.type(notes, 'fine');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      expect(notes).toHaveAccessibleDescription(/^The notes may not contain invisible characters\./);
    });
  });

  it('given an operator who manages nothing, then there is no Edit action', async () => {
    serveApplication(() => HttpResponse.json(NOTED), { ...OPERATOR, managedClientIds: [] });
    renderApp(PAGE);
    expect(await screen.findByText('Used by the nightly invoice export')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Edit secret/ })).not.toBeInTheDocument();
  });
});
