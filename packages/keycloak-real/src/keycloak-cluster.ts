// N real Keycloak nodes on ONE PostgreSQL database, clustered the way Keycloak 26 clusters by default: `kc.sh
// start` (start-dev forces the local cache), embedded Infinispan over JGroups' jdbc-ping stack, which discovers
// the other nodes through a table in that database. Each node has its own HTTP, management and cluster port
// (README.md "Cluster"). Node 1 builds (re-augments) in its own run directory; the others start from a copy
// of that build, after node 1 is ready, so no two builds race and the schema is created once.
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freshDatabase, dropDatabase } from './database.ts';
import { distributionCacheDir } from './distribution.ts';
import { pinnedKeycloakVersion } from './pinned-version.ts';
import type { KeycloakDatabase } from './database.ts';
import { instanceLabel, startKeycloak } from './keycloak-server.ts';
import type { RealKeycloak, StartKeycloakOptions } from './keycloak-server.ts';
import { freePort, portIsFree } from './ports.ts';

/** Production mode over plain HTTP on loopback, clustered; the build options every node must share. */
export const CLUSTER_ARGS = [
  'start',
  '--http-enabled=true',
  '--hostname-strict=false',
  '--import-realm',
  '--features=client-secret-rotation',
  '--cache=ispn',
  '--cache-stack=jdbc-ping',
  '--metrics-enabled=true',
  '--cache-embedded-network-bind-address=127.0.0.1',
];

/** One node's heap: two nodes, the sidecars and the tests share two cores and a few GB. */
export const CLUSTER_NODE_HEAP = '-Xms128m -Xmx768m';

export interface ClusterOptions extends Pick<
  StartKeycloakOptions,
  'importFiles' | 'env' | 'log' | 'readyTimeoutMs' | 'version'
> {
  /** Names the database and (with the node number) the run directories. */
  label: string;
  nodes?: number;
}

export interface ClusterNode {
  /** 1-based. */
  index: number;
  server: RealKeycloak;
  clusterPort: number;
  /** Stops this node only (SIGTERM, as an orchestrator would); the database stays. */
  stop(): Promise<void>;
  /** Starts this node again on the same ports, database and build. */
  restart(): Promise<void>;
}

export interface KeycloakCluster {
  database: KeycloakDatabase;
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

/**
 * JGroups' failure detection (FD_SOCK2) listens at the transport's port plus 50,000, wrapped at 65,536 (seen with
 * `ss -ltnp`: a node on 23116 also listens on 7580). Both ports must be free.
 */
export function failureDetectionPort(clusterPort: number): number {
  return (clusterPort + 50_000) % 65_536;
}

async function freeClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort();
    if (await portIsFree(failureDetectionPort(port))) return port;
  }
  throw new Error('no free pair of cluster and failure-detection ports');
}

/** The member count of the last Infinispan cluster view (ISPN000094) in a node's log, 0 before the first. */
export function clusterViewSize(logText: string): number {
  const views = [
    ...logText.matchAll(/ISPN000094: Received new cluster view for channel \S+: \[[^\]]*\] \((\d+)\)/g),
  ];
  return Number(views.at(-1)?.[1] ?? 0);
}

/**
 * Waits until every node's log names a view of `size` members. Infinispan joins lazily, at a node's first request
 * after start-up, so each node is asked for the master realm first.
 */
export async function waitForClusterView(
  nodes: readonly RealKeycloak[],
  size: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sizes = await Promise.all(
      nodes.map(async (node) => {
        await fetch(`${node.url}/realms/master`).catch(() => undefined);
        return clusterViewSize(readFileSync(node.logFile, 'utf8'));
      }),
    );
    if (sizes.every((seen) => seen === size)) return;
    if (Date.now() > deadline)
      throw new Error(
        `cluster views ${sizes.join(', ')} after ${String(timeoutMs / 1000)} s, expected ${String(size)} members`,
      );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function startNode(
  options: ClusterOptions,
  database: KeycloakDatabase,
  index: number,
  buildFrom: string | undefined,
): Promise<ClusterNode> {
  const clusterPort = await freeClusterPort();
  const nodeOptions = (server?: RealKeycloak): StartKeycloakOptions => ({
    ...options,
    label: `${options.label}-node${String(index)}`,
    args: [...CLUSTER_ARGS, `--cache-embedded-network-bind-port=${String(clusterPort)}`],
    database,
    env: { JAVA_OPTS_KC_HEAP: CLUSTER_NODE_HEAP, ...options.env },
    ...(server ? { httpPort: server.httpPort, managementPort: server.managementPort } : { httpPort: 0 }),
    buildFrom: server?.runDir ?? buildFrom,
  });
  const node: ClusterNode = {
    index,
    server: await startKeycloak(nodeOptions()),
    clusterPort,
    stop: () => node.server.stop(),
    restart: async () => {
      await node.server.stop();
      node.server = await startKeycloak(nodeOptions(node.server));
    },
  };
  return node;
}

/**
 * Node 1's build, kept in the cache for the next cluster: Keycloak compares the persisted build options with the
 * given ones and builds again only when they differ, so a stale copy costs one build, never a wrong server.
 */
function keptBuildDir(version: string): string {
  return join(distributionCacheDir(), 'builds', `cluster-${version}`);
}

async function keepBuild(runDir: string, version: string): Promise<void> {
  const kept = keptBuildDir(version);
  const staging = `${kept}.${String(process.pid)}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'lib'), { recursive: true });
  await cp(join(runDir, 'lib', 'quarkus'), join(staging, 'lib', 'quarkus'), { recursive: true });
  await rm(kept, { recursive: true, force: true });
  await rename(staging, kept);
}

export async function startKeycloakCluster(options: ClusterOptions): Promise<KeycloakCluster> {
  const database = await freshDatabase(instanceLabel(options.label));
  if (database.kind !== 'postgres') throw new Error(`a cluster needs PostgreSQL: ${database.reason}`);
  const nodes: ClusterNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()));
    await dropDatabase(database);
  };
  try {
    const version = options.version ?? pinnedKeycloakVersion();
    const kept = existsSync(join(keptBuildDir(version), 'lib', 'quarkus'))
      ? keptBuildDir(version)
      : undefined;
    for (let index = 1; index <= (options.nodes ?? 2); index++) {
      nodes.push(await startNode(options, database, index, nodes[0]?.server.runDir ?? kept));
      if (index === 1) await keepBuild(nodes[0]?.server.runDir ?? '', version);
      options.log?.(`node ${String(index)} ready at ${nodes[index - 1]?.server.url ?? ''}`);
    }
    await waitForClusterView(
      nodes.map((node) => node.server),
      nodes.length,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { database, nodes, stop };
}
