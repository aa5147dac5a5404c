// Paths whose percent-encoding does not decode: a client mistake, answered as a problem without an error log line
// (anyone could otherwise fire the "alert on any 500" at will).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoutes } from './routes/api-route.ts';
import { newKeyPair, serveJwks, signToken, testApp } from '../test/fixtures.ts';
import type { JwksServer } from '../test/fixtures.ts';

let dir: string;
let jwks: JwksServer;
let bearer: string;

const routes: ApiRoutes = (router) => {
  router.get('/applications/:clientId', (req, res) => {
    res.json({ clientId: req.params.clientId });
  });
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credman-encoding-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>credman</title>');
  const key = await newKeyPair('k1');
  jwks = await serveJwks([key]);
  bearer = `Bearer ${await signToken(key)}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await jwks.close();
});

describe('a path that does not decode', () => {
  it.each([
    '/%E0%A4%A',
    '/assets/%',
    '/applications/%C0',
    '/api/applications/%',
    '/api/applications/%E0%A4%A',
  ])('%s answers 400 problem+json and logs no error', async (path) => {
    const { app, logs } = testApp({ config: { spaDir: dir }, jwksUrl: jwks.url, apiRoutes: [routes] });
    const response = await request(app).get(path).set('Authorization', bearer);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.body).toMatchObject({ type: 'urn:credman:problem:validation-failed', status: 400 });
    expect(logs.lines().filter((line) => Number(line.level) >= 50)).toEqual([]);
  });

  it('still answers a well-encoded parameter', async () => {
    const { app } = testApp({ config: { spaDir: dir }, jwksUrl: jwks.url, apiRoutes: [routes] });
    const response = await request(app).get('/api/applications/Partner%2DNL').set('Authorization', bearer);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ clientId: 'Partner-NL' });
  });
});
