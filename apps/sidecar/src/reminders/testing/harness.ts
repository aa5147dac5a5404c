// The reminder job's test stack: the Keycloak double over HTTP with the demo realm (alice manages DM and SMC,
// bob manages DM and the PartnerAlternative SMC; all with verified emails), a ManualClock shared with it, a real
// SMTP server on loopback, and factories for credential services (one per simulated replica) and runners.
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import type { KeycloakDouble, ManualClock } from '@credman/keycloak-double';
import { CredentialService } from '../../credentials/credential-service.ts';
import type { SecretChange } from '../../credentials/credential-service.ts';
import type { KeycloakAdminAdapter } from '../../keycloak/admin-adapter.ts';
import { createLogger } from '../../logging.ts';
import type { Logger } from '../../logging.ts';
import { createSmtpMailer } from '../../mail/mailer.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { startSmtpSink } from '../../mail/testing/smtp-sink.ts';
import type { SmtpSink } from '../../mail/testing/smtp-sink.ts';
import { startDemoDouble } from '../../testing/demo-double.ts';
import { ReminderRunner } from '../runner.ts';
import type { ReminderRunnerDeps } from '../runner.ts';

export const ZONE = 'Europe/Amsterdam';
export const PUBLIC_URL = 'https://credman.example.com';
export const OPERATOR = 'ops@example.org';
export const DM = 'Partner-NL-OrganisationName-DM';
export const SMC = 'Partner-NL-OrganisationName-SMC';
export const ALT = 'PartnerAlternative-NL-OrganisationName-SMC';
export const ALICE = 'alice.anders@example.org';
export const BOB = 'bob.bakker@example.org';
export const alice = { id: 'u-alice', username: 'alice', name: 'Alice Anders' };
export const SIDECAR_SECRET = 'reminders-sidecar-secret';

export interface ReminderStack {
  clock: ManualClock;
  double: KeycloakDouble;
  /** The double's base URL (for a sidecar process of its own, such as the dry-run CLI). */
  keycloakUrl: string;
  sink: SmtpSink;
  keycloak: KeycloakAdminAdapter;
  logger: Logger;
  adminCalls(): number;
  /** A credential service as one replica has it. */
  service(options?: { onSecretChange?: (change: SecretChange) => void }): CredentialService;
  mailer(): Mailer;
  runner(overrides?: Partial<ReminderRunnerDeps>): ReminderRunner;
  close(): Promise<void>;
}

export async function startReminderStack(startAt: number): Promise<ReminderStack> {
  const keycloakDouble = await startDemoDouble({ sidecarSecret: SIDECAR_SECRET, startAt });
  const { clock, double, adapter } = keycloakDouble;
  const sink = await startSmtpSink();
  const keycloak = adapter();
  const logger = createLogger({ level: 'silent' });
  const mailers: Mailer[] = [];
  const mailer = () => {
    const created = createSmtpMailer({
      smtpUrl: sink.url,
      from: 'credman <credman@example.com>',
      timeoutMs: 2000,
    });
    mailers.push(created);
    return created;
  };
  const service: ReminderStack['service'] = (options = {}) =>
    new CredentialService({
      keycloak: adapter(),
      now: () => clock.now(),
      config: { zone: ZONE, catalogue: DEFAULT_API_CATALOGUE },
      busyRetryDelaysMs: [10, 20, 50, 100],
      ...(options.onSecretChange ? { onSecretChange: options.onSecretChange } : {}),
    });
  return {
    clock,
    double,
    keycloakUrl: keycloakDouble.url,
    sink,
    keycloak,
    logger,
    adminCalls: keycloakDouble.adminCalls,
    service,
    mailer,
    runner: (overrides = {}) =>
      new ReminderRunner({
        keycloak,
        credentials: service(),
        mailer: mailer(),
        now: () => clock.now(),
        logger,
        catalogue: DEFAULT_API_CATALOGUE,
        settings: {
          publicUrl: PUBLIC_URL,
          zone: ZONE,
          operatorEmail: OPERATOR,
          sidecarClientId: 'credman-sidecar',
        },
        ...overrides,
      }),
    close: async () => {
      for (const created of mailers) created.close();
      await sink.close();
      await keycloakDouble.close();
    },
  };
}
