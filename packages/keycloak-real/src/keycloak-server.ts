// One real Keycloak server process: a run directory of its own (its data/ and import files; bin/ and conf/
// copied, lib/, themes/ and providers/ linked to the cached distribution), a fresh database, health on the
// management port, and a stop that ends the whole process group (kc.sh and its java child) and drops the database.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { databaseEnv, dropDatabase, freshDatabase } from './database.ts';
import type { KeycloakDatabase } from './database.ts';
import { distributionCacheDir, ensureDistribution } from './distribution.ts';
import { pinnedKeycloakVersion } from './pinned-version.ts';
import { freePort, portIsFree } from './ports.ts';
import { findJava, PREFERRED_JAVA_MAJOR } from './toolchain.ts';

export const DEFAULT_ADMIN = { username: 'admin', password: 'admin' } as const;

export interface StartKeycloakOptions {
  /** Names the run directory and the database; letters, digits, dashes. */
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
}

export interface RealKeycloak {
  version: string;
  url: string;
  managementUrl: string;
  admin: { username: string; password: string };
  database: KeycloakDatabase;
  javaMajor: number;
  logFile: string;
  /** Milliseconds from spawning kc.sh until /health/ready answered 200. */
  startupMs: number;
  pid: number;
  stop(): Promise<void>;
}

export const DEFAULT_ARGS = ['start-dev', '--import-realm', '--features=client-secret-rotation'];

async function prepareRunDir(
  distribution: string,
  runDir: string,
  importFiles: Record<string, string>,
): Promise<void> {
  await rm(runDir, { recursive: true, force: true });
  await mkdir(join(runDir, 'data', 'import'), { recursive: true });
  await cp(join(distribution, 'bin'), join(runDir, 'bin'), { recursive: true });
  await cp(join(distribution, 'conf'), join(runDir, 'conf'), { recursive: true });
  for (const shared of ['lib', 'themes', 'providers']) {
    await symlink(join(distribution, shared), join(runDir, shared));
  }
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

export async function startKeycloak(options: StartKeycloakOptions): Promise<RealKeycloak> {
  const log = options.log ?? (() => undefined);
  const version = options.version ?? pinnedKeycloakVersion();
  const java = findJava();
  if (java.major < PREFERRED_JAVA_MAJOR) {
    log(
      `Warning: using Java ${String(java.major)} (${java.home}); Keycloak ${version} deprecates it, install Java 21 or 25.`,
    );
  }
  const distribution = await ensureDistribution({ version, log });
  const httpPort =
    options.httpPort === undefined || options.httpPort === 0 ? await freePort() : options.httpPort;
  const managementPort =
    options.managementPort === undefined || options.managementPort === 0
      ? await freePort()
      : options.managementPort;
  for (const port of [httpPort, managementPort]) {
    if (!(await portIsFree(port))) {
      throw new Error(
        `Port ${String(port)} is in use: stop what listens there (another Keycloak or the double?) or choose another port.`,
      );
    }
  }
  // Two checkouts on one machine share the distribution cache and the PostgreSQL server; their instance names
  // keep their databases and run directories apart.
  const instance = process.env.CREDMAN_KEYCLOAK_INSTANCE ? `${process.env.CREDMAN_KEYCLOAK_INSTANCE}_` : '';
  const label = `${instance}${options.label}`;
  const database = await freshDatabase(label);
  if (database.kind === 'dev-file')
    log(`PostgreSQL not used: ${database.reason}. Falling back to Keycloak's dev-file database.`);

  const runDir = join(distributionCacheDir(), 'runs', label);
  await prepareRunDir(distribution, runDir, options.importFiles ?? {});
  const logFile = join(runDir, 'keycloak.log');
  const admin = options.admin ?? DEFAULT_ADMIN;
  const args = [
    ...(options.args ?? DEFAULT_ARGS),
    `--http-port=${String(httpPort)}`,
    `--http-management-port=${String(managementPort)}`,
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JAVA_HOME: java.home,
    KC_BOOTSTRAP_ADMIN_USERNAME: admin.username,
    KC_BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    KC_HEALTH_ENABLED: 'true',
    ...databaseEnv(database),
    ...options.env,
  };
  const out = openSync(logFile, 'a');
  const started = Date.now();
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
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      signalGroup(pid, 'SIGTERM');
      const killed = setTimeout(() => {
        signalGroup(pid, 'SIGKILL');
      }, 30_000);
      await exited;
      clearTimeout(killed);
      // kc.sh waits for java, but make sure nothing of the group is left.
      signalGroup(pid, 'SIGKILL');
      process.removeListener('exit', killOnExit);
      await dropDatabase(database).catch((error: unknown) => {
        log(`Could not drop database: ${String(error)}`);
      });
    })();
    return stopping;
  };

  const managementUrl = `http://127.0.0.1:${String(managementPort)}`;
  try {
    await waitUntilReady(child, `${managementUrl}/health/ready`, options.readyTimeoutMs ?? 480_000, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    version,
    url: `http://localhost:${String(httpPort)}`,
    managementUrl,
    admin,
    database,
    javaMajor: java.major,
    logFile,
    startupMs: Date.now() - started,
    pid,
    stop,
  };
}
