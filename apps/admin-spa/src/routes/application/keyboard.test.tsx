import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  isoDaysFromNow,
  secret,
} from '../../testing/fixtures.ts';
import { requests, server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';
import type { CreatedSecret } from '@credman/api-contract';
import { useFixedNow } from '../../testing/fixed-now.ts';

useMswServer();

useFixedNow();

const OLD = secret({ id: 'old-id', name: 'Old', hint: 'old', createdAt: isoDaysFromNow(-300) });
const CREATED: CreatedSecret = {
  secret: secret({ id: 'new-id', name: 'Secret by Anna Jansen' }),
  value: 'kbd-value',
};

describe('keyboard only', () => {
  it('given the keyboard, when creating and acknowledging a secret, then every step works without a mouse', async () => {
    server.use(
      ...applicationSideHandlers(),
      http.get(applicationPath, () => HttpResponse.json(detail([OLD]))),
      http.post(`${applicationPath}/secrets`, () => HttpResponse.json(CREATED, { status: 201 })),
    );
    const { user } = renderApp(`/applications/${CLIENT_ID}`);
    const create = await screen.findByRole('button', { name: 'Create secret' });
    await waitFor(() => {
      expect(create).not.toHaveAttribute('aria-disabled', 'true');
    });
    act(() => {
      create.focus();
    });
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Create a secret' });
    // Focus moves into the dialog and stays trapped there.
    await waitFor(() => {
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    });
    const submit = within(dialog).getByRole('button', { name: 'Create' });
    for (let i = 0; i < 10 && document.activeElement !== submit; i++) await user.tab();
    expect(submit).toHaveFocus();
    await user.keyboard('{Enter}');

    const reveal = await screen.findByRole('dialog', { name: /Your new secret/ });
    await waitFor(() => {
      expect(within(reveal).getByRole('textbox', { name: 'Secret value' })).toHaveFocus();
    });
    const checkbox = within(reveal).getByRole('checkbox', { name: 'I have stored the secret' });
    // Moving focus by Tab inside PatternFly's focus trap needs layout that jsdom lacks (the browser e2e tests
    // tab through it); here the controls themselves are driven by keys.
    act(() => {
      checkbox.focus();
    });
    await user.keyboard(' ');
    expect(checkbox).toBeChecked();
    const close = within(reveal).getByRole('button', { name: 'Close' });
    act(() => {
      close.focus();
    });
    await user.keyboard('{Enter}');
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
  });

  it('given the keyboard, when deleting a secret, then the dialog is operable and Escape cancels', async () => {
    server.use(
      ...applicationSideHandlers(),
      http.get(applicationPath, () => HttpResponse.json(detail([OLD, secret({ id: 'b', name: 'B' })]))),
      http.delete(`${applicationPath}/secrets/:secretId`, () => new HttpResponse(null, { status: 204 })),
    );
    const { user } = renderApp(`/applications/${CLIENT_ID}`);
    const remove = await screen.findByRole('button', { name: 'Delete secret Old' });
    act(() => {
      remove.focus();
    });
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: /Delete secret "Old"/ });
    await user.keyboard('{Escape}');
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);

    act(() => {
      remove.focus();
    });
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: /Delete secret "Old"/ });
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    for (let i = 0; i < 10 && document.activeElement !== confirm; i++) await user.tab();
    expect(confirm).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(requests.some((r) => r.method === 'DELETE' && r.path.includes('/secrets/old-id'))).toBe(true);
  });
});
