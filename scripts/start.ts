// `npm start`: credman without Docker. Builds the admin SPA when its build is missing or stale, starts a mail
// catcher in this process, Keycloak with the demo realm and the sidecar (serving the SPA) as their own processes
// (real HTTP between them), and prints where to go and who can log in. Keycloak is the in-memory test double, or
// with `--real-keycloak` the real server (`npm run keycloak:real`: the pinned distribution on PostgreSQL). Either
// runs with credman's Keycloak extension (the real one loads the JAR, built when stale) unless `--no-extension`.
//
// Ports and paths come from the environment so that tests (and people with busy ports) can move them:
// CREDMAN_PORT (8080), KEYCLOAK_DOUBLE_PORT (8180), CREDMAN_DEMO_SMTP_PORT (1025; 0 = any free port),
// CREDMAN_DEMO_MAIL_DIR (.demo-mail), CREDMAN_DEMO_RUN_DIR (.demo-run), CREDMAN_DEMO_SKIP_SPA_BUILD=1 (serve
// whatever dist/ holds).
//
// While it runs, .demo-run/ holds the sidecar's settings and the run's private key (both 0600, git-ignored,
// removed at stop) so that `npm run reminders -- --dry-run` works in a second terminal (scripts/demo/run-file.ts).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { compactLogLine } from './demo/log-lines.ts';
import { startMailCatcher } from './demo/mail-catcher.ts';
import { writeDemoRun } from './demo/run-file.ts';
import type { DemoRunFiles } from './demo/run-file.ts';
import type { MailCatcher } from './demo/mail-catcher.ts';
import { spaBuildReason } from './demo/spa-freshness.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SPA_DIR = path.join(ROOT, 'apps', 'admin-spa');

const REAL_KEYCLOAK = process.argv.slice(2).includes('--real-keycloak');
const EXTENSION = process.argv.slice(2).includes('--no-extension') ? 'off' : 'on';
const KEYCLOAK_PORT = process.env.KEYCLOAK_DOUBLE_PORT ?? '8180';
const SIDECAR_PORT = process.env.CREDMAN_PORT ?? '8080';
const SMTP_PORT = Number(process.env.CREDMAN_DEMO_SMTP_PORT ?? '1025');
const MAIL_DIR = path.resolve(ROOT, process.env.CREDMAN_DEMO_MAIL_DIR ?? '.demo-mail');
const RUN_DIR = path.resolve(ROOT, process.env.CREDMAN_DEMO_RUN_DIR ?? '.demo-run');
const SIDECAR_SECRET = process.env.CREDMAN_CLIENT_SECRET ?? 'credman-demo-sidecar-secret';
// The sidecar wants a dotted domain; .localhost never leaves the machine (RFC 6761).
const MAIL_FROM = 'credman demo <credman@credman.localhost>';
const OPERATOR_EMAIL = 'operators@credman.localhost';
const SUPPORT_EMAIL = 'support@credman.localhost';
const keycloakUrl = `http://localhost:${KEYCLOAK_PORT}`;
const sidecarUrl = `http://localhost:${SIDECAR_PORT}`;

const children: ChildProcess[] = [];
let mailCatcher: MailCatcher | undefined;
let demoRun: DemoRunFiles | undefined;
let stopping = false;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A child's output stream, line by line (a line may arrive in several chunks), with its name in front and JSON
 * log lines made short (demo/log-lines.ts).
 */
function prefixed(name: string, write: (text: string) => void): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    write(
      lines
        .filter((line) => line.trim() !== '')
        .map((line) => `[${name}] ${compactLogLine(line)}\n`)
        .join(''),
    );
  };
}

const toStdout = (text: string) => process.stdout.write(text);
const toStderr = (text: string) => process.stderr.write(text);

function run(name: string, args: string[], env: Record<string, string>): ChildProcess {
  // Its own process group: npm does not pass SIGTERM on to the node process it runs, so stop() signals the
  // whole group (npm, tsx and node) and nothing is left listening on the demo ports.
  const child = spawn('npm', args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', prefixed(name, toStdout));
  child.stderr.on('data', prefixed(name, toStderr));
  child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`[${name}] exited with ${String(code)}; stopping\n`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

/** Runs an npm command to completion with its output shown; rejects when it fails. */
function runToEnd(name: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // The console is always built for production (React's production build), whatever NODE_ENV the shell has.
    const child = spawn('npm', args, {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', prefixed(name, toStdout));
    child.stderr.on('data', prefixed(name, toStderr));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`npm ${args.join(' ')} exited with ${String(code)}`));
    });
  });
}

async function waitFor(url: string, what: string, seconds = 60): Promise<void> {
  for (let attempt = 0; attempt < seconds * 2 && !stopping; attempt++) {
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

function stop(code: number): void {
  if (!stopping) process.exitCode = code;
  stopping = true;
  for (const child of children) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // the group has already gone
    }
  }
  void mailCatcher?.close();
  demoRun?.remove();
}
// Also when the process ends some other way: the key file must not outlive the run.
process.once('exit', () => {
  demoRun?.remove();
});
process.once('SIGINT', () => {
  stop(0);
});
process.once('SIGTERM', () => {
  stop(0);
});

async function buildSpaIfStale(): Promise<void> {
  if (process.env.CREDMAN_DEMO_SKIP_SPA_BUILD === '1') return;
  const reason = await spaBuildReason({
    root: ROOT,
    spaDir: SPA_DIR,
    extraSources: [path.join(ROOT, 'packages', 'domain', 'src')],
  });
  if (reason === undefined) return;
  say(`Building the admin SPA (${reason}) ...`);
  await runToEnd('spa build', ['run', 'build', '-w', '@credman/admin-spa']);
}

/** An RSA key pair for this run: the PKCS#8 PEM private key and the base64 DER public key the realm takes. */
function demoSidecarKeyPair(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKey: publicKey.toString('base64') };
}

async function startMail(): Promise<MailCatcher> {
  return startMailCatcher({
    dir: MAIL_DIR,
    port: SMTP_PORT,
    onMail: (mail) => {
      say(`[mail] to ${mail.to}: "${mail.subject}" -> ${path.relative(ROOT, mail.file)}`);
    },
    onError: (error) => {
      process.stderr.write(`[mail] ${error.message}\n`);
    },
  });
}

async function startKeycloak(sidecarPublicKey: string): Promise<void> {
  const keycloakEnv = {
    CREDMAN_SIDECAR_CLIENT_SECRET: SIDECAR_SECRET,
    CREDMAN_SIDECAR_CLIENT_AUTHENTICATOR: 'client-jwt',
    CREDMAN_SIDECAR_PUBLIC_KEY: sidecarPublicKey,
    CREDMAN_CONSOLE_URL: sidecarUrl,
  };
  if (REAL_KEYCLOAK) {
    // The first run downloads the distribution (about 170 MB); start-up takes about a minute on two cores.
    run(
      'keycloak',
      [
        'run',
        '--silent',
        'keycloak:real',
        '--',
        '--port',
        KEYCLOAK_PORT,
        '--label',
        'start',
        '--extension',
        EXTENSION,
      ],
      keycloakEnv,
    );
  } else {
    run(
      'keycloak',
      [
        'run',
        '--silent',
        'keycloak-double',
        '--',
        '--port',
        KEYCLOAK_PORT,
        '--demo-show-totp',
        '--extension',
        EXTENSION,
      ],
      keycloakEnv,
    );
  }
  await waitFor(
    `${keycloakUrl}/realms/credman/.well-known/openid-configuration`,
    REAL_KEYCLOAK ? 'Keycloak' : 'the Keycloak double',
    REAL_KEYCLOAK ? 900 : 60,
  );
}

/**
 * What the sidecar and the commands beside it share: Keycloak, how to sign in to it (the run's key file, never
 * the key itself), the links and addresses in mails.
 */
function sharedSidecarSettings(keyFile: string): Record<string, string> {
  return {
    CREDMAN_KEYCLOAK_URL: keycloakUrl,
    CREDMAN_CLIENT_AUTH: 'private-key-jwt',
    CREDMAN_CLIENT_PRIVATE_KEY_FILE: keyFile,
    CREDMAN_PUBLIC_URL: sidecarUrl,
    CREDMAN_OPERATOR_EMAIL: OPERATOR_EMAIL,
    CREDMAN_SUPPORT_EMAIL: SUPPORT_EMAIL,
  };
}

async function startSidecar(keyFile: string, smtpUrl: string): Promise<void> {
  run('sidecar', ['start', '--silent', '-w', '@credman/sidecar'], {
    ...sharedSidecarSettings(keyFile),
    CREDMAN_PORT: SIDECAR_PORT,
    CREDMAN_CLIENT_SECRET: SIDECAR_SECRET,
    CREDMAN_SPA_DIR: path.join(SPA_DIR, 'dist'),
    CREDMAN_SMTP_URL: smtpUrl,
    CREDMAN_MAIL_FROM: MAIL_FROM,
    CREDMAN_LOG_LEVEL: process.env.CREDMAN_LOG_LEVEL ?? 'warn',
  });
  await waitFor(`${sidecarUrl}/readyz`, 'the sidecar');
}

function sayRunning(smtpUrl: string): void {
  say(`
credman is running (no Docker: Keycloak is ${REAL_KEYCLOAK ? 'the real server on PostgreSQL' : 'the in-memory test double'}, demo data only)
  console       ${sidecarUrl}/
  sidecar API   ${sidecarUrl}/api   (OpenAPI: ${sidecarUrl}/api/openapi.json)
  Keycloak      ${keycloakUrl}/realms/credman
  mail          every mail is written to ${path.relative(ROOT, MAIL_DIR)}/ as .eml (SMTP ${smtpUrl})
  demo logins   olivia / demo-olivia-password (operator)
                alice / demo-alice-password, bob / demo-bob-password (credential managers)
                nora / demo-nora-password (no role; sets up TOTP at first login)
  dry run       npm run reminders -- --dry-run --show-bodies   (in another terminal: what reminders would send)
  TOTP          ${REAL_KEYCLOAK ? "`npm run demo:totp` prints the demo users' current codes (demo only)" : "the login page lists the demo users' current codes (demo only)"};
                authenticator-app keys are in keycloak-realm/README.md
Stop with Ctrl+C.`);
}

async function main(): Promise<void> {
  await buildSpaIfStale();
  if (stopping) return;
  mailCatcher = await startMail();
  // The sidecar signs its token requests (private_key_jwt) with a key pair made for this run; the realm gets the
  // public half (keycloak-realm/README.md#the-sidecars-permissions). The secret stays set but is refused.
  const sidecarKey = demoSidecarKeyPair();
  // The key goes to a 0600 file (not the sidecar's environment, which `ps e` shows) that the run file names.
  demoRun = writeDemoRun(RUN_DIR, sidecarKey.privateKeyPem, sharedSidecarSettings);
  await startKeycloak(sidecarKey.publicKey);
  await startSidecar(demoRun.keyFile, mailCatcher.smtpUrl);
  sayRunning(mailCatcher.smtpUrl);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  stop(1);
});
