// `npm run bench:extension`: what credman's Keycloak extension costs on the token endpoint. Starts two real
// Keycloaks of the pinned version on PostgreSQL with the demo realm (CLIENT_LOGIN events stored), one with the
// extension's JAR and one stock, and fires client-credentials requests at one application on each: with its
// current secret (the path every partner system takes), and refused ones (a wrong secret, a retired one) against
// an attribute credman.retired of BENCH_RETIRED_ENTRIES entries. Servers take turns in alternating rounds so that
// JIT warm-up and the load of a shared machine fall on both. Besides throughput it reads each Keycloak JVM's CPU
// time from /proc around every batch: CPU per request is what the extension adds, and unlike requests per second
// it does not move with what else the machine runs. Prints a Markdown table: ratios of one run, not a test
// (docs/operations.md).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { retiredSecretDigest } from '@credman/keycloak-double';
import {
  DEMO_REALM,
  adminRequest,
  demoImportFiles,
  demoRealmEnv,
  startKeycloak,
} from '@credman/keycloak-real';
import type { RealKeycloak, ServerAdmin } from '@credman/keycloak-real';
import { javaPidOfGroup, processCpuMs } from './testing/keycloak-stats-proxy.ts';

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const REQUESTS = positiveInteger('BENCH_TOKEN_REQUESTS', 2000);
const CONCURRENCY = positiveInteger('BENCH_TOKEN_CONCURRENCY', 8);
const RETIRED_ENTRIES = positiveInteger('BENCH_RETIRED_ENTRIES', 24);
const ROUNDS = 8;
const WARM_UP = 300;

function say(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function ok(response: Response): Promise<Response> {
  if (!response.ok)
    throw new Error(`HTTP ${String(response.status)} ${(await response.text()).slice(0, 300)}`);
  return response;
}

interface Application {
  clientId: string;
  current: string;
  retired: string;
}

/** One application as credman leaves it mid-rotation: two live secrets and its retired digests. */
async function createApplication(admin: ServerAdmin): Promise<Application> {
  const app = { clientId: 'Partner-NL-Bench-DM', current: randomBytes(24).toString('hex'), retired: '' };
  const now = Math.floor(Date.now() / 1000);
  const secrets = Array.from({ length: RETIRED_ENTRIES }, (_, i) => {
    const value = randomBytes(24).toString('hex');
    if (i === RETIRED_ENTRIES - 1) app.retired = value; // the last one read: the most hashing before a match
    const salt = randomBytes(16);
    return {
      id: `retired-${String(i)}`,
      salt: salt.toString('base64url'),
      sha256: retiredSecretDigest(salt, value).toString('base64url'),
      until: now + 86_400,
    };
  });
  await ok(
    await adminRequest(admin, `/admin/realms/${DEMO_REALM}/clients`, {
      method: 'POST',
      body: {
        clientId: app.clientId,
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        clientAuthenticatorType: 'client-secret',
        secret: app.current,
        attributes: {
          'client.secret.creation.time': String(now),
          'client.secret.rotated': randomBytes(24).toString('hex'),
          'client.secret.rotated.creation.time': String(now),
          'client.secret.rotated.expiration.time': String(now + 86_400),
          'credman.retired': JSON.stringify({ v: 1, secrets }),
        },
      },
    }),
  );
  return app;
}

type Path = 'current secret (200)' | 'wrong secret (401)' | 'retired secret (401)';

/** `count` requests, CONCURRENCY in flight; each one's latency in ms, and the wall time in s. */
async function fire(
  server: RealKeycloak,
  form: string,
  status: number,
  count: number,
): Promise<{ latencies: number[]; seconds: number }> {
  const url = `${server.url}/realms/${DEMO_REALM}/protocol/openid-connect/token`;
  if (new URL(url).hostname !== 'localhost') throw new Error(`refusing to load ${url}: not loopback`);
  const latencies: number[] = [];
  let left = count;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left--;
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      await response.arrayBuffer();
      if (response.status !== status)
        throw new Error(`expected ${String(status)}, got ${String(response.status)}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, seconds: (performance.now() - t0) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Row {
  requests: number;
  seconds: number;
  latencies: number[];
  /** The Keycloak JVM's CPU time over the row's batches, ms. */
  cpuMs: number;
}

function forms(app: Application): Record<Path, [string, number]> {
  const form = (secret: string) =>
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: secret,
    }).toString();
  return {
    'current secret (200)': [form(app.current), 200],
    'wrong secret (401)': [form(randomBytes(24).toString('hex')), 401],
    'retired secret (401)': [form(app.retired), 401],
  };
}

/** Alternating rounds: per path and server (`<path>|extension` or `<path>|stock`), all latencies and wall time. */
async function measure(withExtension: RealKeycloak, stock: RealKeycloak): Promise<Map<string, Row>> {
  const apps = new Map<RealKeycloak, Application>();
  for (const server of [withExtension, stock])
    apps.set(server, await createApplication({ url: server.url, ...server.admin }));
  for (const [server, app] of apps)
    for (const [form, status] of Object.values(forms(app))) await fire(server, form, status, WARM_UP);
  say(
    `${String(REQUESTS)} requests per path and server, ${String(CONCURRENCY)} in flight, ${String(ROUNDS)} rounds`,
  );
  const javaPids = new Map([withExtension, stock].map((server) => [server, javaPidOfGroup(server.pid)]));
  const rows = new Map<string, Row>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const server of round % 2 === 0 ? [withExtension, stock] : [stock, withExtension]) {
      for (const [path, [form, status]] of Object.entries(forms(apps.get(server) as Application))) {
        const key = `${path}|${server === withExtension ? 'extension' : 'stock'}`;
        const javaPid = javaPids.get(server) as number;
        const cpuBefore = processCpuMs(javaPid);
        const result = await fire(server, form, status, Math.ceil(REQUESTS / ROUNDS));
        const cpuMs = processCpuMs(javaPid) - cpuBefore;
        const row = rows.get(key) ?? { requests: 0, seconds: 0, latencies: [], cpuMs: 0 };
        row.cpuMs += cpuMs;
        row.requests += result.latencies.length;
        row.seconds += result.seconds;
        row.latencies.push(...result.latencies);
        rows.set(key, row);
      }
    }
  }
  return rows;
}

function report(server: RealKeycloak, rows: Map<string, Row>): string {
  const stat = (key: string) => {
    const row = rows.get(key) as Row;
    const sorted = [...row.latencies].sort((a, b) => a - b);
    return {
      rps: row.requests / row.seconds,
      cpu: row.cpuMs / row.requests,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
    };
  };
  const lines = [
    `Keycloak ${server.version}, Java ${String(server.javaMajor)}, ${server.database.kind}; ${String(REQUESTS)} requests per path and server, ${String(CONCURRENCY)} in flight; credman.retired with ${String(RETIRED_ENTRIES)} entries`,
    '',
    '| path | stock req/s | extension req/s | ratio | stock CPU ms/req | extension CPU ms/req | CPU ratio | stock p50 / p99 ms | extension p50 / p99 ms |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const path of ['current secret (200)', 'wrong secret (401)', 'retired secret (401)'] as Path[]) {
    const s = stat(`${path}|stock`);
    const e = stat(`${path}|extension`);
    lines.push(
      `| ${path} | ${s.rps.toFixed(0)} | ${e.rps.toFixed(0)} | ${(e.rps / s.rps).toFixed(3)} | ${s.cpu.toFixed(2)} | ${e.cpu.toFixed(2)} | ${(e.cpu / s.cpu).toFixed(3)} | ${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} | ${e.p50.toFixed(1)} / ${e.p99.toFixed(1)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  // Two starts share the machine's cores: each takes longer than one alone.
  const common = {
    httpPort: 0,
    importFiles: demoImportFiles(),
    env: demoRealmEnv(),
    readyTimeoutMs: 900_000,
    log: say,
  };
  const started = await Promise.allSettled([
    startKeycloak({ ...common, label: 'bench-extension', extension: true }),
    startKeycloak({ ...common, label: 'bench-stock', extension: false }),
  ]);
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopAll = () => Promise.all(servers.map((s) => s.stop()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [withExtension, stock] = servers as [RealKeycloak, RealKeycloak];
    process.stdout.write(report(withExtension, await measure(withExtension, stock)));
  } finally {
    await stopAll();
  }
}

await main();
