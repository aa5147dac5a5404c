// One real Keycloak server process: a run directory of its own (its data/ and import files; bin/ and conf/
// copied, lib/ and themes/ linked to the cached distribution, providers/ its own with credman's extension), a database (fresh, or shared by the
// nodes of a cluster), health on the management port, and a stop that ends the whole process group (kc.sh and its
// java child) and drops the database it created.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { databaseEnv, dropDatabase, freshDatabase } from './database.ts';
import type { KeycloakDatabase } from './database.ts';
import { distributionCacheDir, ensureDistribution } from './distribution.ts';
import { ensureExtensionJar } from './extension.ts';
import { pinnedKeycloakVersion } from './pinned-version.ts';
import { freePort, portIsFree } from './ports.ts';
import { findJava, PREFERRED_JAVA_MAJOR } from './toolchain.ts';
import type { JavaHome } from './toolchain.ts';

export const DEFAULT_ADMIN = { username: 'admin', password: 'admin' } as const;

export interface StartKeycloakOptions {
  /** Names the run directory and (unless `database` is given) the database; letters, digits, dashes. */
  label: string;
  version?: string;
  /** kc.sh arguments; by default `start-dev --import-realm --features=client-secret-rotation`. */
  args?: string[];
  /** 0 picks a free port. */
  httpPort?: number;
  /** 0 (default) picks a free port. */
  managementPort?: number;
  /** Files written to data/import (name → JSON text). */
  importFiles?: Record<string, string>;
  /** Further environment for Keycloak (realm placeholders, KC_* options). */
  env?: Record<string, string>;
  admin?: { username: string; password: string };
  readyTimeoutMs?: number;
  log?: (line: string) => void;
  /** A database another node already uses (a cluster): not recreated, and not dropped by this node's stop. */
  database?: KeycloakDatabase;
  /** A run directory whose lib/quarkus (an earlier build with the same build options) this run starts from. */
  buildFrom?: string | undefined;
  /**
   * Load credman's Keycloak extension (keycloak-extension/, built when stale) from the run's own providers/:
   * the default, as in every deployment of credman; `false` runs stock Keycloak.
   */
  extension?: boolean;
}

/**
 * How long a start may take before it counts as failed: 8 minutes (three servers may start at once on two cores),
 * or `CREDMAN_KEYCLOAK_READY_TIMEOUT_MS` on a machine loaded by other work, where starts took up to 515 s.
 */
export function readyTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.CREDMAN_KEYCLOAK_READY_TIMEOUT_MS);
  return Number.isInteger(configured) && configured > 0 ? configured : 480_000;
}

export interface RealKeycloak {
  version: string;
  url: string;
  managementUrl: string;
  httpPort: number;
  managementPort: number;
  admin: { username: string; password: string };
  database: KeycloakDatabase;
  javaMajor: number;
  runDir: string;
  logFile: string;
  /** Whether credman's Keycloak extension is loaded. */
  extension: boolean;
  /** Milliseconds from spawning kc.sh until /health/ready answered 200. */
  startupMs: number;
  pid: number;
  stop(): Promise<void>;
}

export const DEFAULT_ARGS = ['start-dev', '--import-realm', '--features=client-secret-rotation'];

/**
 * lib/ is a directory of the run's own: the jars (lib/lib, lib/app) are linked, but quarkus-run.jar and
 * lib/quarkus are copied, because a start whose build options differ from the last build re-augments into
 * lib/quarkus. Linked, two servers starting at once would both rewrite the cached distribution's build.
 */
async function prepareLib(
  distribution: string,
  runDir: string,
  buildFrom: string | undefined,
): Promise<void> {
  const lib = join(runDir, 'lib');
  await mkdir(lib);
  for (const shared of ['lib', 'app']) await symlink(join(distribution, 'lib', shared), join(lib, shared));
  await cp(join(distribution, 'lib', 'quarkus-run.jar'), join(lib, 'quarkus-run.jar'));
  await cp(join(buildFrom ?? distribution, 'lib', 'quarkus'), join(lib, 'quarkus'), { recursive: true });
}

/**
 * providers/ is the run's own, holding the extension's JAR or nothing (the distribution's holds only a README):
 * two servers of one distribution may differ in it. The JAR keeps its time, so a start that finds the same JAR as
 * its build needs no re-augmentation.
 */
async function prepareProviders(runDir: string, extensionJar: string | undefined): Promise<void> {
  const providers = join(runDir, 'providers');
  await rm(providers, { recursive: true, force: true });
  await mkdir(providers);
  if (extensionJar)
    await cp(extensionJar, join(providers, basename(extensionJar)), { preserveTimestamps: true });
}

async function prepareRunDir(
  distribution: string,
  runDir: string,
  importFiles: Record<string, string>,
  buildFrom: string | undefined,
  extensionJar: string | undefined,
): Promise<void> {
  if (buildFrom !== runDir) await rm(runDir, { recursive: true, force: true });
  else await rm(join(runDir, 'data'), { recursive: true, force: true }); // a restart keeps its own build
  await mkdir(join(runDir, 'data', 'import'), { recursive: true });
  if (buildFrom !== runDir) {
    await cp(join(distribution, 'bin'), join(runDir, 'bin'), { recursive: true });
    await cp(join(distribution, 'conf'), join(runDir, 'conf'), { recursive: true });
    await symlink(join(distribution, 'themes'), join(runDir, 'themes'));
    await prepareLib(distribution, runDir, buildFrom);
  }
  await prepareProviders(runDir, extensionJar);
  for (const [name, text] of Object.entries(importFiles)) {
    await writeFile(join(runDir, 'data', 'import', name), text);
  }
}

function logTail(logFile: string, lines = 25): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitUntilReady(
  child: ChildProcess,
  readyUrl: string,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Keycloak exited during start-up (${String(child.exitCode ?? child.signalCode)}). Last lines of ${logFile}:\n${logTail(logFile)}`,
      );
    }
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `Keycloak was not ready within ${String(timeoutMs / 1000)} s. Last lines of ${logFile}:\n${logTail(logFile)}`,
  );
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

async function choosePorts(
  options: StartKeycloakOptions,
): Promise<{ httpPort: number; managementPort: number }> {
  const pick = async (port: number | undefined) => (port === undefined || port === 0 ? freePort() : port);
  const httpPort = await pick(options.httpPort);
  const managementPort = await pick(options.managementPort);
  for (const port of [httpPort, managementPort]) {
    if (!(await portIsFree(port))) {
      throw new Error(
        `Port ${String(port)} is in use: stop what listens there (another Keycloak or the double?) or choose another port.`,
      );
    }
  }
  return { httpPort, managementPort };
}

function checkedJava(version: string, log: (line: string) => void): JavaHome {
  const java = findJava();
  if (java.major < PREFERRED_JAVA_MAJOR) {
    log(
      `Warning: using Java ${String(java.major)} (${java.home}); Keycloak ${version} deprecates it, install Java 21 or 25.`,
    );
  }
  return java;
}

interface KeycloakProcess {
  child: ChildProcess;
  pid: number;
  /** SIGTERM to the group, SIGKILL after 30 s; resolves when kc.sh has exited. */
  terminate(): Promise<void>;
}

/** Spawns kc.sh as the leader of its own process group, its output appended to the log file. */
function launch(runDir: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): KeycloakProcess {
  const out = openSync(logFile, 'a');
  const child = spawn(join(runDir, 'bin', 'kc.sh'), args, {
    detached: true,
    env,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error('kc.sh could not be started');
  // Should this process die without stopping Keycloak (a crash, process.exit), take Keycloak down with it.
  const killOnExit = (): void => {
    signalGroup(pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  let terminating: Promise<void> | undefined;
  const terminate = (): Promise<void> => {
    terminating ??= (async () => {
      signalGroup(pid, 'SIGTERM');
      const killed = setTimeout(() => {
        signalGroup(pid, 'SIGKILL');
      }, 30_000);
      await exited;
      clearTimeout(killed);
      // kc.sh waits for java, but make sure nothing of the group is left.
      signalGroup(pid, 'SIGKILL');
      process.removeListener('exit', killOnExit);
    })();
    return terminating;
  };
  return { child, pid, terminate };
}

/** Stops the server once (later calls share the first), then drops the database it created, if any. */
function stopOnce(
  server: KeycloakProcess,
  ownDatabase: KeycloakDatabase | undefined,
  log: (line: string) => void,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= server.terminate().then(async () => {
      if (ownDatabase === undefined) return;
      await dropDatabase(ownDatabase).catch((error: unknown) => {
        log(`Could not drop database: ${String(error)}`);
      });
    });
    return stopping;
  };
}

/** The label with CREDMAN_KEYCLOAK_INSTANCE as prefix (README step 4: two checkouts on one machine). */
export function instanceLabel(label: string): string {
  const instance = process.env.CREDMAN_KEYCLOAK_INSTANCE ? `${process.env.CREDMAN_KEYCLOAK_INSTANCE}_` : '';
  return `${instance}${label}`;
}

async function openDatabase(label: string, log: (line: string) => void): Promise<KeycloakDatabase> {
  const database = await freshDatabase(label);
  if (database.kind === 'dev-file')
    log(`PostgreSQL not used: ${database.reason}. Falling back to Keycloak's dev-file database.`);
  return database;
}

function keycloakEnv(
  java: JavaHome,
  admin: { username: string; password: string },
  database: KeycloakDatabase,
  extra: Record<string, string> | undefined,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JAVA_HOME: java.home,
    KC_BOOTSTRAP_ADMIN_USERNAME: admin.username,
    KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    KC_HEALTH_ENABLED: 'true',
    ...databaseEnv(database),
    ...extra,
  };
}

export async function startKeycloak(options: StartKeycloakOptions): Promise<RealKeycloak> {
  const log = options.log ?? (() => undefined);
  const version = options.version ?? pinnedKeycloakVersion();
  const java = checkedJava(version, log);
  const extension = options.extension ?? true;
  const [distribution, extensionJar] = await Promise.all([
    ensureDistribution({ version, log }),
    extension ? ensureExtensionJar(log) : Promise.resolve(undefined),
  ]);
  const { httpPort, managementPort } = await choosePorts(options);
  const label = instanceLabel(options.label);
  const ownDatabase = options.database === undefined;
  const database = options.database ?? (await openDatabase(label, log));
  const runDir = join(distributionCacheDir(), 'runs', label);
  await prepareRunDir(distribution, runDir, options.importFiles ?? {}, options.buildFrom, extensionJar);
  const logFile = join(runDir, 'keycloak.log');
  const admin = options.admin ?? DEFAULT_ADMIN;
  const args = [
    ...(options.args ?? DEFAULT_ARGS),
    `--http-port=${String(httpPort)}`,
    `--http-management-port=${String(managementPort)}`,
  ];
  const env = keycloakEnv(java, admin, database, options.env);
  const started = Date.now();
  const server = launch(runDir, args, env, logFile);
  const stop = stopOnce(server, ownDatabase ? database : undefined, log);
  const managementUrl = `http://127.0.0.1:${String(managementPort)}`;
  try {
    await waitUntilReady(
      server.child,
      `${managementUrl}/health/ready`,
      options.readyTimeoutMs ?? readyTimeoutFromEnv(process.env),
      logFile,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `http://localhost:${String(httpPort)}`;
  const startupMs = Date.now() - started;
  return {
    version,
    url,
    managementUrl,
    httpPort,
    managementPort,
    admin,
    database,
    javaMajor: java.major,
    runDir,
    logFile,
    extension,
    startupMs,
    pid: server.pid,
    stop,
  };
}
