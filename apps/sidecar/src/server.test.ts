import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiRoutes } from './http/routes/api-route.ts';
import { keycloakReadiness } from './readiness.ts';
import { start } from './server.ts';
import type { RunningServer, StartOptions } from './server.ts';
import { captureLogs, newKeyPair, serveJwks, signToken, testConfig } from './test/fixtures.ts';
import { createTokenVerifier } from './http/auth.ts';
import type { TokenVerifier } from './http/auth.ts';

const running: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const rejectAll: TokenVerifier = () => Promise.reject(new Error('not used'));

async function startTest(overrides: Partial<StartOptions> = {}): Promise<RunningServer> {
  const server = await start({
    port: 0,
    host: '127.0.0.1',
    config: testConfig(),
    logger: captureLogs().logger,
    verifyToken: rejectAll,
    readiness: () => Promise.resolve({ ok: true, checks: {} }),
    ...overrides,
  });
  running.push(server);
  return server;
}

describe('start', () => {
  it('listens on a free port and serves over real HTTP', async () => {
    const server = await startTest();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the favicon at /favicon.ico and /favicon.svg, without a token and without a 404 line in the log', async () => {
    const logs = captureLogs();
    const server = await startTest({ logger: logs.logger });
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(await response.text()).toMatch(/^<svg /);
    }
    expect(JSON.stringify(logs.lines())).not.toContain('"statusCode":404');
  });

  it('given no host, then it listens on all interfaces and reports a localhost URL', async () => {
    const server = await startTest({ host: undefined });
    expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect((await fetch(`${server.url.replace('localhost', '127.0.0.1')}/healthz`)).status).toBe(200);
  });

  it('given a port in use, then start rejects', async () => {
    const first = await startTest();
    const port = Number(new URL(first.url).port);
    await expect(startTest({ port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('serves an authenticated request end to end with a JWKS fetched over loopback', async () => {
    const key = await newKeyPair('k1');
    const jwks = await serveJwks([key]);
    try {
      const verifyToken = createTokenVerifier({
        issuer: 'http://127.0.0.1:8180/realms/credman',
        jwksUrl: jwks.url,
        audience: 'credman-sidecar',
        consoleClientId: 'credman-console',
        mfaAcr: 'mfa',
        operatorRole: 'credman-operator',
        clock: () => new Date('2026-11-23T10:00:00Z'),
      });
      const server = await startTest({ verifyToken });
      const response = await fetch(`${server.url}/api/me`, {
        headers: { authorization: `Bearer ${await signToken(key)}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ username: 'mia' });
    } finally {
      await jwks.close();
    }
  });

  it('reports readiness from a Keycloak reached over HTTP', async () => {
    const keycloak = createServer((req, res) => {
      res.writeHead(req.url === '/realms/credman/.well-known/openid-configuration' ? 200 : 404).end('{}');
    });
    await new Promise<void>((resolve) => keycloak.listen(0, '127.0.0.1', resolve));
    const { port } = keycloak.address() as AddressInfo;
    try {
      const server = await startTest({
        readiness: keycloakReadiness({ issuer: `http://127.0.0.1:${port}/realms/credman`, timeoutMs: 1000 }),
      });
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, checks: { keycloak: { ok: true } } });
    } finally {
      await new Promise((resolve) => keycloak.close(resolve));
    }
  });
});

describe('close', () => {
  const slow: (ms: number) => ApiRoutes = (ms) => (router) => {
    router.get('/slow', (_req, res) => {
      setTimeout(() => res.json({ done: true }), ms);
    });
  };
  const acceptAll: TokenVerifier = () =>
    Promise.resolve({
      userId: 'u',
      username: 'u',
      name: 'u',
      email: undefined,
      isOperator: false,
      managedClientIds: [],
      acr: 'mfa',
    });

  it('lets an in-flight request finish, then stops accepting connections', async () => {
    const server = await startTest({ verifyToken: acceptAll, apiRoutes: [slow(150)] });
    const inFlight = fetch(`${server.url}/api/slow`, { headers: { authorization: 'Bearer x' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('cuts requests that outlive the grace period', async () => {
    const server = await startTest({
      verifyToken: acceptAll,
      apiRoutes: [slow(5_000)],
      shutdownGraceMs: 100,
    });
    const inFlight = fetch(`${server.url}/api/slow`, { headers: { authorization: 'Bearer x' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(inFlight).rejects.toThrow();
  });
});
