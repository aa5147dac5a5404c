// The real-Keycloak mode of bench/sidecar.bench.ts: provisions the pinned Keycloak on PostgreSQL
// (@credman/keycloak-real), points the sidecar's e2e harness at it through the variables the harness reads,
// seeds managed applications through the Admin REST API, and measures the token endpoint with CLIENT_LOGIN
// events stored and not stored.
import { performance } from 'node:perf_hooks';
import { DEFAULT_ARGS, adminRequest, psql, startKeycloak } from '@credman/keycloak-real';
import type {
  KeycloakDatabase,
  RealKeycloak,
  ServerAdmin,
  StartKeycloakOptions,
} from '@credman/keycloak-real';

export interface BenchKeycloak {
  admin: ServerAdmin;
  /** The server itself (kc.sh's process group, management URL) for CPU and heap figures. */
  server: RealKeycloak;
  /** Version, database and start-up time, for the report. */
  description: string;
  stop(): Promise<void>;
}

/**
 * A Keycloak for a benchmark; `options` may choose the extension (loaded by default), ports and a database of the
 * caller's (bench/scale.real.ts restarts one server on the same database and port to compare).
 */
export async function startBenchKeycloak(
  args: string[] = DEFAULT_ARGS,
  options: Partial<
    Pick<
      StartKeycloakOptions,
      'extension' | 'database' | 'httpPort' | 'managementPort' | 'label' | 'buildFrom'
    >
  > = {},
): Promise<BenchKeycloak> {
  // Keycloak runs in a process group of its own, so Ctrl+C in the terminal does not reach it: stop it here (while
  // it is still starting, exiting is enough: startKeycloak kills it when this process exits).
  let stopKeycloak = (): Promise<void> => Promise.resolve();
  const onSignal = (): void => {
    void stopKeycloak().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // No realm import at start-up: startE2e imports a fresh copy of the demo realm for every run itself.
  const kc = await startKeycloak({
    label: 'bench',
    httpPort: 0,
    ...options,
    args,
    log: (line) => process.stderr.write(`[keycloak] ${line}\n`),
  });
  stopKeycloak = () => kc.stop();
  // What startE2e reads (apps/sidecar/src/testing/test-keycloak.ts) to run against this server.
  Object.assign(process.env, {
    KEYCLOAK_URL: kc.url,
    KEYCLOAK_ADMIN_USERNAME: kc.admin.username,
    KEYCLOAK_ADMIN_PASSWORD: kc.admin.password,
  });
  const database =
    kc.database.kind === 'postgres' ? 'PostgreSQL' : `dev-file database (${kc.database.reason})`;
  return {
    admin: { url: kc.url, ...kc.admin },
    server: kc,
    description: `Keycloak ${kc.version} on ${database}, Java ${String(kc.javaMajor)}, started in ${(kc.startupMs / 1000).toFixed(0)} s`,
    stop: async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await kc.stop();
    },
  };
}

/** A copy of a PostgreSQL database (CREATE DATABASE … TEMPLATE: nothing may be connected to it meanwhile). */
export async function copyDatabase(database: KeycloakDatabase, suffix: string): Promise<KeycloakDatabase> {
  if (database.kind !== 'postgres') throw new Error(`cannot copy a ${database.kind} database`);
  const copy = { ...database, name: `${database.name}_${suffix}`.slice(0, 63) };
  const sql = (command: string) => psql(database.server, command);
  await sql(`DROP DATABASE IF EXISTS ${copy.name} WITH (FORCE)`);
  await sql(`CREATE DATABASE ${copy.name} TEMPLATE ${database.name}`);
  return copy;
}

export interface ClientRepresentation {
  clientId: string;
  secret?: string;
  [field: string]: unknown;
}

async function ok(response: Response): Promise<Response> {
  if (!response.ok)
    throw new Error(`HTTP ${String(response.status)} ${(await response.text()).slice(0, 500)}`);
  return response;
}

// Small partial imports, a few at a time: one import of 1000 clients took minutes (its cost grows faster than
// linearly with the batch), and single POSTs (client, then role) were about four times slower than batches of 25.
const SEED_BATCH = 25;
const SEED_CONCURRENCY = 4;

/**
 * Creates the clients, each with its service account and its `credential-manager` client role (which makes it a
 * managed application).
 */
export async function seedApplications(
  admin: ServerAdmin,
  realm: string,
  clients: ClientRepresentation[],
): Promise<void> {
  const batches: ClientRepresentation[][] = [];
  for (let i = 0; i < clients.length; i += SEED_BATCH) batches.push(clients.slice(i, i + SEED_BATCH));
  const next = batches.entries();
  const worker = async (): Promise<void> => {
    for (const [, batch] of next) {
      const response = await ok(
        await adminRequest(admin, `/admin/realms/${realm}/partialImport`, {
          method: 'POST',
          body: {
            ifResourceExists: 'FAIL',
            clients: batch,
            roles: {
              client: Object.fromEntries(batch.map((c) => [c.clientId, [{ name: 'credential-manager' }]])),
            },
            // A partial import does not create the service-account user that creating a client does; without it
            // the client gets no tokens.
            users: batch.map((c) => ({
              username: `service-account-${c.clientId.toLowerCase()}`,
              enabled: true,
              serviceAccountClientId: c.clientId,
            })),
          },
        }),
      );
      const { added } = (await response.json()) as { added: number };
      if (added !== 3 * batch.length)
        throw new Error(`partial import added ${String(added)} of ${String(3 * batch.length)} resources`);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

export interface ThroughputRow {
  events: 'on' | 'off';
  requests: number;
  seconds: number;
  /** CLIENT_LOGIN events of the client stored during the requests. */
  eventRows: number;
}

function positiveInteger(name: string, fallback: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name} must be an integer from 1 to ${String(max)}`);
  return value;
}

/** Requests per events setting, and how many are in flight at once. */
export const TOKEN_REQUESTS = positiveInteger('BENCH_TOKEN_REQUESTS', 2000, 100_000);
export const TOKEN_CONCURRENCY = positiveInteger('BENCH_TOKEN_CONCURRENCY', 8, 64);
const WARM_UP = 300;

/** `count` token requests, TOKEN_CONCURRENCY in flight; the seconds they took. */
async function fireTokenRequests(tokenUrl: string, form: string, count: number): Promise<number> {
  let left = count;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left--;
      const response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      await ok(response);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: TOKEN_CONCURRENCY }, worker));
  return (performance.now() - t0) / 1000;
}

/**
 * Client-credentials token requests for one client with events as the realm has them (CLIENT_LOGIN stored), then
 * with the realm's events switched off. The settings alternate over two rounds each, after a warm-up, so that
 * JIT warm-up and drifting load on a shared machine do not all fall on one side.
 */
export async function tokenThroughput(
  admin: ServerAdmin,
  realm: string,
  client: { clientId: string; secret: string },
): Promise<ThroughputRow[]> {
  const tokenUrl = `${admin.url}/realms/${realm}/protocol/openid-connect/token`;
  // A load generator: only ever aimed at the server this benchmark started on this machine.
  if (!['localhost', '127.0.0.1', '[::1]'].includes(new URL(tokenUrl).hostname))
    throw new Error(`refusing to load ${tokenUrl}: not a loopback address`);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.secret,
  }).toString();
  const fire = (count: number): Promise<number> => fireTokenRequests(tokenUrl, form, count);
  const eventRows = async (): Promise<number> => {
    const path = `/admin/realms/${realm}/events?type=CLIENT_LOGIN&client=${encodeURIComponent(client.clientId)}&max=1000000`;
    return ((await (await ok(await adminRequest(admin, path))).json()) as unknown[]).length;
  };
  const configPath = `/admin/realms/${realm}/events/config`;
  const config = (await (await ok(await adminRequest(admin, configPath))).json()) as {
    eventsEnabled: boolean;
    enabledEventTypes?: string[];
  };
  if (!config.eventsEnabled || !config.enabledEventTypes?.includes('CLIENT_LOGIN'))
    throw new Error(`the realm ${realm} does not store CLIENT_LOGIN events: nothing to compare`);
  const setEvents = async (enabled: boolean): Promise<void> => {
    await ok(
      await adminRequest(admin, configPath, { method: 'PUT', body: { ...config, eventsEnabled: enabled } }),
    );
  };

  await fire(WARM_UP);
  const rows: Record<'on' | 'off', ThroughputRow> = {
    on: { events: 'on', requests: 0, seconds: 0, eventRows: 0 },
    off: { events: 'off', requests: 0, seconds: 0, eventRows: 0 },
  };
  const round = Math.ceil(TOKEN_REQUESTS / 2);
  for (const setting of ['on', 'off', 'on', 'off'] as const) {
    await setEvents(setting === 'on');
    const count = Math.min(round, TOKEN_REQUESTS - rows[setting].requests);
    const before = await eventRows();
    rows[setting].seconds += await fire(count);
    rows[setting].requests += count;
    rows[setting].eventRows += (await eventRows()) - before;
  }
  await setEvents(true);
  return [rows.on, rows.off];
}
