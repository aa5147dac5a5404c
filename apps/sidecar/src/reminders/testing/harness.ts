// The reminder job's test stack: Keycloak over HTTP with the demo realm (alice manages DM and SMC, bob manages DM
// and the PartnerAlternative SMC; all with verified emails), credman's ManualClock, a real SMTP server on
// loopback, and factories for credential services (one per simulated replica) and runners. On the double the
// clock is shared with it; on the real Keycloak (npm run test:keycloak) only credman's clock moves, which is all
// the reminder schedule reads (Keycloak's own time matters only once a secret really expires).
import { expect } from 'vitest';
import { DateTime } from 'luxon';
import { DEFAULT_API_CATALOGUE } from '@credman/domain';
import { ManualClock } from '@credman/keycloak-double';
import type { KeycloakDouble } from '@credman/keycloak-double';
import { CredentialService } from '../../credentials/credential-service.ts';
import { ExtensionStatus } from '../../keycloak/extension-status.ts';
import { nextDueAt } from '../next-due.ts';
import type { SecretChange } from '../../credentials/credential-service.ts';
import type { KeycloakAdminAdapter } from '../../keycloak/admin-adapter.ts';
import type { KeycloakPort } from '../../keycloak/port.ts';
import { createLogger } from '../../logging.ts';
import type { Logger } from '../../logging.ts';
import { createSmtpMailer } from '../../mail/mailer.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { startSmtpSink } from '../../mail/testing/smtp-sink.ts';
import type { ReceivedMail, SmtpSink } from '../../mail/testing/smtp-sink.ts';
import { realKeycloakAdmin, startTestKeycloak } from '../../testing/test-keycloak.ts';
import type { TestKeycloak } from '../../testing/test-keycloak.ts';
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

/** Epoch ms of a local date (and hour) in the reminders' time zone. */
export const local = (date: string, hour = 0): number =>
  DateTime.fromISO(date, { zone: ZONE }).plus({ hours: hour }).toMillis();

/** Every secret value the test created: no mail may contain one. */
export function assertNoSecretValue(mails: readonly ReceivedMail[], values: readonly string[]): void {
  for (const mail of mails) for (const value of values) expect(mail.raw).not.toContain(value);
}

/**
 * A test's time limit, a guard against a hang and never a timing assertion: every runner pass makes real Admin
 * API calls, which a real Keycloak answers several times slower than the in-memory double (npm run
 * test:keycloak). On the double at least the project's 60 s: a 5 s run took 20 s on two cores under load.
 */
export function timeLimit(onDoubleMs: number): number {
  return realKeycloakAdmin() === undefined ? Math.max(onDoubleMs, 60_000) : onDoubleMs * 10;
}

export interface ReminderStack {
  kind: TestKeycloak['kind'];
  /** credman's clock (on the double, also the double's). */
  clock: ManualClock;
  /** The double's state; reading it against the real Keycloak throws (such a test is double-only). */
  double: KeycloakDouble;
  /** Keycloak's base URL and realm (for a sidecar process of its own, such as the dry-run CLI). */
  keycloakUrl: string;
  realm: string;
  setEmailVerified: TestKeycloak['setEmailVerified'];
  sink: SmtpSink;
  keycloak: KeycloakAdminAdapter;
  logger: Logger;
  adminCalls(): number;
  /** A credential service as one replica has it (over `keycloak` when given, e.g. a counting port). */
  service(options?: {
    onSecretChange?: (change: SecretChange) => void;
    keycloak?: KeycloakPort;
  }): CredentialService;
  mailer(): Mailer;
  runner(overrides?: Partial<ReminderRunnerDeps>): ReminderRunner;
  close(): Promise<void>;
}

export async function startReminderStack(
  startAt: number,
  options: { extension?: boolean } = {},
): Promise<ReminderStack> {
  const kc = await startTestKeycloak({ sidecarSecret: SIDECAR_SECRET, startAt, ...options });
  const clock = kc.kind === 'double' ? kc.clock : new ManualClock(startAt);
  const { adapter } = kc;
  const sink = await startSmtpSink();
  const keycloak = adapter();
  const logger = createLogger({ level: 'silent' });
  // As main.ts detects it: the batch path runs wherever Keycloak offers `records-batch`.
  const extension = new ExtensionStatus({ read: () => keycloak.extensionInfo(), now: () => clock.now() });
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
      nextDueAt,
      keycloak: options.keycloak ?? adapter(),
      now: () => clock.now(),
      config: { zone: ZONE, catalogue: DEFAULT_API_CATALOGUE },
      busyRetryDelaysMs: [10, 20, 50, 100],
      onSecretChange: options.onSecretChange,
    });
  return {
    kind: kc.kind,
    clock,
    get double(): KeycloakDouble {
      if (kc.double === undefined) throw new Error('this test reads the double and runs only against it');
      return kc.double;
    },
    keycloakUrl: kc.url,
    realm: kc.realm,
    setEmailVerified: kc.setEmailVerified,
    sink,
    keycloak,
    logger,
    adminCalls: kc.adminCalls,
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
        recordsBatch: () => extension.hasRecordsBatch(),
        ...overrides,
      }),
    close: async () => {
      for (const created of mailers) created.close();
      await sink.close();
      await kc.close();
    },
  };
}
