// The cluster suite's stack (vitest.cluster.config.ts): two Keycloak nodes clustered on one PostgreSQL database
// (@credman/keycloak-real's startKeycloakCluster) with the demo realm, and a credman replica per node as its own
// process: replica A in front of node 1, replica B in front of node 2. Users log in at the node their replica
// trusts (its issuer); a TOTP code is single-use across the cluster, so a second login of a user waits for the
// next 30-second step.
import { loginUser } from '@credman/keycloak-double';
import { DEMO_REALM, demoImportFiles, demoRealmEnv, startKeycloakCluster } from '@credman/keycloak-real';
import type { KeycloakCluster } from '@credman/keycloak-real';
import { USERS } from '../../e2e/testing/harness.ts';
import type { DemoUser } from '../../e2e/testing/harness.ts';
import { sidecarAdapter } from '../../testing/demo-double.ts';
import type { KeycloakAdminAdapter } from '../../keycloak/admin-adapter.ts';
import { startReplica } from './sidecar-process.ts';
import type { SidecarReplica } from './sidecar-process.ts';

export const CLUSTER_SIDECAR_SECRET = 'cluster-sidecar-secret';
export const REALM = DEMO_REALM;
/** Access tokens live 5 minutes in the demo realm; log in again after 4. */
const TOKEN_REUSE_MS = 240_000;

export interface ClusterStack {
  cluster: KeycloakCluster;
  /** Node URLs, 0-based (node 1 is nodeUrl(0)). */
  nodeUrl(node: number): string;
  replicas: [SidecarReplica, SidecarReplica];
  /** The sidecar's service account at a node (to read what Keycloak holds there). */
  adapter(node: number): KeycloakAdminAdapter;
  /** A bearer token of the user issued by the node the replica (0 = A, 1 = B) trusts. */
  token(user: DemoUser, replica: number): Promise<string>;
  api(
    user: DemoUser,
    replica: number,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<Response>;
  /** Whether `secret` gets a client_credentials token for `clientId` at the node's token endpoint. */
  tokenWorks(node: number, clientId: string, secret: string): Promise<boolean>;
  close(): Promise<void>;
}

function say(line: string): void {
  process.stderr.write(`[cluster] ${line}\n`);
}

export async function tokenWorksAt(nodeUrl: string, clientId: string, secret: string): Promise<boolean> {
  const response = await fetch(`${nodeUrl}/realms/${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

function tokenSource(nodeUrl: (node: number) => string): ClusterStack['token'] {
  // One login per user and node at a time: concurrent requests share it (parallel logins of one user with the
  // same TOTP code are refused).
  const tokens = new Map<string, { token: Promise<string>; at: number }>();
  const lastStep = new Map<DemoUser, number>();
  let logins = Promise.resolve();
  const login = async (user: DemoUser, node: number): Promise<string> => {
    if (lastStep.get(user) === Math.floor(Date.now() / 30_000))
      await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 250));
    lastStep.set(user, Math.floor(Date.now() / 30_000));
    const issued = await loginUser({
      issuer: `${nodeUrl(node)}/realms/${REALM}`,
      clientId: 'credman-console',
      redirectUri: 'http://localhost:5173/',
      ...USERS[user],
    });
    return issued.access_token;
  };
  return (user, node) => {
    const key = `${user}@${String(node)}`;
    const cached = tokens.get(key);
    if (cached && Date.now() - cached.at < TOKEN_REUSE_MS) return cached.token;
    // Logins one after the other, so the single-use TOTP step is tracked across nodes.
    const token = logins.then(() => login(user, node));
    logins = token.then(
      () => undefined,
      () => undefined,
    );
    tokens.set(key, { token, at: Date.now() });
    return token;
  };
}

export async function startClusterStack(): Promise<ClusterStack> {
  const cluster = await startKeycloakCluster({
    label: 'cluster',
    importFiles: demoImportFiles(),
    env: demoRealmEnv({ CREDMAN_SIDECAR_CLIENT_SECRET: CLUSTER_SIDECAR_SECRET }),
    log: say,
  });
  const nodeUrl = (node: number): string => {
    const server = cluster.nodes[node]?.server;
    if (!server) throw new Error(`no node ${String(node + 1)}`);
    return server.url;
  };
  const replica = (name: string, node: number) =>
    startReplica({ name, keycloakUrl: nodeUrl(node), realm: REALM, clientSecret: CLUSTER_SIDECAR_SECRET });
  const started: SidecarReplica[] = [];
  try {
    for (const [name, node] of [
      ['A', 0],
      ['B', 1],
    ] as const)
      started.push(await replica(name, node));
  } catch (error) {
    await Promise.all(started.map((r) => r.stop()));
    await cluster.stop();
    throw error;
  }
  const [a, b] = started;
  if (!a || !b) throw new Error('replicas missing');
  const replicas: [SidecarReplica, SidecarReplica] = [a, b];
  const token = tokenSource(nodeUrl);
  return {
    cluster,
    nodeUrl,
    replicas,
    adapter: (node) => sidecarAdapter(nodeUrl(node), REALM, CLUSTER_SIDECAR_SECRET),
    token,
    api: async (user, node, path, init = {}) =>
      fetch(`${replicas[node === 0 ? 0 : 1].url}/api${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${await token(user, node)}`, 'content-type': 'application/json' },
        // RequestInit takes no undefined.
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    tokenWorks: (node, clientId, secret) => tokenWorksAt(nodeUrl(node), clientId, secret),
    close: async () => {
      await Promise.all(replicas.map((r) => r.stop()));
      await cluster.stop();
    },
  };
}
