// A save that meets an ended session (a logout in another tab, an expired login): the console says so instead of
// jumping to the login page, and what was typed comes back in the dialog after the new login.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  problem,
  secret,
} from '../../testing/fixtures.ts';
import { useFixedNow } from '../../testing/fixed-now.ts';
import { server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';

useMswServer();
useFixedNow();
afterEach(() => {
  sessionStorage.clear();
});

const PAGE = `/applications/${CLIENT_ID}`;
const BILLING = secret({ id: 'billing-id', name: 'Billing', notes: 'Old notes' });
const FIRST_RENDER = { timeout: 30_000 };

describe('an ended session', () => {
  it('given the session ended, when Save is pressed, then the dialog says so, the typed notes stay, and they are filled in again after the new login', async () => {
    let sessionOver = true;
    server.use(
      ...applicationSideHandlers(),
      http.get(applicationPath, () => HttpResponse.json(detail([BILLING]))),
      http.patch(`${applicationPath}/secrets/:secretId`, () =>
        sessionOver ? problem(401, 'unauthenticated') : HttpResponse.json(BILLING),
      ),
    );
    const first = renderApp(PAGE);
    await first.user.click(await screen.findByRole('button', { name: 'Edit secret Billing' }, FIRST_RENDER));
    const edit = await screen.findByRole('dialog', { name: 'Edit secret "Billing"' });
    const notes = within(edit).getByRole('textbox', { name: /Notes/ });
    await first.user.clear(notes);
    await first.user.type(notes, 'Typed before the logout');
    await first.user.click(within(edit).getByRole('button', { name: 'Save' }));

    // The dialog says it inline (a second dialog over it would be hidden from screen readers) and keeps the input.
    expect(await within(edit).findByText('Your session has ended', {}, FIRST_RENDER)).toBeInTheDocument();
    expect(first.session.login).not.toHaveBeenCalled();
    expect(notes).toHaveValue('Typed before the logout');
    await first.user.click(within(edit).getByRole('button', { name: 'Log in again' }));
    expect(first.session.login).toHaveBeenCalledOnce();
    // Back from the login: a new page load in the same tab.
    cleanup();
    sessionOver = false;
    const second = renderApp(PAGE);
    await second.user.click(await screen.findByRole('button', { name: 'Edit secret Billing' }, FIRST_RENDER));
    const again = await screen.findByRole('dialog', { name: 'Edit secret "Billing"' });
    expect(within(again).getByRole('textbox', { name: /Notes/ })).toHaveValue('Typed before the logout');
    expect(
      within(again).getByText('Filled in with what you typed before your session ended'),
    ).toBeInTheDocument();
    await second.user.click(within(again).getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(sessionStorage.length).toBe(0);
  });
});
