// Keycloak's database for one run: a fresh PostgreSQL database (so the realm import always runs on an empty
// schema), or Keycloak's dev-file database when no PostgreSQL answers. PostgreSQL is reached with psql and the
// usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD), defaulting to a local server with trust auth.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export type KeycloakDatabase =
  { kind: 'postgres'; name: string; server: PostgresServer } | { kind: 'dev-file'; reason: string };

export function postgresServer(env: NodeJS.ProcessEnv = process.env): PostgresServer {
  return {
    host: env.PGHOST ?? '127.0.0.1',
    port: Number(env.PGPORT ?? '5432'),
    user: env.PGUSER ?? 'postgres',
    password: env.PGPASSWORD ?? '',
  };
}

/** A database name PostgreSQL accepts unquoted: lower case letters, digits and underscores. */
export function databaseName(label: string): string {
  const name = `credman_kc_${label.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`;
  return name.slice(0, 63);
}

/** Runs SQL with psql against `database` (default `postgres`) and returns what psql printed. */
export async function psql(server: PostgresServer, sql: string, database = 'postgres'): Promise<string> {
  const { stdout } = await run(
    'psql',
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      server.host,
      '-p',
      String(server.port),
      '-U',
      server.user,
      '-d',
      database,
      '-c',
      sql,
    ],
    {
      env: { ...process.env, PGPASSWORD: server.password, PGCONNECT_TIMEOUT: '5' },
    },
  );
  return stdout;
}

function reasonOf(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr;
  if (typeof stderr === 'string' && stderr.trim() !== '') return stderr.trim().split('\n')[0] ?? stderr;
  if ((error as { code?: string }).code === 'ENOENT') return 'psql is not installed';
  return error instanceof Error ? error.message : String(error);
}

/** Drops and recreates the named database; falls back to dev-file (with the reason) when that fails. */
export async function freshDatabase(
  label: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<KeycloakDatabase> {
  if (env.CREDMAN_KEYCLOAK_DB === 'dev-file')
    return { kind: 'dev-file', reason: 'CREDMAN_KEYCLOAK_DB=dev-file' };
  const server = postgresServer(env);
  const name = databaseName(label);
  try {
    await psql(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await psql(server, `CREATE DATABASE ${name}`);
    return { kind: 'postgres', name, server };
  } catch (error) {
    if (env.CREDMAN_KEYCLOAK_DB === 'postgres') {
      throw new Error(
        `CREDMAN_KEYCLOAK_DB=postgres, but PostgreSQL at ${server.host}:${String(server.port)} failed: ${reasonOf(error)}`,
        { cause: error },
      );
    }
    return {
      kind: 'dev-file',
      reason: `no PostgreSQL at ${server.host}:${String(server.port)} (${reasonOf(error)})`,
    };
  }
}

export async function dropDatabase(database: KeycloakDatabase): Promise<void> {
  if (database.kind !== 'postgres') return;
  await psql(database.server, `DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
}

/** Keycloak's KC_DB* settings for the database. */
export function databaseEnv(database: KeycloakDatabase): Record<string, string> {
  if (database.kind === 'dev-file') return { KC_DB: 'dev-file' };
  const { host, port, user, password } = database.server;
  return {
    KC_DB: 'postgres',
    KC_DB_URL: `jdbc:postgresql://${host}:${String(port)}/${database.name}`,
    KC_DB_USERNAME: user,
    KC_DB_PASSWORD: password === '' ? 'unused-with-trust-auth' : password,
  };
}
