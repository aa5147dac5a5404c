// Session end honoured for writes, over real HTTP (docs/architecture.md#authorisation): after a logout the same
// access token, still valid for its remaining lifetime, changes nothing (401), while reads go on until it expires.
// Runs on the double in `npm test` and on the real Keycloak in `npm run test:keycloak`.
import { loginUser } from '@credman/keycloak-double';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DM, USERS, startE2e } from './testing/harness.ts';
import type { E2e } from './testing/harness.ts';

const CONSOLE = 'credman-console';
const REDIRECT = 'http://localhost:5173/';

describe('a logged-out token (e2e)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    // Uncached, so the logout shows at the next write (production: within 30 s).
    e2e = await startE2e({ sessionCheckTtlMs: 0 });
  });
  afterAll(() => e2e.close());

  it('given alice logs out, then her unexpired token is refused for a write with 401 and still reads', async () => {
    await e2e.freshTotpMoment('alice');
    const tokens = await loginUser({
      issuer: e2e.issuer,
      clientId: CONSOLE,
      redirectUri: REDIRECT,
      ...USERS.alice,
      now: () => e2e.clock.now(),
    });
    const write = () =>
      e2e.request(tokens.access_token, `/applications/${DM}/secrets`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Before and after logout', expiresOn: e2e.dateIn(30) }),
      });
    const first = await write();
    expect(first.status).toBe(201);
    const { secret } = (await first.json()) as { secret: { id: string } };

    // RP-initiated logout with the id token as hint ends the SSO session the access token names (`sid`).
    const logout = new URL(`${e2e.issuer}/protocol/openid-connect/logout`);
    logout.searchParams.set('id_token_hint', tokens.id_token ?? '');
    // The realm allows exactly the console's logged-out page after logout.
    logout.searchParams.set('post_logout_redirect_uri', new URL('/logged-out', REDIRECT).href);
    const ended = await fetch(logout, { redirect: 'manual' });
    expect(ended.status).toBe(302);

    const refused = await write();
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ detail: 'Your session has ended; log in again.' });
    const removal = await e2e.request(
      tokens.access_token,
      `/applications/${DM}/secrets/${secret.id}?force=true`,
      {
        method: 'DELETE',
      },
    );
    expect(removal.status).toBe(401);
    expect((await e2e.request(tokens.access_token, `/applications/${DM}`)).status).toBe(200);
    // A fresh login writes again.
    expect(
      (await e2e.api('alice', `/applications/${DM}/secrets/${secret.id}?force=true`, { method: 'DELETE' }))
        .status,
    ).toBe(204);
  }, 120_000);
});
