// The sidecar PROCESS as `npm start -w @credman/sidecar` runs it (src/main.ts: configuration from the
// environment, every module wired), against the Keycloak double over HTTP and a real SMTP server on loopback:
// it becomes ready (including the rotation-policy check) with reminders scheduled, a manager's create answers
// the secret once, the security notice reaches every manager without the value, and SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadRealm } from '@credman/realm';
import {
  allRouteModules,
  createDoubleApp,
  createKeycloakDouble,
  loginUser,
  startServer,
} from '@credman/keycloak-double';
import type { RunningServer } from '@credman/keycloak-double';
import { startSmtpSink } from './mail/testing/smtp-sink.ts';
import type { SmtpSink } from './mail/testing/smtp-sink.ts';

const SECRET = 'main-e2e-sidecar-secret';
const DM = 'Partner-NL-OrganisationName-DM';
const sidecarDir = fileURLToPath(new URL('..', import.meta.url));

let keycloak: RunningServer;
let smtp: SmtpSink;
let sidecar: ChildProcess;
let sidecarUrl: string;
const output: string[] = [];

const SUPPORT = { email: 'partner-desk@example.org', text: 'Access or questions? Write to' };

beforeAll(async () => {
  const double = await createKeycloakDouble({
    realm: loadRealm({ env: { CREDMAN_SIDECAR_CLIENT_SECRET: SECRET }, demo: true }),
  });
  keycloak = await startServer(createDoubleApp(double, allRouteModules));
  smtp = await startSmtpSink();
  sidecar = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: sidecarDir,
    env: {
      PATH: process.env.PATH ?? '',
      CREDMAN_PORT: '0',
      CREDMAN_KEYCLOAK_URL: keycloak.url,
      CREDMAN_CLIENT_SECRET: SECRET,
      CREDMAN_SMTP_URL: smtp.url.reveal(),
      CREDMAN_MAIL_FROM: 'credman <credman@example.org>',
      CREDMAN_SUPPORT_EMAIL: SUPPORT.email,
      CREDMAN_SUPPORT_TEXT: SUPPORT.text,
      CREDMAN_LOG_LEVEL: 'info',
      CREDMAN_SPA_DIR: '/nonexistent/credman-spa',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sidecar.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  sidecar.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  sidecarUrl = await vi.waitFor(
    () => {
      const match = /credman sidecar listening on (http:\/\/[^\s"]+)/.exec(output.join(''));
      if (!match?.[1]) throw new Error('not listening yet');
      return match[1];
    },
    { timeout: 20_000, interval: 100 },
  );
}, 30_000);

afterAll(async () => {
  if (sidecar.exitCode === null) sidecar.kill('SIGKILL');
  await smtp.close();
  await keycloak.close();
});

describe('the sidecar process (src/main.ts)', () => {
  it('is ready: Keycloak reachable and the rotation policy in place', async () => {
    const response = await fetch(`${sidecarUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      checks: { keycloak: { ok: true }, rotationPolicy: { ok: true } },
    });
    expect(output.join('')).toContain('reminders scheduled');
  });

  it('answers a create with the secret once and mails every manager a notice without it', async () => {
    const { access_token: token } = await loginUser({
      issuer: `${keycloak.url}/realms/credman`,
      clientId: 'credman-console',
      redirectUri: 'http://localhost:5173/',
      username: 'alice',
      password: 'demo-alice-password',
      totpSecret: 'credman-demo-alice12',
    });
    const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const response = await fetch(`${sidecarUrl}/api/applications/${DM}/secrets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Wired', expiresOn }),
    });
    expect(response.status).toBe(201);
    const { value } = (await response.json()) as { value: string };

    // The DM application's managers in the demo realm: alice and bob.
    const notice = await vi.waitFor(
      () => {
        const mail = smtp.received.find((m) => m.subject.includes(DM));
        if (!mail) throw new Error('no notice yet');
        return mail;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(notice.to).toHaveLength(2);
    expect(notice.text).toContain('Wired');
    expect(notice.text).toContain(value.slice(0, 3));
    // The support contact closes the mail.
    expect(notice.text.trimEnd().endsWith(`${SUPPORT.text} ${SUPPORT.email}`)).toBe(true);
    for (const mail of smtp.received) expect(mail.raw).not.toContain(value);
    expect(output.join('')).not.toContain(value);
  });

  it('serves the support contact to the console at /api/console-config, without a token', async () => {
    const response = await fetch(`${sidecarUrl}/api/console-config`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ clientId: 'credman-console', support: SUPPORT });
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => sidecar.once('exit', resolve));
    sidecar.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
