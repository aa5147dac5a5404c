import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  MANAGER,
  NOW,
  OPERATOR,
  problem,
  secret,
} from '../../testing/fixtures.ts';
import { server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';

useMswServer();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

const PAGE = `/applications/${CLIENT_ID}`;

function serve(
  me = OPERATOR,
  onPatch: (body: unknown) => Response = (body) => HttpResponse.json(body as object),
) {
  server.use(
    ...applicationSideHandlers(me),
    http.get(applicationPath, () =>
      HttpResponse.json(
        detail([secret()], { description: 'Old text', permissions: ['smc.production', 'smc.sandbox'] }),
      ),
    ),
    http.patch(applicationPath, async ({ request }) => onPatch(await request.json())),
  );
}

describe('operators edit an application', () => {
  it('given an operator, when she unticks a permission and changes the description, then both are sent', async () => {
    const onPatch = vi.fn((body: unknown) => HttpResponse.json({ clientId: CLIENT_ID, ...(body as object) }));
    serve(OPERATOR, onPatch);
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Edit description and permissions' }));
    const dialog = await screen.findByRole('dialog', { name: `Edit ${CLIENT_ID}` });
    await user.click(within(dialog).getByRole('checkbox', { name: 'smc.production' }));
    const description = within(dialog).getByRole('textbox', { name: 'Description' });
    await user.clear(description);
    await user.type(description, 'Sandbox only from now on');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(onPatch).toHaveBeenCalledWith({
      description: 'Sandbox only from now on',
      permissions: ['smc.sandbox'],
    });
  });

  it('given no permission left, then the domain rule shows and nothing is sent; a server field error shows at its field', async () => {
    const onPatch = vi.fn(() =>
      problem(400, 'validation-failed', {
        errors: [
          {
            field: 'description',
            reason: 'control-character',
            message: 'The description may not contain control characters.',
          },
        ],
      }),
    );
    serve(OPERATOR, onPatch);
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole('button', { name: 'Edit description and permissions' }));
    const dialog = await screen.findByRole('dialog', { name: `Edit ${CLIENT_ID}` });
    await user.click(within(dialog).getByRole('checkbox', { name: 'smc.production' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'smc.sandbox' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Choose at least one permission.')).toBeInTheDocument();
    expect(onPatch).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('checkbox', { name: 'smc.sandbox' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('The description may not contain control characters.'),
    ).toBeInTheDocument();
  });

  it('given a manager who is not an operator, then there is no Edit', async () => {
    serve(MANAGER);
    renderApp(PAGE);
    await screen.findByRole('grid', { name: 'Secrets' });
    expect(
      screen.queryByRole('button', { name: 'Edit description and permissions' }),
    ).not.toBeInTheDocument();
  });
});
