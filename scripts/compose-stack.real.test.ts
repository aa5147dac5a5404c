// docker-compose.yml exercised, not only parsed (run by `npm run test:keycloak`; no Docker engine needed). The
// keycloak service's image version, command line, environment and import volume are read from compose as it
// resolves them, and the real Keycloak distribution of that version is started with exactly them; then the
// sidecar with the credman service's environment. Service hostnames become loopback addresses and published
// ports free local ports, as a port-forward would: `keycloak` and `mailpit` → 127.0.0.1, `localhost:<published>`
// → `localhost:<local port>`; Keycloak's database is a fresh one on the local PostgreSQL instead of the
// `postgres` service. Then what compose promises is checked: Keycloak healthy, the sidecar ready (with the
// rotation policy), a login, tokens whose `iss` is the public URL, and the token endpoint as the README shows it.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginUser } from '@credman/keycloak-double';
import { freePort, keycloakVersionOf, startKeycloak } from '@credman/keycloak-real';
import type { RealKeycloak } from '@credman/keycloak-real';
import { startSmtpSink } from '@credman/sidecar/mail/testing/smtp-sink';
import type { SmtpSink } from '@credman/sidecar/mail/testing/smtp-sink';
import { spawnCollected } from './testing/child-process.ts';
import type { Spawned } from './testing/child-process.ts';
import { ROOT, composeResolved, service } from './testing/compose.ts';
import type { ComposeService } from './testing/compose.ts';

const ALICE = { username: 'alice', password: 'demo-alice-password', totpSecret: 'credman-demo-alice12' };
const DM = 'Partner-NL-OrganisationName-DM';
const IMPORT_DIR = '/opt/keycloak/data/import';

/** The host port a service publishes for a container port (`'8180:8080'` or the long form). */
function published(svc: ComposeService, target: number): number {
  for (const port of svc.ports ?? []) {
    const [host, container] =
      typeof port === 'string' ? port.split(':').map(Number) : [Number(port.published), port.target];
    if (container === target && host !== undefined) return host;
  }
  throw new Error(`no published port for ${String(target)}`);
}

/** Rewrites every origin of the table in a value (longest first, so `localhost:8180` is not caught by `:8080`). */
function remap(value: string, origins: [string, string][]): string {
  return origins.reduce((text, [from, to]) => text.split(from).join(to), value);
}

function remapEnv(env: ComposeService['environment'], origins: [string, string][]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env ?? {}).map(([name, value]) => [name, remap(value ?? '', origins)]),
  );
}

/** The JSON files of the host directory compose mounts as Keycloak's import directory. */
async function importFiles(svc: ComposeService): Promise<Record<string, string>> {
  // `docker-compose config` writes binds as `source:target[:mode]`; the long form has source and target.
  const binds = (svc.volumes ?? []).map((volume) =>
    typeof volume === 'string'
      ? { source: volume.split(':')[0] ?? '', target: volume.split(':')[1] ?? '' }
      : (volume as { source: string; target: string }),
  );
  const bind = binds.find((volume) => volume.target === IMPORT_DIR);
  if (bind === undefined) throw new Error(`keycloak mounts nothing at ${IMPORT_DIR}`);
  const source = path.resolve(ROOT, bind.source);
  const names = (await readdir(source)).filter((name) => name.endsWith('.json'));
  expect(names.length).toBeGreaterThan(0);
  return Object.fromEntries(
    await Promise.all(
      names.map(async (name) => [name, await readFile(path.join(source, name), 'utf8')] as const),
    ),
  );
}

async function waitForOk(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
      last = String(response.status);
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} not ready: ${last}`);
}

describe('docker-compose.yml on the real Keycloak (no Docker)', () => {
  let keycloak: RealKeycloak;
  let sidecar: Spawned;
  let sink: SmtpSink;
  let keycloakService: ComposeService;
  let credmanService: ComposeService;
  let publicKeycloakUrl: string;
  let consoleUrl: string;
  let sidecarPort: number;

  beforeAll(async () => {
    const compose = await composeResolved();
    keycloakService = service(compose, 'keycloak');
    credmanService = service(compose, 'credman');
    const [keycloakPort, sidecarLocalPort] = [await freePort(), await freePort()] as [number, number];
    sidecarPort = sidecarLocalPort;
    sink = await startSmtpSink();
    const smtpPort = new URL(sink.url.reveal()).port;
    const kcPublished = published(keycloakService, 8080);
    const credmanPublished = published(credmanService, 8080);
    const origins: [string, string][] = [
      [`localhost:${String(kcPublished)}`, `localhost:${String(keycloakPort)}`],
      [`localhost:${String(credmanPublished)}`, `localhost:${String(sidecarPort)}`],
      ['keycloak:8080', `127.0.0.1:${String(keycloakPort)}`],
      ['mailpit:1025', `127.0.0.1:${smtpPort}`],
    ];
    // The `postgres` service is replaced by a fresh database on the local server (startKeycloak's KC_DB_*).
    expect(keycloakService.environment?.KC_DB).toBe('postgres');
    const keycloakEnv = Object.fromEntries(
      Object.entries(remapEnv(keycloakService.environment, origins)).filter(
        ([name]) => !name.startsWith('KC_DB'),
      ),
    );
    // Compose's SMTP host and port for Keycloak itself are separate variables.
    keycloakEnv.CREDMAN_SMTP_HOST = '127.0.0.1';
    keycloakEnv.CREDMAN_SMTP_PORT = smtpPort;
    publicKeycloakUrl = keycloakEnv.KC_HOSTNAME ?? '';
    const command = keycloakService.command;
    keycloak = await startKeycloak({
      label: 'compose',
      version: keycloakVersionOf(`services:\n  keycloak:\n    image: ${keycloakService.image ?? ''}\n`),
      args: typeof command === 'string' ? command.split(' ') : (command ?? []),
      httpPort: keycloakPort,
      importFiles: await importFiles(keycloakService),
      env: keycloakEnv,
      admin: {
        username: keycloakEnv.KC_BOOTSTRAP_ADMIN_USERNAME ?? '',
        password: keycloakEnv.KC_BOOTSTRAP_ADMIN_PASSWORD ?? '',
      },
    });

    const credmanEnv = remapEnv(credmanService.environment, origins);
    consoleUrl = credmanEnv.CREDMAN_PUBLIC_URL ?? '';
    const { NODE_ENV: _vitestNodeEnv, ...env } = process.env;
    sidecar = spawnCollected('npm', ['start', '--silent', '-w', '@credman/sidecar'], {
      cwd: ROOT,
      env: { ...env, ...credmanEnv, CREDMAN_PORT: String(sidecarPort) },
    });
  }, 600_000);

  afterAll(async () => {
    // beforeAll may have failed part-way, leaving some of these unset.
    const started = { sidecar, keycloak, sink } as Partial<{
      sidecar: Spawned;
      keycloak: RealKeycloak;
      sink: SmtpSink;
    }>;
    await started.sidecar?.stop(10_000);
    await started.keycloak?.stop();
    await started.sink?.close();
  }, 60_000);

  it('runs the version, command and public URL compose pins', () => {
    expect(keycloakService.image).toBe(`quay.io/keycloak/keycloak:${keycloak.version}`);
    expect(keycloakService.command).toContain('--features=client-secret-rotation');
    expect(publicKeycloakUrl).toBe(keycloak.url);
  });

  it('is healthy as compose checks it: management port /health/ready 200', async () => {
    const response = await fetch(`${keycloak.managementUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('UP');
  });

  it('has the sidecar ready with the rotation policy in place', async () => {
    const response = await waitForOk(`http://127.0.0.1:${String(sidecarPort)}/readyz`, 60_000);
    const body = JSON.stringify(await response.json());
    expect(body).toMatch(/rotation/i);
    expect(sidecar.output()).not.toMatch(/"level":(50|60)/);
  });

  it('logs alice in with password and TOTP; her token carries the public URL as iss and the sidecar accepts it', async () => {
    const issuer = `${publicKeycloakUrl}/realms/credman`;
    const tokens = await loginUser({
      issuer,
      clientId: 'credman-console',
      redirectUri: `${consoleUrl}/`,
      ...ALICE,
    });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ iss: issuer, acr: 'mfa', azp: 'credman-console' });
    const me = await fetch(`http://127.0.0.1:${String(sidecarPort)}/api/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(200);

    // A secret alice creates works at the token endpoint exactly as the README's curl example uses it.
    const created = await fetch(`http://127.0.0.1:${String(sidecarPort)}/api/applications/${DM}/secrets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'compose check',
        expiresOn: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      }),
    });
    expect(created.status).toBe(201);
    const { value } = (await created.json()) as { value: string };
    const basic = Buffer.from(`${encodeURIComponent(DM)}:${encodeURIComponent(value)}`).toString('base64');
    const token = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'dm.production' }),
    });
    expect(token.status).toBe(200);
    const answer = (await token.json()) as { token_type: string; scope: string; access_token: string };
    expect(answer.token_type).toBe('Bearer');
    expect(answer.scope.split(' ')).toContain('dm.production');
    expect(decodeJwt(answer.access_token).iss).toBe(issuer);
    const post = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DM, client_secret: value }),
    });
    expect(post.status).toBe(200);
  });
});
