import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoutes } from './app.ts';
import { captureLogs, newKeyPair, serveJwks, signToken, testApp } from './test/fixtures.ts';
import type { JwksServer, KeyPair } from './test/fixtures.ts';
import { requestIdFor } from './logging.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let key: KeyPair;
let jwks: JwksServer;

beforeAll(async () => {
  key = await newKeyPair('k1');
  jwks = await serveJwks([key]);
});

afterAll(async () => {
  await jwks.close();
});

describe('request ids', () => {
  it.each([['abc-123'], ['0b8f7c1e-4f1a-4a0e-9a55-3c2b1d0e9f8a'], ['trace:1.2_3']])(
    'given a sane incoming id %j, then it is kept',
    (id) => {
      expect(requestIdFor(id)).toBe(id);
    },
  );

  it.each([[undefined], [''], ['has space'], ['line\nbreak'], ['x'.repeat(129)], [['a', 'b']]])(
    'given %j, then a new UUID is generated',
    (header) => {
      expect(requestIdFor(header)).toMatch(UUID);
    },
  );

  it('given an incoming x-request-id, then the response echoes it and the log line carries it', async () => {
    const { app, logs } = testApp();
    const response = await request(app).get('/readyz').set('x-request-id', 'req-42');
    expect(response.headers['x-request-id']).toBe('req-42');
    const line = logs.lines().find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({
      req: { id: 'req-42', method: 'GET', url: '/readyz' },
      res: { statusCode: 200 },
    });
  });

  it('given an unusable incoming id, then a fresh one is echoed and used in problem responses', async () => {
    const { app } = testApp();
    const response = await request(app).get('/api/me').set('x-request-id', 'bad id\twith tab');
    const id = response.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(response.body).toMatchObject({ requestId: id });
  });
});

describe('redaction', () => {
  it('given a request with a bearer token, cookies and a body with secrets, then none of them reach the log', async () => {
    const token = await signToken(key);
    const failing: ApiRoutes = (router) => {
      router.post('/echo', (req) => {
        // A careless handler that logs the whole body and then fails.
        req.log.info({ body: req.body as unknown }, 'received');
        throw new Error('boom');
      });
    };
    const { app, logs } = testApp({ jwksUrl: jwks.url, apiRoutes: [failing] });
    const response = await request(app)
      .post('/api/echo')
      .set('Authorization', `Bearer ${token}`)
      .set('Cookie', 'session=cookie-value-123')
      .send({
        secret: 'body-secret-abc',
        nested: { value: 'nested-value-def', password: 'pw-ghi' },
        clientSecret: 'cs-jkl',
      });
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('body-secret-abc');

    const text = logs.text();
    for (const leaked of [
      token,
      'cookie-value-123',
      'body-secret-abc',
      'nested-value-def',
      'pw-ghi',
      'cs-jkl',
    ]) {
      expect(text).not.toContain(leaked);
    }
    const lines = logs.lines();
    expect(lines.find((line) => line.msg === 'received')).toMatchObject({
      body: {
        secret: '[redacted]',
        nested: { value: '[redacted]', password: '[redacted]' },
        clientSecret: '[redacted]',
      },
    });
    expect(lines.find((line) => line.msg === 'request errored')).toMatchObject({
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } },
    });
  });

  it('given a response with Set-Cookie or a deeply nested secret, then the logger redacts them', () => {
    const { logger, lines } = captureLogs();
    logger.info(
      { res: { headers: { 'set-cookie': ['sid=abc'] } }, err: { details: { data: { secret: 's3' } } } },
      'x',
    );
    expect(lines()[0]).toMatchObject({
      res: { headers: { 'set-cookie': '[redacted]' } },
      err: { details: { data: { secret: '[redacted]' } } },
    });
  });

  it('given an unexpected exception, then it is logged with the request id and the client sees no internals', async () => {
    const token = await signToken(key);
    const failing: ApiRoutes = (router) => {
      router.get('/explode', () => {
        throw new Error('database password is hunter2');
      });
    };
    const { app, logs } = testApp({ jwksUrl: jwks.url, apiRoutes: [failing] });
    const response = await request(app)
      .get('/api/explode')
      .set('Authorization', `Bearer ${token}`)
      .set('x-request-id', 'r-500');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      type: 'urn:credman:problem:internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side.',
      instance: '/api/explode',
      requestId: 'r-500',
    });
    const line = logs.lines().find((entry) => entry.msg === 'unexpected error while handling the request');
    expect(line).toMatchObject({
      level: 50,
      req: { id: 'r-500' },
      err: { message: 'database password is hunter2' },
    });
  });
});
