// The REAL Prometheus (Debian's `prometheus` package, which .ci/run installs) scraping the sidecar PROCESS
// (src/main.ts) on its management port, against the Keycloak double: a manager's create and delete of a
// secret show up in a PromQL query through Prometheus' HTTP API, with route templates and no client ID in any
// label. Everything is polled for; ports come from the OS.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadRealm } from '@credman/realm';
import {
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  loginUser,
  startServer,
} from '@credman/keycloak-double';
import type { RunningServer } from '@credman/keycloak-double';
import { freePort } from '@credman/keycloak-real';

const SECRET = 'prometheus-e2e-sidecar-secret';
const DM = 'Partner-NL-OrganisationName-DM';
const sidecarDir = fileURLToPath(new URL('../..', import.meta.url));
const WAIT = { timeout: 30_000, interval: 250 };

let keycloak: RunningServer;
let sidecar: ChildProcess;
let prometheus: ChildProcess | undefined;
let sidecarUrl: string;
let prometheusUrl: string;
let dir: string;
const output: string[] = [];
const prometheusOutput: string[] = [];

function spawned(command: string, args: string[], options: Parameters<typeof spawn>[2], sink: string[]) {
  const child = spawn(command, args, options);
  child.stdout?.on('data', (chunk: Buffer) => sink.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => sink.push(chunk.toString('utf8')));
  return child;
}

function logged(pattern: RegExp): Promise<string> {
  return vi.waitFor(() => {
    const match = pattern.exec(output.join(''));
    if (!match?.[1]) throw new Error(`not logged yet: ${String(pattern)}`);
    return match[1];
  }, WAIT);
}

interface QueryResult {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function query(promql: string): Promise<QueryResult['data']['result']> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as QueryResult;
  expect(body.status).toBe('success');
  return body.data.result;
}

/** Waits until the query's single value is `expected`. */
async function eventually(promql: string, expected: number): Promise<void> {
  await vi.waitFor(async () => {
    const result = await query(promql);
    const value = result[0]?.value[1];
    if (value === undefined || Number(value) !== expected)
      throw new Error(`${promql} is ${value ?? 'empty'}, expected ${String(expected)}`);
  }, WAIT);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credman-prometheus-'));
  const double = await createKeycloakDouble({
    realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: SECRET }, demo: true }),
  });
  keycloak = await startServer(createDoubleApp(double, allRouteModules));
  sidecar = spawned(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts'],
    {
      cwd: sidecarDir,
      env: {
        PATH: process.env.PATH ?? '',
        CREDMAN_PORT: '0',
        CREDMAN_MANAGEMENT_PORT: '0',
        CREDMAN_KEYCLOAK_URL: keycloak.url,
        CREDMAN_CLIENT_SECRET: SECRET,
        CREDMAN_LOG_LEVEL: 'info',
        CREDMAN_SPA_DIR: '/nonexistent/credman-spa',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
    output,
  );
  sidecarUrl = await logged(/credman sidecar listening on (http:\/\/[^\s"]+)/);
  const managementUrl = await logged(/management server \(metrics\) listening on (http:\/\/[^\s"]+)/);
  const target = new URL(managementUrl);
  await writeFile(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: credman',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${target.port}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${String(port)}`;
  prometheus = spawned(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${String(port)}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
    prometheusOutput,
  );
  prometheus.on('error', (error) => prometheusOutput.push(`cannot start prometheus: ${error.message}`));
  await vi.waitFor(async () => {
    if (prometheus?.exitCode !== null)
      throw new Error(`prometheus exited: ${prometheusOutput.join('')} (apt-get install prometheus)`);
    const ready = await fetch(`${prometheusUrl}/-/ready`).catch(() => undefined);
    if (ready?.status !== 200) throw new Error('prometheus not ready yet');
  }, WAIT);
}, 90_000);

afterAll(async () => {
  const exited = (child: ChildProcess | undefined) =>
    child === undefined || child.exitCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          child.once('exit', () => {
            resolve();
          });
          child.kill('SIGTERM');
        });
  await Promise.all([exited(prometheus), exited(sidecar)]);
  await keycloak.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the real Prometheus scraping the sidecar', () => {
  it('finds the sidecar up on its management port, with the realm gauges of the first scan', async () => {
    await eventually('up{job="credman"}', 1);
    // The demo realm's managed applications, counted by the realm scan at start.
    await vi.waitFor(async () => {
      const [all] = await query('credman_realm_applications{condition="all"}');
      if (all === undefined || Number(all.value[1]) < 1) throw new Error('no realm scan yet');
    }, WAIT);
  }, 70_000);

  it('sees the request and Keycloak-call counters move after a create and a delete', async () => {
    const created =
      'sum(credman_http_request_duration_seconds_count{method="POST",route="/api/applications/:clientId/secrets",status="201"})';
    const deleted =
      'sum(credman_http_request_duration_seconds_count{method="DELETE",route="/api/applications/:clientId/secrets/:secretId",status="204"})';
    // Before: no such request has been made, so the series does not exist yet.
    expect(await query(created)).toEqual([]);
    const writesBefore = await query(
      'sum(credman_keycloak_admin_call_duration_seconds_count{operation="update client",outcome="ok"})',
    );
    const before = Number(writesBefore[0]?.value[1] ?? 0);

    const { access_token: token } = await loginUser({
      issuer: `${keycloak.url}/realms/credman`,
      clientId: 'credman-console',
      redirectUri: 'http://localhost:5173/',
      username: 'alice',
      password: 'demo-alice-password',
      totpSecret: 'credman-demo-alice12',
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const response = await fetch(`${sidecarUrl}/api/applications/${DM}/secrets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Scraped', expiresOn }),
    });
    expect(response.status).toBe(201);
    const { secret } = (await response.json()) as { secret: { id: string } };
    await eventually(created, 1);

    const removed = await fetch(`${sidecarUrl}/api/applications/${DM}/secrets/${secret.id}`, {
      method: 'DELETE',
      headers,
    });
    expect(removed.status).toBe(204);
    await eventually(deleted, 1);
    // A create and a delete each write the application once.
    await vi.waitFor(async () => {
      const [writes] = await query(
        'sum(credman_keycloak_admin_call_duration_seconds_count{operation="update client",outcome="ok"})',
      );
      if (writes === undefined || Number(writes.value[1]) < before + 2)
        throw new Error('writes not counted yet');
    }, WAIT);

    // No label value anywhere names the application or the user.
    const series = await query('{job="credman"}');
    expect(series.length).toBeGreaterThan(50);
    for (const { metric } of series)
      for (const value of Object.values(metric)) {
        expect(value).not.toContain('OrganisationName');
        expect(value).not.toContain('alice');
      }
  }, 120_000);
});
