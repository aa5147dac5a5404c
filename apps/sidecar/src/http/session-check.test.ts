import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ApiRoutes } from './routes/api-route.ts';
import { testApp } from '../test/fixtures.ts';
import type { Principal } from './principal.ts';
import { unauthenticated } from './problems.ts';
import { cacheSessionCheck } from './session-check.ts';
import type { SessionCheck } from './session-check.ts';

const ALICE = '0b8f7c1e-4f1a-4a0e-9a55-3c2b1d0e9f8a';
const principal = (sessionId?: string): Principal => ({
  userId: ALICE,
  username: 'alice',
  name: 'Alice',
  email: 'alice@example.org',
  isOperator: false,
  managedClientIds: [],
  acr: 'mfa',
  sessionId,
});
const TOKENS: Record<string, Principal> = {
  live: principal('s-live'),
  ended: principal('s-ended'),
  none: principal(),
};

const routes: ApiRoutes = (router) => {
  router.post('/things', (_req, res) => {
    res.status(201).json({ made: true });
  });
  router.get('/things', (_req, res) => {
    res.json({ things: [] });
  });
};

function appWith(check: SessionCheck) {
  return testApp({
    verifyToken: (token) => {
      const found = TOKENS[token];
      return found ? Promise.resolve(found) : Promise.reject(unauthenticated('unknown test token'));
    },
    sessionCheck: check,
    apiRoutes: [routes],
  }).app;
}

describe('writes need a live Keycloak session', () => {
  it('given a token whose session ended (logout) or that has no sid, then a write is 401 and a read still works', async () => {
    const asked: string[] = [];
    const app = appWith({
      isLive: (userId, sessionId) => {
        asked.push(`${userId} ${sessionId}`);
        return Promise.resolve(sessionId === 's-live');
      },
    });
    const post = (token: string) =>
      request(app).post('/api/things').set('authorization', `Bearer ${token}`).send({});
    expect((await post('live')).status).toBe(201);
    for (const token of ['ended', 'none']) {
      const refused = await post(token);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({
        type: 'urn:credman:problem:unauthenticated',
        detail: 'Your session has ended; log in again.',
      });
    }
    expect((await request(app).get('/api/things').set('authorization', 'Bearer ended')).status).toBe(200);
    expect(asked).toEqual([`${ALICE} s-live`, `${ALICE} s-ended`]);
  });

  it('caches answers per user and session like the manager rights, and asks again after the cache time', async () => {
    let time = 0;
    let lookups = 0;
    const check = cacheSessionCheck(
      {
        isLive: () => {
          lookups++;
          return Promise.resolve(true);
        },
      },
      { ttlMs: 30_000, now: () => time },
    );
    await Promise.all([check.isLive(ALICE, 's-1'), check.isLive(ALICE, 's-1')]);
    expect(await check.isLive(ALICE, 's-2')).toBe(true);
    expect(lookups).toBe(2);
    time += 30_000;
    await check.isLive(ALICE, 's-1');
    expect(lookups).toBe(3);
  });
});
