// Smoke test of `npm start` as a person uses it: it comes up on the ports it is given, serves the console at /,
// refuses the API without a token, is ready, and a browser login with password and TOTP (Debian Chromium)
// reaches the applications page. Stopping it frees every port it opened. Under `npm run test:keycloak` it runs
// `npm start -- --real-keycloak` (a real Keycloak of its own), whose stop must also leave no Keycloak process and
// drop Keycloak's database.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSync } from 'otplib';
import { launchChromium } from '@credman/keycloak-double/chromium';
import type { Browser } from 'playwright-core';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnCollected } from './testing/child-process.ts';
import type { Spawned } from './testing/child-process.ts';
import { ROOT } from './testing/compose.ts';

const REAL_KEYCLOAK = process.env.KEYCLOAK_URL !== undefined;
const run = promisify(execFile);

// alice's demo credentials (keycloak-realm/README.md); her stored TOTP secret's UTF-8 bytes are the key.
const ALICE = { username: 'alice', password: 'demo-alice-password', totpSecret: 'credman-demo-alice12' };

function currentTotp(secret: string): string {
  return generateSync({
    secret: new TextEncoder().encode(secret),
    epoch: Math.floor(Date.now() / 1000),
    period: 30,
    digits: 6,
    algorithm: 'sha1',
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => {
      resolve(false);
    });
    probe.listen(port, '127.0.0.1', () => {
      probe.close(() => {
        resolve(true);
      });
    });
  });
}

/** Processes whose command line names this text (Keycloak's run directory), other than the pgrep itself. */
async function processesNaming(text: string): Promise<string[]> {
  try {
    const { stdout } = await run('pgrep', ['-af', text]);
    return stdout.split('\n').filter((line) => line.trim() !== '');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe(REAL_KEYCLOAK ? 'npm start -- --real-keycloak' : 'npm start', () => {
  let started: Spawned;
  let mailDir: string;
  let runDir: string;
  let consoleUrl: string;
  let ports: number[];

  beforeAll(async () => {
    const [sidecarPort, keycloakPort, managementPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ] as [number, number, number];
    ports = REAL_KEYCLOAK ? [sidecarPort, keycloakPort, managementPort] : [sidecarPort, keycloakPort];
    consoleUrl = `http://localhost:${String(sidecarPort)}`;
    mailDir = await mkdtemp(path.join(tmpdir(), 'credman-start-mail-'));
    runDir = path.join(await mkdtemp(path.join(tmpdir(), 'credman-start-run-')), '.demo-run');
    // vitest's NODE_ENV=test must not reach the demo (it would give React's development build).
    const { NODE_ENV: _vitestNodeEnv, ...env } = process.env;
    started = spawnCollected('npm', REAL_KEYCLOAK ? ['start', '--', '--real-keycloak'] : ['start'], {
      cwd: ROOT,
      env: {
        ...env,
        KEYCLOAK_REAL_MANAGEMENT_PORT: String(managementPort),
        CREDMAN_PORT: String(sidecarPort),
        KEYCLOAK_DOUBLE_PORT: String(keycloakPort),
        CREDMAN_DEMO_SMTP_PORT: '0',
        CREDMAN_DEMO_MAIL_DIR: mailDir,
        CREDMAN_DEMO_RUN_DIR: runDir,
      },
    });
    // The first run builds the console (a few seconds here, more on a cold CI machine).
    await started.waitFor(/credman is running/, REAL_KEYCLOAK ? 600_000 : 180_000);
  }, 620_000);

  afterAll(async () => {
    await started.stop(60_000);
    await rm(mailDir, { recursive: true, force: true });
    await rm(path.dirname(runDir), { recursive: true, force: true });
  }, 20_000);

  it('prints the console URL and the demo logins', () => {
    const output = started.output();
    expect(output).toContain(`console       ${consoleUrl}/`);
    expect(output).toContain('alice / demo-alice-password');
    expect(output).toContain('olivia / demo-olivia-password');
  });

  it('serves the built console at /', async () => {
    const response = await fetch(`${consoleUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);
  });

  it('answers /api/me without a token with 401', async () => {
    const response = await fetch(`${consoleUrl}/api/me`);
    expect(response.status).toBe(401);
  });

  it('is ready: /readyz is 200', async () => {
    const response = await fetch(`${consoleUrl}/readyz`);
    expect(response.status).toBe(200);
  });

  it('given a second terminal with no CREDMAN_* variable, then the reminder dry run plans from the running demo and prints the mails', async () => {
    // The shell of a second terminal: none of the sidecar's variables (only where this test put the run file).
    const shell = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('CREDMAN_') && name !== 'NODE_ENV'),
    );
    // A week on: the digest of the understaffed demo applications is owed whatever the sidecar sent at start.
    const at = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const { stdout, stderr } = await run(
      'npm',
      ['run', '--silent', 'reminders', '--', '--dry-run', '--show-bodies', '--at', at],
      { cwd: ROOT, env: { ...shell, CREDMAN_DEMO_RUN_DIR: runDir } },
    );
    expect(stderr).toBe('');
    expect(stdout).toContain(`Reminder dry run at ${at}:`);
    expect(stdout).toMatch(/To: {6}operators@credman\.localhost\nSubject: \[credman\] Week \d{4}-W\d\d/);
    expect(stdout).toContain(`Body:\n    | `);
    expect(stdout).toContain(consoleUrl); // the links in the bodies lead to this demo's console
    // Neither the run's private key nor the sidecar's demo secret.
    expect(stdout).not.toContain('PRIVATE KEY');
    expect(stdout).not.toContain('credman-demo-sidecar-secret');
    // The run file names the key file and holds no key; both are private to the user.
    const settings = await readFile(path.join(runDir, 'sidecar.env'), 'utf8');
    expect(settings).not.toContain('PRIVATE KEY');
    expect((await stat(path.join(runDir, 'sidecar.env'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(runDir, 'sidecar-key.pem'))).mode & 0o777).toBe(0o600);
  }, 60_000);

  describe('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser.close();
    });

    it('given alice, when she logs in with password and TOTP, then she reaches the applications page', async () => {
      const page = await browser.newPage();
      await page.goto(`${consoleUrl}/`);
      await page.waitForSelector('#kc-form-login', { timeout: 15_000 });
      await page.fill('#username', ALICE.username);
      await page.fill('#password', ALICE.password);
      await page.click('#kc-login');
      await page.waitForSelector('#kc-otp-login-form');
      // On the double the demo-mode panel is there; Keycloak's own page shows no codes (`npm run demo:totp` does).
      if (REAL_KEYCLOAK) expect(await page.locator('#demo-totp').count()).toBe(0);
      else expect(await page.textContent('#demo-totp')).toContain('Demo only');
      await page.fill('#otp', currentTotp(ALICE.totpSecret));
      await page.click('#kc-login');
      const heading = page.locator('h1', { hasText: 'Applications' });
      await heading.waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).origin).toBe(consoleUrl);
      expect(await heading.textContent()).toBe('Applications');
      await page.close();
    });
  });

  it('when it is stopped, then the sidecar and Keycloak ports are free again', async () => {
    await started.stop(60_000);
    // npm itself exits at once; the processes it started drain and close their ports within moments (a real
    // Keycloak shuts down within seconds).
    const deadline = Date.now() + (REAL_KEYCLOAK ? 40_000 : 10_000);
    const stillBusy = async () => {
      const busy: number[] = [];
      for (const port of ports) if (!(await portIsFree(port))) busy.push(port);
      return busy;
    };
    let busy = await stillBusy();
    while (busy.length > 0 && Date.now() < deadline) {
      await sleep(200);
      busy = await stillBusy();
    }
    expect(busy).toEqual([]);
    // The run file and the key it names went with the demo.
    expect(existsSync(runDir)).toBe(false);
    if (REAL_KEYCLOAK) {
      // The JVM closes its ports before it exits, and the database is dropped after that: wait for both.
      const leftovers = async () => {
        const { stdout } = await run('psql', [
          '-h',
          '127.0.0.1',
          '-U',
          'postgres',
          '-Atc',
          "SELECT datname FROM pg_database WHERE datname = 'credman_kc_start'",
        ]);
        return [
          ...(await processesNaming('keycloak/runs/start/')),
          ...stdout.split('\n').filter((line) => line !== ''),
        ];
      };
      let left = await leftovers();
      while (left.length > 0 && Date.now() < deadline + 30_000) {
        await sleep(500);
        left = await leftovers();
      }
      expect(left).toEqual([]);
    }
  }, 120_000);

  it('prints how to get one-time codes', () => {
    expect(started.output()).toContain(
      REAL_KEYCLOAK ? 'npm run demo:totp' : "the login page lists the demo users' current codes",
    );
  });
});
