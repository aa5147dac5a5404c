import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoutes } from './routes/api-route.ts';
import { newKeyPair, serveJwks, signToken, testApp, validClaims } from '../test/fixtures.ts';
import type { JwksServer, KeyPair } from '../test/fixtures.ts';
import { errorHandler } from './errors.ts';
import { mutationRateLimit } from './rate-limit.ts';

let key: KeyPair;
let jwks: JwksServer;

beforeAll(async () => {
  key = await newKeyPair('k1');
  jwks = await serveJwks([key]);
});

afterAll(async () => {
  await jwks.close();
});

const mutations: ApiRoutes = (router) => {
  router.post('/things', (_req, res) => {
    res.status(201).end();
  });
};

describe('mutation rate limit', () => {
  it('given more mutations than the limit from one user, then 429 rate-limited with Retry-After; reads are not limited', async () => {
    const { app } = testApp({
      jwksUrl: jwks.url,
      apiRoutes: [mutations],
      config: { rateLimitMutationsPerMinute: 2 },
    });
    const alice = `Bearer ${await signToken(key)}`;
    const post = () => request(app).post('/api/things').set('Authorization', alice).send({});
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(201);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ type: 'urn:credman:problem:rate-limited', status: 429 });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await request(app).get('/api/me').set('Authorization', alice)).status).toBe(200);
  });

  it('given two users from the same IP, then each has an own budget', async () => {
    const { app } = testApp({
      jwksUrl: jwks.url,
      apiRoutes: [mutations],
      config: { rateLimitMutationsPerMinute: 1 },
    });
    const alice = `Bearer ${await signToken(key)}`;
    const bob = `Bearer ${await signToken(key, validClaims({ sub: 'user-2' }))}`;
    expect((await request(app).post('/api/things').set('Authorization', alice).send({})).status).toBe(201);
    expect((await request(app).post('/api/things').set('Authorization', bob).send({})).status).toBe(201);
    expect((await request(app).post('/api/things').set('Authorization', alice).send({})).status).toBe(429);
  });

  it('given no principal, then requests are keyed by client IP (behind the configured proxy hops)', async () => {
    const app = express();
    app.set('trust proxy', 1);
    app.use(mutationRateLimit({ perMinute: 1 }));
    app.post('/', (_req, res) => {
      res.status(204).end();
    });
    app.use(errorHandler);
    const from = (ip: string) => request(app).post('/').set('X-Forwarded-For', ip);
    expect((await from('203.0.113.1')).status).toBe(204);
    expect((await from('203.0.113.2')).status).toBe(204);
    expect((await from('203.0.113.1')).status).toBe(429);
  });
});

describe('read rate limit', () => {
  it('given more reads than the limit from one user, then 429 with Retry-After; another user and mutations keep their budgets', async () => {
    const { app } = testApp({
      jwksUrl: jwks.url,
      apiRoutes: [mutations],
      config: { rateLimitReadsPerMinute: 3 },
    });
    const alice = `Bearer ${await signToken(key)}`;
    const bob = `Bearer ${await signToken(key, validClaims({ sub: 'user-2' }))}`;
    const read = (who: string) => request(app).get('/api/me').set('Authorization', who);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await read(alice)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await read(alice);
    expect(limited.body).toMatchObject({ type: 'urn:credman:problem:rate-limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await read(bob)).status).toBe(200);
    expect((await request(app).post('/api/things').set('Authorization', alice).send({})).status).toBe(201);
  });

  it('given a burst of 400 reads at the default limit, then only the first 240 are answered', async () => {
    const { app } = testApp({ jwksUrl: jwks.url, apiRoutes: [mutations] });
    const alice = `Bearer ${await signToken(key)}`;
    let answered = 0;
    for (let i = 0; i < 400; i++) {
      if ((await request(app).get('/api/me').set('Authorization', alice)).status === 200) answered++;
    }
    expect(answered).toBe(240);
  });
});

describe('per-IP rate limit before authentication', () => {
  it('given more anonymous requests from one address than its budget, then 429 before any token check or probe work', async () => {
    let readinessChecks = 0;
    const { app } = testApp({
      jwksUrl: jwks.url,
      config: { rateLimitPerIpPerMinute: 3 },
      readiness: () => {
        readinessChecks++;
        return Promise.resolve({ ok: true, checks: {} });
      },
    });
    expect((await request(app).get('/readyz')).status).toBe(200);
    expect((await request(app).get('/api/me')).status).toBe(401);
    expect((await request(app).get('/api/me').set('Authorization', 'Bearer forged')).status).toBe(401);
    for (const path of ['/readyz', '/api/me', '/anything']) {
      const limited = await request(app).get(path);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ type: 'urn:credman:problem:rate-limited', status: 429 });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(readinessChecks).toBe(1);
  });
});
