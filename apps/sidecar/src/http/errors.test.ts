import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoutes } from './routes/api-route.ts';
import { KeycloakUnavailableError } from '../keycloak/errors.ts';
import { newKeyPair, serveJwks, signToken, testApp } from '../test/fixtures.ts';
import type { JwksServer, KeyPair } from '../test/fixtures.ts';
import { MAX_BODY_BYTES, toApiError } from './error-mapping.ts';
import { errorHandler } from './errors.ts';
import { ApiError } from './problems.ts';

let key: KeyPair;
let jwks: JwksServer;
let bearer: string;

const routes: ApiRoutes = (router) => {
  router.post('/things', (req, res) => {
    res.status(201).json({ received: Object.keys(req.body as object) });
  });
  router.delete('/things/:id', () => {
    throw new ApiError('secret-limit', {
      detail: 'Delete "old" first.',
      extensions: { secretId: 's-1', status: 200, type: 'spoofed' },
      headers: { 'X-Extra': 'yes' },
    });
  });
  router.get('/keycloak-down', () => {
    throw new KeycloakUnavailableError('connect ECONNREFUSED');
  });
};

let app: ReturnType<typeof testApp>['app'];

beforeAll(async () => {
  key = await newKeyPair('k1');
  jwks = await serveJwks([key]);
  bearer = `Bearer ${await signToken(key)}`;
  ({ app } = testApp({ jwksUrl: jwks.url, apiRoutes: [routes] }));
});

afterAll(async () => {
  await jwks.close();
});

function expectProblem(response: request.Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.body).toMatchObject({ type: `urn:credman:problem:${code}`, status });
}

describe('error handling', () => {
  it('given a thrown ApiError, then its code, detail, extensions and headers make the problem; reserved members stay', async () => {
    const response = await request(app).delete('/api/things/1').set('Authorization', bearer);
    expectProblem(response, 409, 'secret-limit');
    expect(response.body).toMatchObject({
      title: 'The application already has two live secrets',
      detail: 'Delete "old" first.',
      instance: '/api/things/1',
      secretId: 's-1',
    });
    expect(response.headers['x-extra']).toBe('yes');
  });

  it('given a Keycloak outage, then 503 keycloak-unavailable with Retry-After and no internals', async () => {
    const response = await request(app).get('/api/keycloak-down').set('Authorization', bearer);
    expectProblem(response, 503, 'keycloak-unavailable');
    expect(response.headers['retry-after']).toBe('10');
    expect(JSON.stringify(response.body)).not.toContain('ECONNREFUSED');
  });

  it('given an unknown /api path with a valid token, then 404 not-found', async () => {
    const response = await request(app).get('/api/nothing-here?x=1').set('Authorization', bearer);
    expectProblem(response, 404, 'not-found');
    expect(response.body).toMatchObject({ instance: '/api/nothing-here' });
  });

  it('given an unknown /api path without a token, then 401 (no hint which paths exist)', async () => {
    expectProblem(await request(app).get('/api/nothing-here'), 401, 'unauthenticated');
  });

  it('given an unknown path outside /api and no SPA, then 404 not-found', async () => {
    expectProblem(await request(app).get('/somewhere'), 404, 'not-found');
  });

  it('given a known /api path with a wrong method, then 405 with Allow', async () => {
    const response = await request(app).put('/api/me').set('Authorization', bearer);
    expectProblem(response, 405, 'method-not-allowed');
    expect(response.headers.allow).toBe('GET, HEAD');
    const things = await request(app).get('/api/things/7').set('Authorization', bearer);
    expectProblem(things, 405, 'method-not-allowed');
    expect(things.headers.allow).toBe('DELETE');
  });

  it('given a probe path with a wrong method, then 405 with Allow', async () => {
    const response = await request(app).post('/healthz');
    expectProblem(response, 405, 'method-not-allowed');
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('given HEAD on a GET route, then it is served', async () => {
    expect((await request(app).head('/api/me').set('Authorization', bearer)).status).toBe(200);
  });

  it('given a JSON body, then the route receives it (also for +json types)', async () => {
    const plain = await request(app).post('/api/things').set('Authorization', bearer).send({ name: 'a' });
    expect(plain.status).toBe(201);
    expect(plain.body).toEqual({ received: ['name'] });
    const merge = await request(app)
      .post('/api/things')
      .set('Authorization', bearer)
      .set('Content-Type', 'application/merge-patch+json')
      .send('{"name":"b"}');
    expect(merge.status).toBe(201);
  });

  it('given malformed JSON, then 400 validation-failed without echoing the body', async () => {
    const response = await request(app)
      .post('/api/things')
      .set('Authorization', bearer)
      .set('Content-Type', 'application/json')
      .send('{"secret": "leak-me-please",');
    expectProblem(response, 400, 'validation-failed');
    expect(response.body).toMatchObject({ detail: 'The request body is not valid JSON.' });
    expect(response.text).not.toContain('leak-me-please');
  });

  it('given a body over the limit, then 413 payload-too-large', async () => {
    const response = await request(app)
      .post('/api/things')
      .set('Authorization', bearer)
      .send({ padding: 'x'.repeat(MAX_BODY_BYTES) });
    expectProblem(response, 413, 'payload-too-large');
  });

  it('given a non-JSON body, then 415 unsupported-media-type', async () => {
    const response = await request(app)
      .post('/api/things')
      .set('Authorization', bearer)
      .set('Content-Type', 'text/plain')
      .send('name=a');
    expectProblem(response, 415, 'unsupported-media-type');
    const form = await request(app)
      .post('/api/things')
      .set('Authorization', bearer)
      .type('form')
      .send({ name: 'a' });
    expectProblem(form, 415, 'unsupported-media-type');
  });

  it('given JSON in a charset other than UTF-8, then 415', async () => {
    const response = await request(app)
      .post('/api/things')
      .set('Authorization', bearer)
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"name":"a"}');
    expectProblem(response, 415, 'unsupported-media-type');
  });

  it.each([
    ['gzip', 'not gzip at all'],
    ['deflate', '{"name":"x"}'],
    ['br', 'garbage'],
  ])(
    'given Content-Encoding %s on a body that is not so encoded, then 400 validation-failed, never 500',
    async (encoding, body) => {
      const response = await request(app)
        .post('/api/things')
        .set('Authorization', bearer)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send(body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: 'urn:credman:problem:validation-failed', status: 400 });
      expect(JSON.stringify(response.body)).not.toContain(body);
    },
  );

  it('given a bodyless DELETE without content type, then it is not refused as 415', async () => {
    expect((await request(app).delete('/api/things/1').set('Authorization', bearer)).status).toBe(409);
  });
});

describe('toApiError', () => {
  const bodyParserError = (type: string) =>
    Object.assign(new Error(type), { type, expose: true, status: 400 });

  it.each([
    ['request.aborted', 'validation-failed'],
    ['request.size.invalid', 'validation-failed'],
    ['stream.encoding.set', 'validation-failed'],
    ['encoding.unsupported', 'unsupported-media-type'],
  ])('maps the body-parser error %s to %s', (type, code) => {
    expect(toApiError(bodyParserError(type))?.code).toBe(code);
  });

  it.each([[new Error('x')], ['a string'], [null], [{ type: 'entity.parse.failed' }]])(
    'treats %j as unexpected',
    (error) => {
      expect(toApiError(error)).toBeUndefined();
    },
  );
});

describe('errorHandler', () => {
  it('given a failure after the response started, then it leaves the response to Express, which cuts the connection', async () => {
    const app = express();
    app.get('/', (_req, res, next) => {
      res.status(200).type('text/plain');
      res.write('partial');
      next(new Error('late'));
    });
    app.use(errorHandler);
    const outcome = await request(app)
      .get('/')
      .then((response) => `answered ${response.status} ${response.type}`)
      .catch((error: unknown) => (error instanceof Error ? error.message : 'failed'));
    expect(outcome).toMatch(/socket hang up|aborted|ECONNRESET/);
  });
});
