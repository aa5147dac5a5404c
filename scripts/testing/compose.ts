// docker-compose.yml as the deploy tests read it: the file as written, and as Compose itself resolves it
// (`docker-compose config`, Debian's docker-compose 1.29; .ci/run installs it) with no CREDMAN_* or KEYCLOAK_*
// variables set, i.e. every `${VAR:-default}` at its default.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const COMPOSE_FILE = `${ROOT}docker-compose.yml`;

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | null>;
  ports?: (string | { target: number; published: number | string })[];
  volumes?: unknown[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }> | string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const run = promisify(execFile);

/** The environment of this process without the variables compose.yml interpolates. */
export function envWithoutComposeVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(CREDMAN_|KEYCLOAK_)/.test(name)),
  );
}

export async function composeAsWritten(): Promise<ComposeFile> {
  return parse(await readFile(COMPOSE_FILE, 'utf8')) as ComposeFile;
}

export async function composeCli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('docker-compose', ['--file', COMPOSE_FILE, ...args], {
    cwd: ROOT,
    env: envWithoutComposeVariables(),
  });
}

export async function composeResolved(): Promise<ComposeFile> {
  const { stdout } = await composeCli(['config']);
  return parse(stdout) as ComposeFile;
}

export function service(compose: ComposeFile, name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}
