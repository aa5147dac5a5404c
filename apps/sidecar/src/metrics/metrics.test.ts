import { epochSeconds } from '@credman/domain';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Router } from 'express';
import { CircuitBreaker } from '../keycloak/circuit-breaker.ts';
import { ApiError } from '../http/problems.ts';
import { healthRoutes } from '../http/routes/health.ts';
import { captureLogs, testApp } from '../test/fixtures.ts';
import { summarise } from '../overview/summary.ts';
import { createManagementApp, startManagementServer } from './http.ts';
import { Metrics, NO_ROUTE } from './metrics.ts';

const principal = {
  userId: 'u-1',
  username: 'olivia',
  name: 'Olivia',
  email: undefined,
  isOperator: true,
  managedClientIds: [],
  acr: 'mfa',
};

/** An app with one parameterised route that answers 200 for even numbers and 404 (thrown) otherwise. */
function appWithMetrics(metrics: Metrics) {
  const routes = (router: Router) => {
    router.get('/applications/:clientId', (req, res) => {
      const id = req.params['clientId'];
      if (Number(id.split('-').at(-1)) % 2 === 1) throw new ApiError('not-found', { detail: 'No such.' });
      res.json({ clientId: id });
    });
  };
  return testApp({
    metrics,
    verifyToken: () => Promise.resolve(principal),
    apiRoutes: [routes],
  }).app;
}

/** The series of one exposition: lines that are not comments, each `name{labels} value`. */
function series(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

function labelValues(text: string): string[] {
  return [...text.matchAll(/="([^"]*)"/g)].map((match) => match[1] ?? '');
}

describe('Metrics', () => {
  it('labels requests by route template and status, never by the raw path', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const app = appWithMetrics(metrics);
    await request(app)
      .get('/api/applications/Partner-NL-Acme-DM-2')
      .set('Authorization', 'Bearer x')
      .expect(200);
    await request(app)
      .get('/api/applications/Partner-NL-Acme-DM-3')
      .set('Authorization', 'Bearer x')
      .expect(404);
    await request(app).get('/healthz').expect(200);
    const text = (await metrics.exposition()).body;
    expect(text).toContain(
      'credman_http_request_duration_seconds_count{method="GET",route="/api/applications/:clientId",status="200"} 1',
    );
    // Thrown out of the /api router to the app's error handler: still the template, with its mount path.
    expect(text).toContain(
      'credman_http_request_duration_seconds_count{method="GET",route="/api/applications/:clientId",status="404"} 1',
    );
    expect(text).toContain(
      'credman_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1',
    );
    expect(text).not.toContain('Acme');
  });

  it('keeps the number of series bounded over many distinct paths, client IDs and methods', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const app = appWithMetrics(metrics);
    const count = async () => series((await metrics.exposition()).body).length;
    const burst = async (from: number) => {
      for (let i = from; i < from + 40; i++) {
        const clientId = `Partner-NL-Client${String(i)}-DM-${String(i)}`;
        await request(app).get(`/api/applications/${clientId}`).set('Authorization', 'Bearer x');
        await request(app)
          .get(`/api/no-such-${String(i)}`)
          .set('Authorization', 'Bearer x');
        await request(app).get(`/api/applications/${clientId}`); // 401 before routing
        await request(app).get(`/random/${clientId}/path`);
        await request(app).post(`/api/applications/${clientId}`).set('Authorization', 'Bearer x');
      }
    };
    await burst(0);
    const after40 = await count();
    await burst(40);
    expect(await count()).toBe(after40);
    const text = (await metrics.exposition()).body;
    for (const value of labelValues(text)) {
      expect(value).not.toMatch(/Client\d|Partner-|no-such|random/);
    }
    const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((match) => match[1]));
    expect([...routes].sort()).toEqual([NO_ROUTE, '/api/applications/:clientId'].sort());
  });

  it('bounds Keycloak call labels to operations and outcomes, and reads the breaker at scrape time', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, now: () => now });
    const metrics = new Metrics({ processMetrics: false });
    metrics.watchBreaker(breaker);
    metrics.observeKeycloakCall('get client', 'ok', 0.01);
    metrics.observeKeycloakCall('get client', 'unavailable', 5);
    expect((await metrics.exposition()).body).toContain('credman_keycloak_breaker_state{state="closed"} 1');
    breaker.recordUnavailable();
    let text = (await metrics.exposition()).body;
    expect(text).toContain('credman_keycloak_breaker_state{state="open"} 1');
    expect(text).toContain('credman_keycloak_breaker_state{state="closed"} 0');
    now = 1000;
    text = (await metrics.exposition()).body;
    expect(text).toContain('credman_keycloak_breaker_state{state="half-open"} 1');
    expect(text).toContain(
      'credman_keycloak_admin_call_duration_seconds_count{operation="get client",outcome="unavailable"} 1',
    );
  });

  it('exposes runs of the jobs and the realm gauges of the last scan', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.observeReminderRun(
      { applications: 5, due: 2, sent: 3, busy: 0, failed: 1 },
      2,
      1_800_000_000_000,
    );
    metrics.observeReminderRun(undefined, 1, 1_800_000_100_000);
    metrics.observeSweep({ applications: 10, swept: 2, failed: 1 }, 0.5, 1_800_000_000_000);
    metrics.observeRealmScan(
      summarise(
        [
          { clientId: 'Partner-NL-A-DM', sandboxOnly: false, document: undefined, managers: 1 },
          {
            clientId: 'Partner-NL-B-DM',
            sandboxOnly: false,
            // One deleted secret a system presented an hour before the scan.
            document: {
              schema: 1,
              revision: 1,
              writer: 'w',
              secrets: [
                {
                  id: 's1',
                  name: 'old',
                  hint: 'abc',
                  createdAt: epochSeconds(1_790_000_000),
                  createdBy: { id: 'u', username: 'u', name: 'U' },
                  expiresAt: epochSeconds(1_810_000_000),
                  expiresOn: '2027-05-12',
                  state: 'deleted',
                  retiredUse: {
                    firstAt: epochSeconds(1_799_990_000),
                    lastAt: epochSeconds(1_799_996_400),
                    count: 2,
                    addresses: ['192.0.2.7'],
                    lastEventMs: 1_799_996_400_000,
                  },
                },
              ],
            },
            managers: 2,
          },
        ],
        { startedAt: 1_800_000_000_000, endedAt: 1_800_000_001_000 },
      ),
      1,
    );
    const text = (await metrics.exposition()).body;
    expect(text).toContain('credman_reminder_runs_total{outcome="succeeded"} 1');
    expect(text).toContain('credman_reminder_runs_total{outcome="failed"} 1');
    expect(text).toContain('credman_reminder_last_success_timestamp_seconds 1800000000');
    expect(text).toContain('credman_reminder_notices_sent_total 3');
    expect(text).toContain('credman_reminder_notice_failures_total 1');
    expect(text).toContain('credman_sweeper_applications_total{result="swept"} 2');
    expect(text).toContain('credman_sweeper_applications_total{result="unchanged"} 7');
    expect(text).toContain('credman_due_index_fixes_total 0');
    expect(text).toContain('credman_realm_applications{condition="fewer-than-two-managers"} 1');
    expect(text).toContain('credman_realm_applications{condition="all"} 2');
    expect(text).toContain('credman_realm_scan_timestamp_seconds 1800000001');
    expect(text).toContain('credman_realm_retired_secrets_presented 1');
    expect(text).not.toContain('Partner');
  });

  it('keeps each instance to its own registry', async () => {
    const one = new Metrics({ processMetrics: false });
    const two = new Metrics({ processMetrics: false });
    one.claimConflicts.inc({ reason: 'held' });
    expect((await one.exposition()).body).toContain('credman_claim_conflicts_total{reason="held"} 1');
    expect((await two.exposition()).body).toContain('credman_claim_conflicts_total{reason="held"} 0');
  });

  it('serves /metrics and the probes on the management server', async () => {
    const metrics = new Metrics();
    const probes = healthRoutes(
      () => Promise.resolve({ ok: true, checks: { keycloak: { ok: true } } }),
      captureLogs().logger,
    );
    const server = await startManagementServer(createManagementApp(metrics, probes), 0, '127.0.0.1');
    try {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('# TYPE credman_http_request_duration_seconds histogram');
      expect(text).toContain('process_cpu_seconds_total');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/me`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('counts the due index fixes of each reconciliation, without a label', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.observeDueFixes(2);
    metrics.observeDueFixes(0);
    metrics.observeDueFixes(1);
    expect((await metrics.exposition()).body).toContain('credman_due_index_fixes_total 3');
  });
});
