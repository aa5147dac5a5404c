// Operators' rights over real HTTP (docs/architecture.md#authorisation): a new manager sees the application at
// once after an operator added them through credman (the token still lacks the role); an operator cannot make
// themselves a manager, a second operator can; a removed operator loses operator rights while the token is still
// valid. Runs on the double in `npm test` and on the real Keycloak in `npm run test:keycloak`. The time a removed
// operator keeps access with the production cache lifetime is measured (printed) on both: exact on the double's
// moved clock, in wall time on Keycloak.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCodeOf } from '@credman/domain';
import { SMC, startE2e } from './testing/harness.ts';
import type { E2e } from './testing/harness.ts';

const OPERATOR_ROLE = 'credman-operator';

async function problem(response: Response): Promise<[number, string | undefined]> {
  const body = (await response.json()) as { type?: string };
  return [response.status, problemCodeOf(body.type ?? '')];
}

describe('operators and managers, live (e2e)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    // The production manager-rights lifetime: only credman's own invalidation can make the new manager's view
    // immediate.
    e2e = await startE2e({ managerRightsTtlMs: 30_000 });
  });
  afterAll(() => e2e.close());

  it('given bob is added as manager of an application after his login, then his same token sees it at once, and not after his removal', async () => {
    const bobId = await e2e.userId('bob');
    const before = await e2e.api('bob', `/applications/${SMC}`);
    expect(await problem(before)).toEqual([404, 'not-found']);

    const added = await e2e.api('olivia', `/applications/${SMC}/managers/${bobId}`, { method: 'PUT' });
    expect(added.status).toBe(200);
    for (const path of ['', '/audit', '/managers'])
      expect((await e2e.api('bob', `/applications/${SMC}${path}`)).status).toBe(200);

    const removed = await e2e.api('olivia', `/applications/${SMC}/managers/${bobId}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(await problem(await e2e.api('bob', `/applications/${SMC}`))).toEqual([404, 'not-found']);
  });

  it('given an operator who makes themselves a manager, then 403 self-assignment-refused and nothing changes; a second operator may add them', async () => {
    const oliviaId = await e2e.userId('olivia');
    const path = `/applications/${SMC}/managers/${oliviaId}`;
    const auditBefore = await (await e2e.api('olivia', `/applications/${SMC}/audit`)).json();
    expect(await problem(await e2e.api('olivia', path, { method: 'PUT' }))).toEqual([
      403,
      'self-assignment-refused',
    ]);
    const managers = (await (await e2e.api('olivia', `/applications/${SMC}/managers`)).json()) as {
      managers: { username: string }[];
    };
    expect(managers.managers.map((m) => m.username)).not.toContain('olivia');
    expect(await (await e2e.api('olivia', `/applications/${SMC}/audit`)).json()).toEqual(auditBefore);

    await e2e.setRealmRole('bob', OPERATOR_ROLE, true);
    await e2e.login('bob');
    expect((await e2e.api('bob', path, { method: 'PUT' })).status).toBe(200);
    // Leaving is always allowed: it only lowers one's own rights.
    expect((await e2e.api('olivia', path, { method: 'DELETE' })).status).toBe(200);
    await e2e.setRealmRole('bob', OPERATOR_ROLE, false);
  });

  it("given an operator's role is removed in Keycloak, then the same token gets 403 operator-required at the next request and sees no application", async () => {
    const token = await e2e.login('olivia');
    expect((await e2e.request(token, '/users?search=a')).status).toBe(200);
    await e2e.setRealmRole('olivia', OPERATOR_ROLE, false);
    try {
      expect(await problem(await e2e.request(token, '/users?search=a'))).toEqual([403, 'operator-required']);
      expect(await problem(await e2e.request(token, `/applications/${SMC}`))).toEqual([404, 'not-found']);
      const me = (await (await e2e.request(token, '/me')).json()) as { isOperator: boolean };
      expect(me.isOperator).toBe(false);
    } finally {
      await e2e.setRealmRole('olivia', OPERATOR_ROLE, true);
    }
    expect((await e2e.request(token, '/users?search=a')).status).toBe(200);
  });
});

describe('a removed operator with the production cache lifetime (e2e, measured)', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ operatorRightsTtlMs: 30_000 });
  });
  afterAll(() => e2e.close());

  it('given the role removed right after a request, then operator endpoints refuse once the 30 s cache entry ends', async () => {
    // The double's clock moves one second per step; the real Keycloak's time passes (about 30 s of waiting).
    const step = async (): Promise<void> => {
      if (e2e.kind === 'double') e2e.clock.advance(1000);
      else await new Promise<void>((resolve) => setTimeout(resolve, 1000));
    };
    const token = await e2e.login('olivia');
    const cachedAt = e2e.clock.now();
    expect((await e2e.request(token, '/users?search=a')).status).toBe(200);
    await e2e.setRealmRole('olivia', OPERATOR_ROLE, false);
    let refusedAfterMs: number | undefined;
    for (let attempt = 0; attempt <= 45 && refusedAfterMs === undefined; attempt++) {
      await step();
      const response = await e2e.request(token, '/users?search=a');
      if (response.status === 403) refusedAfterMs = e2e.clock.now() - cachedAt;
      await response.body?.cancel();
    }
    await e2e.setRealmRole('olivia', OPERATOR_ROLE, true);
    process.stdout.write(
      `removed operator refused ${String(refusedAfterMs)} ms after the cached answer (${e2e.kind})\n`,
    );
    expect(refusedAfterMs).toBeDefined();
    // On the double time moves only by the steps, so the figure is exact; on Keycloak it is printed above.
    if (e2e.kind === 'double') expect(refusedAfterMs).toBe(30_000);
  });
});
