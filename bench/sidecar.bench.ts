// `npm run bench`: the sidecar's cost on top of Keycloak, measured against the Keycloak double over HTTP.
// For N managed applications it times GET /api/applications, a secret create and a delete through the sidecar,
// next to the raw admin-client calls the same operation needs, and counts the Keycloak requests each made.
// Ratios are computed within one run (shared, noisy machines): read the ratios, not the absolute times.
import { performance } from 'node:perf_hooks';
import { Hono } from 'hono';
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { loadRealm } from '@credman/realm';
import {
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  loginUser,
  startServer,
} from '@credman/keycloak-double';
import { CredentialService } from '../apps/sidecar/src/credentials/credential-service.ts';
import { createTokenVerifier } from '../apps/sidecar/src/http/auth.ts';
import { keycloakManagerRights } from '../apps/sidecar/src/http/keycloak-manager-rights.ts';
import { cacheManagerRights } from '../apps/sidecar/src/http/manager-rights.ts';
import { apiRoutes } from '../apps/sidecar/src/http/routes/api-routes.ts';
import { KeycloakAdminAdapter } from '../apps/sidecar/src/keycloak/admin-adapter.ts';
import { createLogger } from '../apps/sidecar/src/logging.ts';
import { start } from '../apps/sidecar/src/server.ts';

const SIDECAR_SECRET = 'bench-sidecar-secret';
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

interface Row {
  n: number;
  operation: string;
  sidecarMs: number;
  rawMs: number;
  sidecarCalls: number;
  rawCalls: number;
}

async function median(repeat: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function benchSize(n: number): Promise<Row[]> {
  const double = await createKeycloakDouble({
    realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: SIDECAR_SECRET }, demo: true }),
  });
  // N extra managed applications, made in the model (setup is not what is measured).
  const template = double.realm.clientByClientId('Partner-NL-OrganisationName-DM');
  if (!template) throw new Error('demo realm without the DM application');
  const { createClient } = await import('../packages/keycloak-double/src/import/import-realm.ts');
  for (let i = 0; i < n; i++) {
    const client = createClient(double.realm, {
      clientId: `Partner-NL-Bench${String(i).padStart(5, '0')}-DM`,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
    });
    const id = crypto.randomUUID();
    double.realm.roles.set(id, {
      id,
      name: 'credential-manager',
      containerId: client.id,
      clientRole: true,
      composites: new Set(),
      attributes: {},
    });
  }
  let keycloakCalls = 0;
  const counted = new Hono();
  counted.use('/admin/*', async (_c, next) => {
    keycloakCalls++;
    await next();
  });
  counted.route('/', createDoubleApp(double, allRouteModules));
  const kc = await startServer(counted as unknown as Parameters<typeof startServer>[0]);
  const issuer = `${kc.url}/realms/credman`;
  const keycloak = new KeycloakAdminAdapter({
    baseUrl: kc.url,
    realm: 'credman',
    clientId: 'credman-sidecar',
    clientSecret: SIDECAR_SECRET,
    timeoutMs: 10_000,
  });
  const sidecar = await start({
    port: 0,
    config: {
      publicUrl: 'http://localhost',
      trustProxyHops: 0,
      rateLimitMutationsPerMinute: 100_000,
      spaDir: '/nonexistent',
      keycloak: { url: kc.url },
    },
    logger: createLogger({ level: 'silent' }),
    verifyToken: createTokenVerifier({
      issuer,
      jwksUrl: `${issuer}/protocol/openid-connect/certs`,
      audience: 'credman-sidecar',
      consoleClientId: 'credman-console',
      mfaAcr: 'mfa',
      operatorRole: 'credman-operator',
      clock: () => new Date(),
    }),
    readiness: () => Promise.resolve({ ok: true, checks: {} }),
    managerRights: cacheManagerRights(keycloakManagerRights(keycloak)),
    apiRoutes: apiRoutes({
      keycloak,
      catalogue: DEFAULT_API_CATALOGUE,
      now: () => Date.now(),
      credentials: new CredentialService({
        keycloak,
        now: () => Date.now(),
        config: { zone: 'UTC', catalogue: DEFAULT_API_CATALOGUE },
      }),
      tokenEndpoint: `${issuer}/protocol/openid-connect/token`,
    }),
  });
  const login = (username: string, password: string, totpSecret: string) =>
    loginUser({
      issuer,
      clientId: 'credman-console',
      redirectUri: 'http://localhost:5173/',
      username,
      password,
      totpSecret,
    });
  const operator = (await login('olivia', 'demo-olivia-password', 'credman-demo-olivia1')).access_token;
  const manager = (await login('alice', 'demo-alice-password', 'credman-demo-alice12')).access_token;
  const call = (token: string, path: string, init: { method?: string; body?: string } = {}) =>
    fetch(`${sidecar.url}/api${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    }).then(async (response) => {
      if (!response.ok) throw new Error(`${path}: HTTP ${String(response.status)} ${await response.text()}`);
      return response.status === 204 ? undefined : response.json();
    });
  const raw = new KeycloakAdminClient({ baseUrl: kc.url, realmName: 'credman' });
  await raw.auth({
    grantType: 'client_credentials',
    clientId: 'credman-sidecar',
    clientSecret: SIDECAR_SECRET,
  });
  // Warm both paths (JWKS, service-account token, manager-rights cache).
  await call(operator, '/applications');
  await raw.clients.find({ clientId: 'Partner', search: true, max: 100 });

  const measure = async (run: () => Promise<unknown>) => {
    const before = keycloakCalls;
    const ms = await median(REPEAT, run);
    return { ms, calls: (keycloakCalls - before) / REPEAT };
  };
  const rows: Row[] = [];

  const listSidecar = await measure(() => call(operator, '/applications?max=100'));
  const listRaw = await measure(async () => {
    for (let first = 0; ; first += 100) {
      const page = await raw.clients.find({ clientId: 'Partner', search: true, first, max: 100 });
      if (page.length < 100) return;
    }
  });
  rows.push({
    n,
    operation: 'GET /api/applications',
    sidecarMs: listSidecar.ms,
    rawMs: listRaw.ms,
    sidecarCalls: listSidecar.calls,
    rawCalls: listRaw.calls,
  });

  // Create + delete on the demo DM application (alice manages it), alternating so it never fills up.
  const app = 'Partner-NL-OrganisationName-DM';
  const expiresOn = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  let createdIds: string[] = [];
  const createSidecar = await measure(async () => {
    const created = (await call(manager, `/applications/${app}/secrets`, {
      method: 'POST',
      body: JSON.stringify({ name: 'bench', expiresOn }),
    })) as { secret: { id: string } };
    createdIds.push(created.secret.id);
    await call(manager, `/applications/${app}/secrets/${created.secret.id}?force=true`, { method: 'DELETE' });
    createdIds = [];
  });
  // The raw equivalent of create + delete: find the client, write the slots, read back; twice.
  const rawCycle = async () => {
    for (let step = 0; step < 2; step++) {
      const [client] = await raw.clients.find({ clientId: app });
      if (!client?.id) throw new Error('no client');
      await raw.clients.update(
        { id: client.id },
        {
          clientId: app,
          secret: crypto.randomUUID(),
          attributes: { 'client.secret.expiration.time': String(Math.floor(Date.now() / 1000) + 3600) },
        },
      );
      await raw.clients.findOne({ id: client.id });
    }
  };
  const createRaw = await measure(rawCycle);
  rows.push({
    n,
    operation: 'create + delete a secret',
    sidecarMs: createSidecar.ms,
    rawMs: createRaw.ms,
    sidecarCalls: createSidecar.calls,
    rawCalls: createRaw.calls,
  });

  await sidecar.close();
  await kc.close();
  return rows;
}

const all: Row[] = [];
for (const n of SIZES) all.push(...(await benchSize(n)));
const table = [
  '| N | operation | sidecar ms | raw ms | time ratio | Keycloak calls (sidecar) | calls (raw) | list-call target ⌈N/100⌉+2 |',
  '|---|---|---|---|---|---|---|---|',
  ...all.map(
    (r) =>
      `| ${String(r.n)} | ${r.operation} | ${r.sidecarMs.toFixed(1)} | ${r.rawMs.toFixed(1)} | ${(r.sidecarMs / r.rawMs).toFixed(2)} | ${r.sidecarCalls.toFixed(1)} | ${r.rawCalls.toFixed(1)} | ${r.operation.startsWith('GET') ? String(Math.ceil((r.n + 3) / 100) + 2) : '—'} |`,
  ),
];
process.stdout.write(`${table.join('\n')}\n`);
