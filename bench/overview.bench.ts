// `npx tsx bench/overview.bench.ts`: what the operators' overview costs at N = 10,000 managed applications
// (BENCH_REMINDER_APPS) on the Keycloak double over HTTP (bench/testing/seeded-double.ts, a child process): one
// realm scan (time, Keycloak calls, credman's RSS) and GET /api/overview served from its summary (median and p95
// of 50 calls, body size raw and gzip). The request reads no client: its cost is the JSON of the summary.
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { KeycloakAdminAdapter } from '@credman/sidecar/keycloak/admin-adapter';
import { createLogger } from '@credman/sidecar/logging';
import { overviewBody, overviewRoutes } from '@credman/sidecar/http/routes/overview';
import { RealmScanner } from '@credman/sidecar/overview/realm-scan';
import { start } from '@credman/sidecar/server';
import { testConfig } from '@credman/sidecar/test/fixtures';
import { totalCalls } from './testing/admin-calls.ts';
import { startSeededDouble } from './testing/double-process.ts';
import {
  REALM,
  SCAN_AT,
  SIDECAR_CLIENT_ID,
  SIDECAR_SECRET,
  benchApplications,
} from './testing/reminder-scenario.ts';

const N = benchApplications();
const CALLS = 50;
const MB = 1024 * 1024;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

const double = await startSeededDouble();
try {
  const logger = createLogger({ level: 'warn' });
  const keycloak = new KeycloakAdminAdapter({
    baseUrl: double.url,
    realm: REALM,
    clientId: SIDECAR_CLIENT_ID,
    clientSecret: SIDECAR_SECRET,
    timeoutMs: 30_000,
  });
  const t0 = performance.now();
  const scanner = new RealmScanner({
    keycloak,
    catalogue: DEFAULT_API_CATALOGUE,
    logger,
    // The seeded realm's moment, moving on with the scan.
    now: () => SCAN_AT + (performance.now() - t0),
    intervalSeconds: 900,
  });
  const before = await double.stats();
  const summary = await scanner.runOnce();
  const scanMs = performance.now() - t0;
  const after = await double.stats();
  const rssMb = process.memoryUsage().rss / MB;

  const server = await start({
    port: 0,
    host: '127.0.0.1',
    config: testConfig({ rateLimitReadsPerMinute: 10_000 }),
    logger,
    verifyToken: () =>
      Promise.resolve({
        userId: 'bench',
        username: 'olivia',
        name: 'Olivia',
        email: undefined,
        isOperator: true,
        managedClientIds: [],
        acr: 'mfa',
      }),
    readiness: () => Promise.resolve({ ok: true, checks: {} }),
    apiRoutes: [overviewRoutes({ latest: () => summary })],
  });
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/overview`, {
      headers: { authorization: 'Bearer bench' },
    });
    const text = await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`GET /api/overview: ${String(response.status)}`);
    bytes = text.length;
  }
  await server.close();
  times.sort((a, b) => a - b);
  const gzip = gzipSync(JSON.stringify(overviewBody(summary))).length;
  const figures = {
    applications: N,
    scanned: summary.counts.applications,
    scanSeconds: Number((scanMs / 1000).toFixed(1)),
    scanKeycloakCalls: totalCalls(after.calls) - totalCalls(before.calls),
    credmanRssMb: Math.round(rssMb),
    overviewMedianMs: Number(percentile(times, 0.5).toFixed(1)),
    overviewP95Ms: Number(percentile(times, 0.95).toFixed(1)),
    overviewBodyKb: Math.round(bytes / 1024),
    overviewBodyGzipKb: Math.round(gzip / 1024),
    counts: summary.counts,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} finally {
  await double.close();
}
