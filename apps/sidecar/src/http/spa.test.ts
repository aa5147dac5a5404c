import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/fixtures.ts';
import { isHashedAsset, spaRouter } from './spa.ts';

let dir: string;
const INDEX = '<!doctype html><title>credman</title><div id="root"></div>';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'credman-spa-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-B1a2C3d4.js'), 'console.log(1)');
  writeFileSync(join(dir, 'robots.txt'), 'User-agent: *');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('static SPA', () => {
  const app = () => testApp({ config: { spaDir: dir } }).app;

  it('serves index.html at / with no-cache and the strict CSP', async () => {
    const response = await request(app()).get('/');
    expect(response.status).toBe(200);
    expect(response.text).toBe(INDEX);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves hashed assets with a long immutable cache', async () => {
    const response = await request(app()).get('/assets/index-B1a2C3d4.js');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves unhashed files with no-cache', async () => {
    const response = await request(app()).get('/robots.txt');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers client-side routes with index.html', async () => {
    const response = await request(app()).get('/applications/Partner-DE-Acme-SMC');
    expect(response.status).toBe(200);
    expect(response.text).toBe(INDEX);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('does not answer /api paths or missing files with index.html', async () => {
    const api = await request(app()).get('/api/unknown');
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const missing = await request(app()).get('/assets/gone-AAAAAAAA.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('is absent when the directory has no index.html', () => {
    expect(spaRouter(join(dir, 'assets'))).toBeUndefined();
    expect(spaRouter(join(dir, 'nope'))).toBeUndefined();
  });

  it.each([
    ['assets/index-B1a2C3d4.js', true],
    ['assets/vendor-Zz_9-xYw.css', true],
    ['assets/logo.svg', false],
    ['index.html', false],
    ['nested/assets/index-B1a2C3d4.js', false],
  ])('isHashedAsset(%s) = %s', (path, expected) => {
    expect(isHashedAsset(join(...path.split('/')))).toBe(expected);
  });
});
