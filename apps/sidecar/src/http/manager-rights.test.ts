import { describe, expect, it } from 'vitest';
import { cacheManagerRights, canManageSecrets, canView } from './manager-rights.ts';
import type { ManagerRights } from './manager-rights.ts';
import type { Principal } from './principal.ts';

/** A source whose answers the test controls and whose calls it counts. */
function fakeSource(answers: Record<string, boolean | Error>) {
  const calls: string[] = [];
  const source: ManagerRights = {
    isManager(userId, clientId) {
      calls.push(`${userId}/${clientId}`);
      const answer = answers[`${userId}/${clientId}`] ?? false;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  return { source, calls, answers };
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('cacheManagerRights', () => {
  it('given a repeated question within the TTL, then the source is asked once', async () => {
    const { source, calls } = fakeSource({ 'u1/app': true });
    const time = clock();
    const cache = cacheManagerRights(source, { ttlMs: 30_000, now: time.now });
    expect(await cache.isManager('u1', 'app')).toBe(true);
    time.advance(29_999);
    expect(await cache.isManager('u1', 'app')).toBe(true);
    expect(calls).toEqual(['u1/app']);
  });

  it('given the TTL has passed, then the source is asked again and a revoked right is seen', async () => {
    const { source, calls, answers } = fakeSource({ 'u1/app': true });
    const time = clock();
    const cache = cacheManagerRights(source, { ttlMs: 30_000, now: time.now });
    expect(await cache.isManager('u1', 'app')).toBe(true);
    answers['u1/app'] = false;
    time.advance(30_000);
    expect(await cache.isManager('u1', 'app')).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('given concurrent questions, then they share one lookup', async () => {
    const { source, calls } = fakeSource({ 'u1/app': true });
    const cache = cacheManagerRights(source);
    const answers = await Promise.all([
      cache.isManager('u1', 'app'),
      cache.isManager('u1', 'app'),
      cache.isManager('u1', 'app'),
    ]);
    expect(answers).toEqual([true, true, true]);
    expect(calls).toHaveLength(1);
  });

  it('given different users or clients, then they are cached separately', async () => {
    const { source, calls } = fakeSource({ 'u1/a': true, 'u2/a': false, 'u1/b': false });
    const cache = cacheManagerRights(source);
    expect([
      await cache.isManager('u1', 'a'),
      await cache.isManager('u2', 'a'),
      await cache.isManager('u1', 'b'),
    ]).toEqual([true, false, false]);
    expect(calls).toEqual(['u1/a', 'u2/a', 'u1/b']);
  });

  it('given a failed lookup, then the failure propagates and is not cached', async () => {
    const { source, calls, answers } = fakeSource({ 'u1/app': new Error('Keycloak down') });
    const cache = cacheManagerRights(source);
    await expect(cache.isManager('u1', 'app')).rejects.toThrow('Keycloak down');
    answers['u1/app'] = true;
    expect(await cache.isManager('u1', 'app')).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('given invalidate, then the next question asks the source', async () => {
    const { source, calls } = fakeSource({ 'u1/app': true });
    const cache = cacheManagerRights(source);
    await cache.isManager('u1', 'app');
    cache.invalidate('u1', 'app');
    await cache.isManager('u1', 'app');
    expect(calls).toHaveLength(2);
  });

  it('given more entries than the bound, then the oldest are dropped', async () => {
    const { source } = fakeSource({});
    const cache = cacheManagerRights(source, { maxEntries: 2 });
    await cache.isManager('u1', 'a');
    await cache.isManager('u2', 'a');
    await cache.isManager('u3', 'a');
    expect(cache.size).toBe(2);
  });

  it('refuses a TTL above 30 s or below 0', () => {
    const { source } = fakeSource({});
    expect(() => cacheManagerRights(source, { ttlMs: 30_001 })).toThrow(RangeError);
    expect(() => cacheManagerRights(source, { ttlMs: -1 })).toThrow(RangeError);
  });
});

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  userId: 'u1',
  username: 'mia',
  name: 'Mia',
  email: undefined,
  isOperator: false,
  managedClientIds: ['app'],
  acr: 'mfa',
  ...overrides,
});

describe('canView / canManageSecrets', () => {
  it('lets managers see their applications and operators see all', async () => {
    expect(await canView(principal(), 'app', undefined)).toBe(true);
    expect(await canView(principal(), 'other', undefined)).toBe(false);
    expect(await canView(principal({ isOperator: true, managedClientIds: [] }), 'other', undefined)).toBe(
      true,
    );
  });

  it('given a token without the role, then the live source decides whether the application is seen', async () => {
    const { source } = fakeSource({ 'u1/added-after-login': true, 'u1/other': false });
    expect(await canView(principal(), 'added-after-login', source)).toBe(true);
    expect(await canView(principal(), 'other', source)).toBe(false);
  });

  it('given no live source, then the token roles decide', async () => {
    expect(await canManageSecrets(principal(), 'app', undefined)).toBe(true);
    expect(await canManageSecrets(principal(), 'other', undefined)).toBe(false);
  });

  it('given a live source, then it overrides stale token roles both ways', async () => {
    const { source } = fakeSource({ 'u1/app': false, 'u1/other': true });
    expect(await canManageSecrets(principal(), 'app', source)).toBe(false);
    expect(await canManageSecrets(principal(), 'other', source)).toBe(true);
  });
});
