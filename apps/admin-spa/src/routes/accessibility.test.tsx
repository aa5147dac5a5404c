import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../testing/axe.ts';
import {
  applicationList,
  applicationPath,
  applicationSideHandlers,
  CLIENT_ID,
  detail,
  isoDaysFromNow,
  meHandler,
  ONE_MANAGER,
  secret,
  summary,
} from '../testing/fixtures.ts';
import { server, useMswServer } from '../testing/msw-server.ts';
import { renderApp } from '../testing/render-app.tsx';
import { useFixedNow } from '../testing/fixed-now.ts';

useMswServer();

useFixedNow();

const TWO_MANAGERS = {
  managers: [
    ...ONE_MANAGER.managers,
    { ...ONE_MANAGER.managers[0]!, id: 'u-bert', username: 'bert', name: 'Bert' },
  ],
  warnings: [],
};

const twoSecrets = [
  secret({ id: 'old', name: 'Old', status: 'expiring', expiresAt: isoDaysFromNow(5) }),
  secret({ id: 'new', name: 'New', createdAt: isoDaysFromNow(-1) }),
  secret({ id: 'gone', name: 'Gone', status: 'deleted', endedAt: isoDaysFromNow(-30) }),
];

describe('accessibility (axe-core: serious, critical, heading order)', () => {
  it('given the applications page with an expiring secret, then axe finds nothing serious', async () => {
    server.use(
      meHandler(),
      http.get('*/api/applications', () =>
        HttpResponse.json(
          applicationList([summary({ nearestExpiry: { expiresAt: isoDaysFromNow(5), status: 'expiring' } })]),
        ),
      ),
    );
    renderApp('/');
    await screen.findByRole('grid', { name: 'Applications' });
    expect(await seriousViolations()).toEqual([]);
  });

  it('given the application page with two secrets and history, then axe finds nothing serious', async () => {
    // Two managers: the managers section (src/routes/operator/) is checked by its own tests.
    server.use(
      http.get(`${applicationPath}/managers`, () => HttpResponse.json(TWO_MANAGERS)),
      ...applicationSideHandlers(),
      http.get(applicationPath, () => HttpResponse.json(detail(twoSecrets))),
    );
    renderApp(`/applications/${CLIENT_ID}`);
    await screen.findByRole('grid', { name: 'Secrets' });
    await screen.findByText('Nothing has happened yet.');
    expect(await seriousViolations()).toEqual([]);
  });

  it('given the create and delete dialogs, then axe finds nothing serious in them', async () => {
    server.use(
      ...applicationSideHandlers(),
      http.get(applicationPath, () => HttpResponse.json(detail([secret()]))),
    );
    const { user } = renderApp(`/applications/${CLIENT_ID}`);
    await user.click(await screen.findByRole('button', { name: 'Create secret' }));
    const create = await screen.findByRole('dialog', { name: 'Create a secret' });
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(create).getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByRole('button', { name: /Delete secret/ }));
    await screen.findByRole('dialog', { name: /Delete secret/ });
    expect(await seriousViolations()).toEqual([]);
  });
});
