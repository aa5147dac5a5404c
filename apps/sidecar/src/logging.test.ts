import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoutes } from './http/routes/api-route.ts';
import { captureLogs, newKeyPair, serveJwks, signToken, testApp, validClaims } from './test/fixtures.ts';
import type { JwksServer, KeyPair } from './test/fixtures.ts';
import { clientRequestIdOf } from './logging.ts';
import { SecretString } from './secret-string.ts';

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
    "given a sane incoming id %j, then it may be logged as the client's",
    (id) => {
      expect(clientRequestIdOf(id)).toBe(id);
    },
  );

  it.each([[undefined], [''], ['has space'], ['line\nbreak'], ['x'.repeat(129)], [['a', 'b']]])(
    'given %j, then it is not logged at all',
    (header) => {
      expect(clientRequestIdOf(header)).toBeUndefined();
    },
  );

  it("given an incoming x-request-id, then credman's own id is sent and used, the client's only logged beside it", async () => {
    const { app, logs } = testApp();
    const response = await request(app).get('/readyz').set('x-request-id', 'req-42');
    const id = response.headers['x-request-id'];
    expect(id).toMatch(UUID);
    const line = logs.lines().find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({
      clientRequestId: 'req-42',
      req: { id, method: 'GET', url: '/readyz' },
      res: { statusCode: 200 },
    });
    const problem = await request(app).get('/api/me').set('x-request-id', 'req-42');
    expect(problem.body).toMatchObject({ requestId: problem.headers['x-request-id'] });
    expect(problem.headers['x-request-id']).not.toBe('req-42');
  });

  it('given an unusable incoming id, then a fresh one is echoed and used in problem responses', async () => {
    const { app } = testApp();
    const response = await request(app).get('/api/me').set('x-request-id', 'bad id\twith tab');
    const id = response.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(response.body).toMatchObject({ requestId: id });
  });
});

describe('query strings in request lines', () => {
  // Every value that must not be logged contains LEAK (docs/architecture.md#security-model).
  it.each([
    ['/readyz', '/readyz'],
    ['/readyz?force=true&search=alice&first=0', '/readyz?force=true&search=alice&first=0'],
    ['/readyz?access_token=LEAK-at&force=true', '/readyz?access_token=[redacted]&force=true'],
    [
      '/readyz?refresh_token=LEAK-rt&id_token=LEAK-it&client_secret=LEAK-cs&code=LEAK-c&password=LEAK-pw',
      '/readyz?refresh_token=[redacted]&id_token=[redacted]&client_secret=[redacted]&code=[redacted]&password=[redacted]',
    ],
    [
      '/readyz?secret=LEAK-s&token=LEAK-t&authorization=LEAK-a&value=LEAK-v',
      '/readyz?secret=[redacted]&token=[redacted]&authorization=[redacted]&value=[redacted]',
    ],
    [
      '/readyz?Access_Token=LEAK-1&CLIENT_SECRET=LEAK-2&accessToken=LEAK-3&Token=LEAK-4',
      '/readyz?Access_Token=[redacted]&CLIENT_SECRET=[redacted]&accessToken=[redacted]&Token=[redacted]',
    ],
    [
      '/readyz?access%5Ftoken=LEAK-5&access_token=LEAK-6&access_token=LEAK-7&flag',
      '/readyz?access%5Ftoken=[redacted]&access_token=[redacted]&access_token=[redacted]&flag',
    ],
    ['/readyz?%E0%A4%A=LEAK-8&first=0', '/readyz?%E0%A4%A=[redacted]&first=0'],
  ])('given %s, then the request line logs %s', async (target, logged) => {
    const { app, logs } = testApp();
    expect((await request(app).get(target)).status).toBe(200);
    const line = logs.lines().find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({ req: { url: logged } });
    // The parsed query would repeat every parameter.
    expect(line?.req).not.toHaveProperty('query');
    expect(logs.text()).not.toContain('LEAK');
  });

  it('given a real access token in the query of an API request, then no log line carries it', async () => {
    const token = await signToken(key);
    const { app, logs } = testApp({ jwksUrl: jwks.url });
    const response = await request(app)
      .get(`/api/me?access_token=${token}`)
      .set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(logs.lines().find((entry) => entry.msg === 'request completed')).toMatchObject({
      req: { url: '/api/me?access_token=[redacted]' },
    });
    expect(logs.text()).not.toContain(token);
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

  it('given a token in the query and secrets nested deep in the body, then none of them reach the log', async () => {
    const headerToken = await signToken(key);
    const queryToken = await signToken(key, validClaims({ jti: 'query-token' }));
    const careless: ApiRoutes = (router) => {
      router.post('/echo', (req) => {
        req.log.info({ body: req.body as unknown }, 'received');
        throw new Error('boom');
      });
    };
    const { app, logs } = testApp({ jwksUrl: jwks.url, apiRoutes: [careless] });
    const response = await request(app)
      .post(`/api/echo?access_token=${queryToken}&force=true`)
      .set('Authorization', `Bearer ${headerToken}`)
      .send({
        partner: {
          grant: { request: { form: { client_secret: 'cs-deep-mno', refresh_token: 'rt-deep-pqr' } } },
          tokens: [{ id_token: 'it-deep-stu', Access_Token: 'at-deep-vwx' }],
        },
        clientId: 'Partner-DE-Acme-SMC',
      });
    expect(response.status).toBe(500);

    const text = logs.text();
    for (const leaked of [
      queryToken,
      headerToken,
      'cs-deep-mno',
      'rt-deep-pqr',
      'it-deep-stu',
      'at-deep-vwx',
    ])
      expect(text).not.toContain(leaked);
    const lines = logs.lines();
    expect(lines.find((line) => line.msg === 'received')).toEqual(
      expect.objectContaining({
        req: expect.objectContaining({ url: '/api/echo?access_token=[redacted]&force=true' }) as unknown,
        body: {
          partner: {
            grant: { request: { form: { client_secret: '[redacted]', refresh_token: '[redacted]' } } },
            tokens: [{ id_token: '[redacted]', Access_Token: '[redacted]' }],
          },
          clientId: 'Partner-DE-Acme-SMC',
        },
      }),
    );
    expect(lines.find((line) => line.msg === 'request errored')).toMatchObject({
      req: { url: '/api/echo?access_token=[redacted]&force=true' },
    });
  });

  it('given sensitive fields at any depth, in any case, in arrays or in an error, then the logger redacts them', () => {
    const { logger, lines, text } = captureLogs();
    const deep = {
      a: { b: { c: { d: { e: { client_secret: 'cs-6', refresh_token: 'rt-6', keep: 'k' } } } } },
    };
    logger.info(
      {
        deep,
        upstream: {
          request: { headers: { Authorization: 'Bearer up-tok', Cookie: 'sid=up-cookie', Accept: '*/*' } },
          response: { headers: { 'Set-Cookie': ['sid=up-set'] }, body: [{ ID_TOKEN: 'it-arr' }] },
        },
        clientSecret: 'cs-top',
        config: { Password: 'pw-cfg', smtpUrl: new SecretString('smtp://u:pw-smtp@mail'), secretId: 's-1' },
        session: { Token: 'tok-field' },
      },
      'deep',
    );
    const error = Object.assign(new Error('token request failed'), {
      code: 'ECONNRESET',
      response: { data: { grant: { form: { client_secret: 'cs-err', refresh_token: 'rt-err' } } } },
    });
    logger.error({ err: error }, 'failed');

    for (const leaked of [
      'cs-6',
      'rt-6',
      'up-tok',
      'up-cookie',
      'up-set',
      'it-arr',
      'cs-top',
      'pw-cfg',
      'pw-smtp',
    ])
      expect(text()).not.toContain(leaked);
    for (const leaked of ['cs-err', 'rt-err']) expect(text()).not.toContain(leaked);
    const [logged, failed] = lines();
    expect(logged).toMatchObject({
      deep: {
        a: {
          b: { c: { d: { e: { client_secret: '[redacted]', refresh_token: '[redacted]', keep: 'k' } } } },
        },
      },
      upstream: {
        request: { headers: { Authorization: '[redacted]', Cookie: '[redacted]', Accept: '*/*' } },
        response: { headers: { 'Set-Cookie': '[redacted]' }, body: [{ ID_TOKEN: '[redacted]' }] },
      },
      clientSecret: '[redacted]',
      config: { Password: '[redacted]', smtpUrl: '[redacted]', secretId: 's-1' },
      session: { Token: '[redacted]' },
    });
    // The error keeps what makes it useful: type, message, stack and non-secret fields such as its code.
    expect(failed).toMatchObject({
      err: {
        type: 'Error',
        message: 'token request failed',
        code: 'ECONNRESET',
        response: { data: { grant: { form: { client_secret: '[redacted]', refresh_token: '[redacted]' } } } },
      },
    });
    expect((failed?.err as { stack?: unknown }).stack).toEqual(
      expect.stringContaining('token request failed'),
    );
    // The object passed to the logger is not changed.
    expect(deep.a.b.c.d.e.client_secret).toBe('cs-6');
  });

  it('given a circular object, then secrets at every turn are redacted and the cycle is logged as [Circular]', () => {
    const { logger, lines } = captureLogs();
    const node: Record<string, unknown> = { name: 'n', password: 'pw-circ' };
    node.self = node;
    logger.info({ node }, 'circular');
    expect(lines()[0]).toMatchObject({ node: { name: 'n', password: '[redacted]', self: '[Circular]' } });
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
      requestId: response.headers['x-request-id'] as string,
    });
    const line = logs.lines().find((entry) => entry.msg === 'unexpected error while handling the request');
    expect(line).toMatchObject({
      level: 50,
      req: { id: response.headers['x-request-id'] as string },
      err: { message: 'database password is hunter2' },
    });
  });
});
