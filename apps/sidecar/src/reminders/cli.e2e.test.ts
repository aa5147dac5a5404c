// The dry-run command as `npm run reminders -- --dry-run --at …` runs it (src/reminders/cli.ts in its own
// process, configured from the environment like the sidecar), against the Keycloak double over HTTP with a real
// SMTP server configured: it prints who would get which mail, and neither sends nor records anything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { REMINDERS_ATTRIBUTE } from '../store/records/codecs.ts';
import {
  ALICE,
  BOB,
  DM,
  OPERATOR,
  PUBLIC_URL,
  SIDECAR_SECRET,
  ZONE,
  alice,
  startReminderStack,
} from './testing/harness.ts';
import type { ReminderStack } from './testing/harness.ts';

const sidecarDir = fileURLToPath(new URL('../..', import.meta.url));

let stack: ReminderStack | undefined;
let runDir: string | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  if (runDir !== undefined) await rm(runDir, { recursive: true, force: true });
  runDir = undefined;
});

/** A run file as a running `npm start` leaves it (scripts/demo/run-file.ts), in a folder of its own. */
async function demoRunFile(settings: Record<string, string>): Promise<string> {
  const dir = (runDir = await mkdtemp(path.join(tmpdir(), 'credman-demo-run-')));
  const lines = Object.entries(settings).map(([name, value]) => `${name}=${value}`);
  await writeFile(path.join(dir, 'sidecar.env'), `# npm start\n${lines.join('\n')}\n`, { mode: 0o600 });
  return dir;
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/reminders/cli.ts', ...args], {
      cwd: sidecarDir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/** A client's attributes and role names as the double holds them: what a run that records would change. */
function recorded(s: ReminderStack, clientId: string) {
  const client = s.double.realm.clientByClientId(clientId);
  if (!client) throw new Error(`${clientId} missing from the realm`);
  const roles = [...s.double.realm.roles.values()]
    .filter((role) => role.containerId === client.id)
    .map((role) => role.name)
    .sort();
  return { attributes: Object.fromEntries(client.attributes), roles };
}

describe('npm run reminders -- --dry-run (cli.ts as a process)', () => {
  it('given a secret 42 days before expiry, then it prints the notice for both managers and sends and records nothing', async () => {
    const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
    const created = await s.service().createSecret(DM, { name: 'Billing', expiresOn: '2027-02-19' }, alice);
    const at = DateTime.fromISO('2027-01-08T01:00', { zone: ZONE }).toMillis(); // D-42 of 19 February
    s.clock.set(at);
    const before = { dm: recorded(s, DM), sidecar: recorded(s, 'credman-sidecar') };

    const result = await runCli(['--dry-run', '--at', new Date(at).toISOString()], {
      CREDMAN_KEYCLOAK_URL: s.keycloakUrl,
      CREDMAN_CLIENT_SECRET: SIDECAR_SECRET,
      CREDMAN_TIME_ZONE: ZONE,
      CREDMAN_PUBLIC_URL: PUBLIC_URL,
      // Configured on purpose: the dry run must not use it.
      CREDMAN_SMTP_URL: s.sink.url.reveal(),
      CREDMAN_MAIL_FROM: 'credman <credman@example.com>',
      CREDMAN_OPERATOR_EMAIL: OPERATOR,
    });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Reminder dry run at ${new Date(at).toISOString()}:`);
    // The DM notice: both managers (username order), the reminder's subject, the secret and its milestone.
    const block = result.stdout.split('\n\n').find((part) => part.includes(`Notice:  ${DM} / Billing:`));
    expect(block).toBeDefined();
    expect(block).toContain(`To:      ${ALICE}, ${BOB}\n`);
    expect(block).toContain(`Subject: [credman] Secret "Billing" of ${DM} expires in 42 days`);
    expect(result.stdout).toContain(`To:      ${OPERATOR}\nSubject: [credman] Week 2027-W01:`);
    expect(result.stdout).not.toContain(created.value);

    expect(s.sink.received).toHaveLength(0);
    expect(recorded(s, DM)).toEqual(before.dm);
    expect(before.dm.attributes[REMINDERS_ATTRIBUTE] ?? '').not.toContain('before-42');
    expect(recorded(s, 'credman-sidecar')).toEqual(before.sidecar);

    // Nothing was recorded, so the notice is still owed: a real run now sends exactly what the plan showed.
    const report = await s.runner().runOnce();
    expect(report).toMatchObject({ due: 1, sent: 1 });
    expect(s.sink.received.map((mail) => [mail.to, mail.subject])).toContainEqual([
      [ALICE, BOB],
      `[credman] Secret "Billing" of ${DM} expires in 42 days`,
    ]);
  }, 30_000);

  it('given no CREDMAN_* variable but the run file of a running npm start, then it plans with that file and --show-bodies prints each mail', async () => {
    const s = (stack = await startReminderStack(Date.parse('2027-01-01T09:00:00Z')));
    const created = await s.service().createSecret(DM, { name: 'Billing', expiresOn: '2027-02-19' }, alice);
    const at = DateTime.fromISO('2027-01-08T01:00', { zone: ZONE }).toMillis();
    s.clock.set(at);
    const dir = await demoRunFile({
      CREDMAN_DEMO_PID: String(process.pid), // this test's process: it runs
      CREDMAN_KEYCLOAK_URL: s.keycloakUrl,
      CREDMAN_CLIENT_SECRET: SIDECAR_SECRET,
      CREDMAN_TIME_ZONE: ZONE,
      CREDMAN_PUBLIC_URL: PUBLIC_URL,
      CREDMAN_OPERATOR_EMAIL: OPERATOR,
    });

    const result = await runCli(['--dry-run', '--show-bodies', '--at', new Date(at).toISOString()], {
      CREDMAN_DEMO_RUN_DIR: dir,
    });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const block = result.stdout.split('\n\n').find((part) => part.includes(`Notice:  ${DM} / Billing:`));
    expect(block).toContain(`To:      ${ALICE}, ${BOB}\n`);
    // The text body follows, indented: the secret's name, hint and the link to the application's page.
    expect(block).toContain('\nBody:\n    | ');
    expect(block).toContain(`${PUBLIC_URL}/applications/${DM}`);
    expect(block).toContain(created.secret.hint);
    // The digest's body too.
    expect(result.stdout).toMatch(/Notice: {2}digest\nBody:\n {4}\| /);
    expect(result.stdout).not.toContain(created.value);
    expect(result.stdout).not.toContain(SIDECAR_SECRET);
    expect(s.sink.received).toHaveLength(0);
  }, 30_000);

  it('given a run file of an npm start that has stopped, then it says so instead of trying Keycloak', async () => {
    const ended = spawnSync(process.execPath, ['-e', '']).pid; // a process that has exited
    const dir = await demoRunFile({
      CREDMAN_DEMO_PID: String(ended),
      CREDMAN_KEYCLOAK_URL: 'http://localhost:1',
      CREDMAN_CLIENT_SECRET: SIDECAR_SECRET,
    });
    const result = await runCli(['--dry-run'], { CREDMAN_DEMO_RUN_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is left from an `npm start` that no longer runs');
  }, 30_000);

  it('given neither CREDMAN_* variables nor a run file, then it says to start the demo or set the variables', async () => {
    const dir = (runDir = await mkdtemp(path.join(tmpdir(), 'credman-demo-run-')));
    const result = await runCli(['--dry-run'], { CREDMAN_DEMO_RUN_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No CREDMAN_* variable is set and no demo is running');
    expect(result.stderr).toContain('npm start');
  }, 30_000);
});
