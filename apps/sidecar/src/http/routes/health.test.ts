import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from '../../test/fixtures.ts';

describe('probes', () => {
  it('GET /healthz answers ok without asking readiness', async () => {
    let asked = 0;
    const { app } = testApp({
      readiness: () => {
        asked++;
        return Promise.resolve({ ok: false, checks: {} });
      },
    });
    const response = await request(app).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(asked).toBe(0);
  });

  it('given readiness ok, then GET /readyz is 200 with the checks', async () => {
    const { app } = testApp({
      readiness: () => Promise.resolve({ ok: true, checks: { keycloak: { ok: true } } }),
    });
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, checks: { keycloak: { ok: true } } });
  });

  it('given readiness not ok, then GET /readyz is 503 with the failing check', async () => {
    const report = { ok: false, checks: { keycloak: { ok: false, detail: 'Keycloak is not reachable' } } };
    const { app } = testApp({ readiness: () => Promise.resolve(report) });
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body).toEqual(report);
  });

  it('given readiness throws, then GET /readyz is 503 and the error is logged, not shown', async () => {
    const { app, logs } = testApp({ readiness: () => Promise.reject(new Error('internal detail xyz')) });
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      ok: false,
      checks: { readiness: { ok: false, detail: 'the readiness check failed' } },
    });
    expect(response.text).not.toContain('xyz');
    expect(logs.text()).toContain('internal detail xyz');
  });
});
