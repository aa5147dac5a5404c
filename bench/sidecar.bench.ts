// `npm run bench`: the sidecar's cost on top of Keycloak, measured against the Keycloak double over HTTP (the
// same two-server stack as the sidecar's e2e tests). For N managed applications it times GET /api/applications
// and a secret create + delete through the sidecar, next to the raw admin-client calls the same operation needs,
// and counts the Keycloak requests each made. Ratios are computed within one run (shared, noisy machines):
// read the ratios, not the absolute times.
// `npm run bench -- --real-keycloak` (or BENCH_KEYCLOAK=real) runs the same against the REAL Keycloak, which the
// bench starts and stops itself (bench/testing/real-keycloak.ts), and adds the token endpoint's throughput with
// CLIENT_LOGIN events stored and not stored.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { ServerAdmin } from '@credman/keycloak-real';
import { createClient } from '@credman/keycloak-double/import-realm';
import { SIDECAR_CLIENT_ID, SIDECAR_SECRET, startE2e } from '@credman/sidecar/e2e/testing/harness';
import type { E2e } from '@credman/sidecar/e2e/testing/harness';
import { createLogger } from '@credman/sidecar/logging';
import { startFaultProxy } from '@credman/sidecar/testing/fault-proxy';
import {
  TOKEN_CONCURRENCY,
  seedApplications,
  startBenchKeycloak,
  tokenThroughput,
} from './testing/real-keycloak.ts';
import type { BenchKeycloak, ClientRepresentation, ThroughputRow } from './testing/real-keycloak.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const APP = 'Partner-NL-OrganisationName-DM';
const REAL =
  parseArgs({ options: { 'real-keycloak': { type: 'boolean' } } }).values['real-keycloak'] === true ||
  process.env.BENCH_KEYCLOAK === 'real';

interface Row {
  n: number;
  operation: string;
  sidecarMs: number;
  rawMs: number;
  sidecarCalls: number;
  rawCalls: number;
}

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function benchClient(i: number): ClientRepresentation {
  return {
    clientId: `Partner-NL-Bench${String(i).padStart(5, '0')}-DM`,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
  };
}

/**
 * N more managed applications (setup is not what is measured): in the double's model, or on the real server
 * through its Admin REST API.
 */
async function addApplications(e2e: E2e, n: number, admin: ServerAdmin | undefined): Promise<void> {
  if (admin) {
    await seedApplications(
      admin,
      e2e.realm,
      Array.from({ length: n }, (_, i) => benchClient(i)),
    );
    return;
  }
  const realm = e2e.double.realm;
  for (let i = 0; i < n; i++) {
    const client = createClient(realm, benchClient(i));
    const id = crypto.randomUUID();
    realm.roles.set(id, {
      id,
      name: 'credential-manager',
      containerId: client.id,
      clientRole: true,
      composites: new Set(),
      attributes: {},
    });
  }
}

async function checked(response: Promise<Response>): Promise<unknown> {
  const answer = await response;
  if (!answer.ok) throw new Error(`HTTP ${String(answer.status)} ${await answer.text()}`);
  return answer.status === 204 ? undefined : answer.json();
}

async function benchSize(n: number, admin: ServerAdmin | undefined): Promise<Row[]> {
  // Production settings where they matter for speed: the 30 s manager-rights cache and an info-level logger.
  const e2e = await startE2e({
    rateLimitMutationsPerMinute: 100_000,
    managerRightsTtlMs: 30_000,
    logger: createLogger({ level: 'silent' }),
  });
  // On the real server the harness counts the sidecar's calls at a recording proxy; the raw client goes through
  // one too, so both pay the same hop and are counted alike. The double counts every call itself.
  const rawProxy = admin ? await startFaultProxy(e2e.keycloakUrl) : undefined;
  try {
    return await measureSize(e2e, n, admin, rawProxy);
  } finally {
    await rawProxy?.close();
    await e2e.close();
  }
}

interface Measured {
  ms: number;
  calls: number;
}

/** The median time of REPEAT runs and the Keycloak calls one run made. */
async function measure(calls: () => number, run: () => Promise<unknown>): Promise<Measured> {
  const before = calls();
  const ms = await median(run);
  return { ms, calls: (calls() - before) / REPEAT };
}

async function rawAdminClient(baseUrl: string, realm: string): Promise<KeycloakAdminClient> {
  const raw = new KeycloakAdminClient({ baseUrl, realmName: realm });
  await raw.auth({
    grantType: 'client_credentials',
    clientId: SIDECAR_CLIENT_ID,
    clientSecret: SIDECAR_SECRET,
  });
  return raw;
}

/** Create + delete on the demo DM application (alice manages it), so it never fills up. */
async function sidecarCycle(e2e: E2e): Promise<void> {
  const created = (await checked(
    e2e.api('alice', `/applications/${APP}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'bench', expiresOn: e2e.dateIn(90) }),
    }),
  )) as { secret: { id: string } };
  await checked(
    e2e.api('alice', `/applications/${APP}/secrets/${created.secret.id}?force=true`, { method: 'DELETE' }),
  );
}

/**
 * The raw equivalent of create + delete, twice: find the client, claim the next revision (a role create), PUT
 * the slots with the same attributes credman carries (its secrets document and audit trail: same bytes), drop
 * the previous claim. That is what each mutation needs to be safe across replicas.
 */
async function rawCycle(raw: KeycloakAdminClient, now: number): Promise<void> {
  for (let step = 0; step < 2; step++) {
    const [client] = await raw.clients.find({ clientId: APP });
    if (!client?.id) throw new Error('no client');
    const claim = `bench.claim.${crypto.randomUUID()}`;
    await raw.clients.createRole({ id: client.id, name: claim });
    await raw.clients.update(
      { id: client.id },
      {
        clientId: APP,
        secret: crypto.randomUUID(),
        attributes: {
          ...client.attributes,
          'client.secret.expiration.time': String(Math.floor(now / 1000) + 3600),
        },
      },
    );
    await raw.clients.delRole({ id: client.id, roleName: claim });
  }
}

/** The raw call behind one page of the operator's list: 100 clients and one more to know whether more follow. */
async function rawListPage(raw: KeycloakAdminClient): Promise<void> {
  await raw.clients.find({ clientId: 'Partner', search: true, first: 0, max: 101 });
}

function row(n: number, operation: string, sidecar: Measured, raw: Measured): Row {
  return {
    n,
    operation,
    sidecarMs: sidecar.ms,
    rawMs: raw.ms,
    sidecarCalls: sidecar.calls,
    rawCalls: raw.calls,
  };
}

async function measureSize(
  e2e: E2e,
  n: number,
  admin: ServerAdmin | undefined,
  rawProxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined,
): Promise<Row[]> {
  await addApplications(e2e, n, admin);
  const rawCalls = rawProxy
    ? () => rawProxy.requests((request) => request.path.startsWith('/admin/')).length
    : () => e2e.adminCalls();
  const sidecarCalls = () => e2e.adminCalls();
  const raw = await rawAdminClient(rawProxy?.url ?? e2e.keycloakUrl, e2e.realm);
  // Warm both paths (JWKS, service-account tokens, logins).
  await checked(e2e.api('olivia', '/applications'));
  await e2e.token('alice');
  await raw.clients.find({ clientId: 'Partner', search: true, max: 100 });

  const listSidecar = await measure(sidecarCalls, () => checked(e2e.api('olivia', '/applications?max=100')));
  const listRaw = await measure(rawCalls, () => rawListPage(raw));
  const cycleSidecar = await measure(sidecarCalls, () => sidecarCycle(e2e));
  const cycleRaw = await measure(rawCalls, () => rawCycle(raw, e2e.clock.now()));
  return [
    row(n, 'GET /api/applications', listSidecar, listRaw),
    row(n, 'create + delete a secret', cycleSidecar, cycleRaw),
  ];
}

/** The token endpoint with and without CLIENT_LOGIN events, in a realm of its own with one known secret. */
async function tokens(admin: ServerAdmin): Promise<ThroughputRow[]> {
  const e2e = await startE2e({ logger: createLogger({ level: 'silent' }) });
  try {
    const client = { clientId: 'Partner-NL-BenchTokens-DM', secret: 'bench-token-secret' };
    await seedApplications(admin, e2e.realm, [{ ...benchClient(0), ...client }]);
    return await tokenThroughput(admin, e2e.realm, client);
  } finally {
    await e2e.close();
  }
}

const all: Row[] = [];
let keycloak: BenchKeycloak | undefined;
let throughput: ThroughputRow[] = [];
try {
  if (REAL) keycloak = await startBenchKeycloak();
  for (const n of SIZES) all.push(...(await benchSize(n, keycloak?.admin)));
  if (keycloak) throughput = await tokens(keycloak.admin);
} finally {
  await keycloak?.stop();
}
if (keycloak) process.stdout.write(`Real Keycloak: ${keycloak.description}\n\n`);
const table = [
  '| N | operation | sidecar ms | raw ms | time ratio | Keycloak calls (sidecar) | calls (raw) | list-call target (1 page + 2) |',
  '|---|---|---|---|---|---|---|---|',
  ...all.map(
    (r) =>
      `| ${String(r.n)} | ${r.operation} | ${r.sidecarMs.toFixed(1)} | ${r.rawMs.toFixed(1)} | ${(r.sidecarMs / r.rawMs).toFixed(2)} | ${r.sidecarCalls.toFixed(1)} | ${r.rawCalls.toFixed(1)} | ${r.operation.startsWith('GET') ? '3' : '—'} |`,
  ),
];
process.stdout.write(`${table.join('\n')}\n`);
if (keycloak) {
  const [on, off] = throughput.map((r) => ({ ...r, perSecond: r.requests / r.seconds }));
  if (!on || !off) throw new Error('no throughput measured');
  process.stdout.write(
    [
      '',
      `Token endpoint, client credentials, one client: ${String(on.requests)} requests per setting in two alternating rounds, ${String(TOKEN_CONCURRENCY)} in flight`,
      '',
      '| CLIENT_LOGIN events | requests | seconds | requests/s | event rows written |',
      '|---|---|---|---|---|',
      ...[on, off].map(
        (r) =>
          `| ${r.events} | ${String(r.requests)} | ${r.seconds.toFixed(1)} | ${r.perSecond.toFixed(0)} | ${String(r.eventRows)} |`,
      ),
      '',
      `Events off / on: ${(off.perSecond / on.perSecond).toFixed(2)}× the requests per second`,
      '',
    ].join('\n'),
  );
}
