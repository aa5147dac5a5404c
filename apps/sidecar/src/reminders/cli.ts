// `npm run reminders -- --dry-run [--at 2027-01-01T09:00Z] [--show-bodies]`: what a reminder run would send to
// whom (and with --show-bodies, each mail's text), read from Keycloak with the sidecar's configuration: the
// CREDMAN_* environment, or when the shell sets none, the run file of a running `npm start` (demo-run.ts), so
// it works in a second terminal beside the demo. Nothing is sent and nothing is recorded; `--dry-run` is
// required so that the command cannot send mail by accident (runs that send are the sidecar's own).
import { parseArgs } from 'node:util';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { ConfigError, loadConfig } from '../config.ts';
import { CredentialService } from '../credentials/credential-service.ts';
import { nextDueAt } from './next-due.ts';
import { KeycloakAdminAdapter } from '../keycloak/admin-adapter.ts';
import { connectionOptions } from '../keycloak/connection-options.ts';
import { hasFeature } from '../keycloak/extension-status.ts';
import { EXTENSION_FEATURES } from '../keycloak/port.ts';
import { createLogger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import { configuresSidecar, demoRunDir, DEMO_RUN_FILE, readDemoRun } from './demo-run.ts';
import { ReminderRunner } from './runner.ts';
import type { PlannedMail } from './runner.ts';

const USAGE =
  'usage: npm run reminders -- --dry-run [--at <ISO instant, e.g. 2027-01-01T09:00Z>] [--show-bodies]';

/** The dry run never reaches this: a mailer that refuses keeps it that way even if the code changes. */
const noMail: Mailer = {
  send: () => Promise.reject(new Error('the dry run sends no mail')),
  close: () => undefined,
};

export function formatPlan(
  planned: readonly PlannedMail[],
  at: number,
  options: { bodies?: boolean } = {},
): string {
  const lines = [
    `Reminder dry run at ${new Date(at).toISOString()}: ${String(planned.length)} mail(s) would be sent.`,
  ];
  for (const mail of planned) {
    const to =
      mail.to.length > 0 ? mail.to.join(', ') : '(nobody: no verified manager and no operator address)';
    lines.push(
      '',
      `To:      ${to}${mail.operatorFallback ? ' (operator, as the application has no manager with a verified email)' : ''}`,
      `Subject: ${mail.subject}`,
      `Notice:  ${mail.clientId === '' ? mail.notice : `${mail.clientId} / ${mail.notice}`}`,
    );
    // Indented, so that a body's own blank lines do not end the mail's block.
    if (options.bodies === true)
      lines.push(
        'Body:',
        ...mail.text
          .trimEnd()
          .split('\n')
          .map((line) => (line === '' ? '    |' : `    | ${line}`)),
      );
  }
  return `${lines.join('\n')}\n`;
}

/** The shell's CREDMAN_* settings, or when it has none, those of the `npm start` running beside this command. */
function environment(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  if (configuresSidecar(env)) return env;
  const demo = readDemoRun(env);
  if (demo === undefined)
    throw new Error(
      `No CREDMAN_* variable is set and no demo is running (no ${demoRunDir(env)}/${DEMO_RUN_FILE}): start \`npm start\` in another terminal, or set the sidecar's CREDMAN_* variables (apps/sidecar/README.md).`,
    );
  return { ...env, ...demo };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      at: { type: 'string' },
      'show-bodies': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const at = values.at === undefined ? Date.now() : Date.parse(values.at);
  if (!values['dry-run'] || Number.isNaN(at)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(environment(process.env));
  const keycloak = new KeycloakAdminAdapter(connectionOptions(config));
  const runner = new ReminderRunner({
    keycloak,
    // Only `plan` is called, which claims nothing; the service is here because the runner is built with one.
    credentials: new CredentialService({
      nextDueAt,
      keycloak,
      now: () => at,
      config: { zone: config.timeZone, catalogue: DEFAULT_API_CATALOGUE },
    }),
    mailer: noMail,
    now: () => at,
    logger: createLogger({ level: 'warn', destination: process.stderr }),
    catalogue: DEFAULT_API_CATALOGUE,
    settings: {
      publicUrl: config.publicUrl,
      zone: config.timeZone,
      support: config.support,
      operatorEmail: config.mail.operatorEmail,
      sidecarClientId: config.keycloak.clientId,
    },
    // The same source as the scheduled run: only the due applications when Keycloak has the due index.
    dueIndex: () =>
      keycloak.extensionInfo().then(
        (info) => hasFeature(info, EXTENSION_FEATURES.dueIndex),
        () => false,
      ),
  });
  process.stdout.write(formatPlan(await runner.plan(at), at, { bodies: values['show-bodies'] }));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
