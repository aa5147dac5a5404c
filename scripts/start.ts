// `npm start`: credman without Docker. Starts the Keycloak test double with the demo realm and the sidecar
// against it, each as its own process (real HTTP between them), and prints where to go and who can log in.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const KEYCLOAK_PORT = process.env.KEYCLOAK_DOUBLE_PORT ?? '8180';
const SIDECAR_PORT = process.env.CREDMAN_PORT ?? '8080';
const SIDECAR_SECRET = process.env.CREDMAN_CLIENT_SECRET ?? 'credman-demo-sidecar-secret';
const keycloakUrl = `http://localhost:${KEYCLOAK_PORT}`;
const sidecarUrl = `http://localhost:${SIDECAR_PORT}`;

const children: ChildProcess[] = [];

function run(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn('npm', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  child.stdout.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`[${name}] exited with ${String(code)}; stopping\n`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, what: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  throw new Error(`${what} did not come up at ${url}`);
}

let stopping = false;
function stop(code: number): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exitCode = code;
}
process.once('SIGINT', () => {
  stop(0);
});
process.once('SIGTERM', () => {
  stop(0);
});

run('keycloak', ['run', '--silent', 'keycloak-double', '--', '--port', KEYCLOAK_PORT], {
  CREDMAN_SIDECAR_CLIENT_SECRET: SIDECAR_SECRET,
  CREDMAN_CONSOLE_URL: sidecarUrl,
});
await waitFor(`${keycloakUrl}/realms/credman/.well-known/openid-configuration`, 'the Keycloak double');
run('sidecar', ['start', '--silent', '-w', '@credman/sidecar'], {
  CREDMAN_PORT: SIDECAR_PORT,
  CREDMAN_KEYCLOAK_URL: keycloakUrl,
  CREDMAN_CLIENT_SECRET: SIDECAR_SECRET,
  CREDMAN_LOG_LEVEL: process.env.CREDMAN_LOG_LEVEL ?? 'warn',
});
await waitFor(`${sidecarUrl}/readyz`, 'the sidecar');

process.stdout.write(`
credman is running (no Docker: Keycloak is the in-memory test double, demo data only)
  sidecar API   ${sidecarUrl}/api   (OpenAPI: ${sidecarUrl}/api/openapi.json)
  Keycloak      ${keycloakUrl}/realms/credman
  demo logins   olivia / demo-olivia-password (operator), alice / demo-alice-password and
                bob / demo-bob-password (credential managers); TOTP keys in keycloak-realm/README.md
Stop with Ctrl+C.
`);
