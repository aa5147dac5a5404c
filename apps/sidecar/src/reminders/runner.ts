// The reminder job (docs/architecture.md#reminder-flow): a paged scan of the managed applications, the due
// notices of each computed from the representations the scan returned (no per-application read unless something
// is due), and for each application with something due: its recipients, then — under the application's claim,
// which other replicas respect — the mails, and the ledger entries of the mails the SMTP server accepted,
// written in one PUT. Then, once a week, the operator's digest of applications with fewer than two managers.
//
// Guarantees: a notice is recorded only after the SMTP server accepted it, so an outage loses nothing (the next
// run sends it); a crash between "accepted" and the ledger write repeats at most the notices of that one claim,
// once (the claim's lease then ends and the next run sends them again); two replicas never send the same notice
// because only one of them holds an application's claim.
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { parseApplicationName } from '@credman/domain';
import type { ApiCatalogue } from '@credman/domain';
import { MIN_MANAGERS, listManagers } from '../applications/managers.ts';
import type { ClaimedWork, CredentialService } from '../credentials/credential-service.ts';
import { SECRETS_ATTRIBUTE, parseSecretsDocument } from '../credentials/metadata.ts';
import type { SecretsDocument } from '../credentials/metadata.ts';
import { MANAGER_ROLE } from '../keycloak/port.ts';
import type { KeycloakClient, KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import { digestMessage, reminderMessage } from '../mail/messages.ts';
import type { MessageSettings, RenderedMessage, UnderstaffedApplication } from '../mail/messages.ts';
import { DigestLedger, isoWeek } from './digest-ledger.ts';
import { dueNotices } from './due.ts';
import type { DueNotice } from './due.ts';
import {
  EMPTY_LEDGER,
  LedgerCorruptError,
  REMINDERS_ATTRIBUTE,
  parseLedger,
  pruneLedger,
  recordSent,
  serializeLedger,
} from './ledger.ts';
import type { ReminderLedger } from './ledger.ts';
import { noticeRecipients } from './recipients.ts';

/** Every convention name contains it, so the search narrows Keycloak's listing to applications. */
const NAME_SEARCH = 'Partner';
export const SCAN_PAGE = 100;
/**
 * Applications with due notices handled at once. Each needs about six sequential Keycloak round trips and a mail;
 * with 8 in flight credman and Keycloak both stay busy (the 10,000-application benchmark: 4 left them waiting
 * on each other), and 8 concurrent admin requests are a modest load for Keycloak.
 */
const DEFAULT_CONCURRENCY = 8;
/** A digest claim older than this counts as abandoned (a digest over 10,000 applications takes about a minute). */
export const DIGEST_LEASE_MS = 15 * 60_000;

export interface ReminderSettings extends MessageSettings {
  /** Where notices go for applications without a manager with a verified email, and the weekly digest. */
  operatorEmail: string | undefined;
  /** credman's own client (CREDMAN_CLIENT_ID): holds the digest's record. */
  sidecarClientId: string;
}

export interface ReminderRunnerDeps {
  keycloak: KeycloakPort;
  credentials: Pick<CredentialService, 'withApplicationClaim'>;
  mailer: Mailer;
  /** Epoch milliseconds. */
  now: () => number;
  logger: Logger;
  catalogue: ApiCatalogue;
  settings: ReminderSettings;
  concurrency?: number;
  digestLeaseMs?: number;
}

export interface RunReport {
  /** Epoch milliseconds the run computed due notices for. */
  at: number;
  /** Convention-named clients the scan saw. */
  applications: number;
  /** Applications with at least one notice due. */
  due: number;
  /** Notices the SMTP server accepted (and the ledger recorded, unless `failed` says otherwise). */
  sent: number;
  /** Applications another writer held: retried at the next run. */
  busy: number;
  /** Applications whose notices could not be sent or recorded (logged; retried at the next run). */
  failed: number;
  /** Applications with something due but no recipient at all (no verified manager and no operator address). */
  unaddressed: number;
  digest: 'sent' | 'already-sent' | 'busy' | 'nothing-to-report' | 'no-operator-address' | 'failed';
}

/** One mail the dry run would send. */
export interface PlannedMail {
  clientId: string;
  to: string[];
  operatorFallback: boolean;
  subject: string;
  /** `<secret name>: <notice id>`, or `digest`. */
  notice: string;
}

interface ScannedApplication {
  client: KeycloakClient;
  due: DueNotice[];
}

function readLedger(client: KeycloakClient, logger: Logger): ReminderLedger {
  try {
    return parseLedger(client.attributes[REMINDERS_ATTRIBUTE]);
  } catch (error) {
    if (!(error instanceof LedgerCorruptError)) throw error;
    // Starting over can repeat the newest notice of each secret once; losing notices would be worse.
    logger.warn({ clientId: client.clientId }, 'reminder ledger unreadable; starting a new one');
    return EMPTY_LEDGER;
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const slots = new WorkSlots(limit);
  for (const item of items) await slots.start(() => work(item));
  await slots.drain();
}

/**
 * At most `limit` tasks in flight, fed one at a time: unlike a pool per page, the scan can read the next page
 * while the last applications of this one are still being notified, so neither Keycloak nor credman waits for
 * the slowest application of a page. Tasks must not reject (`#notify` reports its own failures).
 */
class WorkSlots {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Starts `task` once a slot is free. */
  async start(task: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    const running: Promise<void> = task().finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async drain(): Promise<void> {
    await Promise.all(this.#running);
  }
}

export class ReminderRunner {
  readonly #deps: ReminderRunnerDeps;
  readonly #writer = randomUUID();
  #running: Promise<RunReport> | undefined;
  #digestLedger: DigestLedger | undefined;

  constructor(deps: ReminderRunnerDeps) {
    this.#deps = deps;
  }

  /** One run now; a call while a run is in progress joins it, so runs in one process never overlap. */
  runOnce(): Promise<RunReport> {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Waits for a run in progress (used on shutdown). */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  /** What a run at `at` would send to whom, without sending or recording anything. */
  async plan(at: number): Promise<PlannedMail[]> {
    const planned: PlannedMail[] = [];
    const digestCandidates: KeycloakClient[] = [];
    for await (const page of this.#scan(at, digestCandidates)) {
      for (const { client, due } of page) {
        const recipients = await noticeRecipients(
          this.#deps.keycloak,
          client.id,
          this.#deps.settings.operatorEmail,
        );
        for (const item of due)
          planned.push({
            clientId: client.clientId,
            to: recipients.to,
            operatorFallback: recipients.operatorFallback,
            subject: this.#reminder(client, item).subject,
            notice: `${item.secret.name}: ${item.notice.id}`,
          });
      }
    }
    const operator = this.#deps.settings.operatorEmail;
    const ledger = await this.#digestLedgerOrUndefined();
    if (operator !== undefined && ledger && !(await ledger.isSent(isoWeek(at, this.#deps.settings.zone)))) {
      const message = await this.#digest(at, digestCandidates);
      if (message)
        planned.push({
          clientId: '',
          to: [operator],
          operatorFallback: false,
          subject: message.subject,
          notice: 'digest',
        });
    }
    return planned;
  }

  async #run(): Promise<RunReport> {
    const at = this.#deps.now();
    const report: RunReport = {
      at,
      applications: 0,
      due: 0,
      sent: 0,
      busy: 0,
      failed: 0,
      unaddressed: 0,
      digest: 'no-operator-address',
    };
    const week = isoWeek(at, this.#deps.settings.zone);
    const operator = this.#deps.settings.operatorEmail;
    const ledger = operator === undefined ? undefined : await this.#digestLedgerOrUndefined();
    // The digest needs every application; collect them during the scan only in a week it is still owed.
    const digestDue = ledger !== undefined && !(await ledger.isSent(week));
    const candidates: KeycloakClient[] = [];
    const slots = new WorkSlots(this.#deps.concurrency ?? DEFAULT_CONCURRENCY);
    for await (const page of this.#scan(at, digestDue ? candidates : undefined, report)) {
      report.due += page.length;
      for (const application of page) await slots.start(() => this.#notify(application.client, at, report));
    }
    await slots.drain();
    if (operator !== undefined)
      report.digest = !ledger
        ? 'failed'
        : digestDue
          ? await this.#sendDigest(ledger, week, at, operator, candidates)
          : 'already-sent';
    return report;
  }

  /**
   * The pages of the scan, reduced to the applications with something due. The next page is requested before
   * this one is handed out, so Keycloak prepares it while credman works on this one (one page ahead at most).
   */
  async *#scan(
    at: number,
    collect: KeycloakClient[] | undefined,
    report?: RunReport,
  ): AsyncGenerator<ScannedApplication[]> {
    const read = (first: number) => {
      const request = this.#deps.keycloak.searchClients({ search: NAME_SEARCH, first, max: SCAN_PAGE });
      // Awaited below; this only keeps a failure of a page nobody waits for any more (the consumer stopped)
      // from becoming an unhandled rejection.
      request.catch(() => undefined);
      return request;
    };
    let next = read(0);
    for (let first = 0; ; first += SCAN_PAGE) {
      const page = await next;
      if (page.length === SCAN_PAGE) next = read(first + SCAN_PAGE);
      const withDue: ScannedApplication[] = [];
      for (const client of page) {
        if (!parseApplicationName(client.clientId, this.#deps.catalogue).ok) continue;
        if (report) report.applications++;
        collect?.push(client);
        const document = this.#document(client);
        if (!document) {
          if (report) report.failed++;
          continue;
        }
        const due = dueNotices({
          document,
          ledger: readLedger(client, this.#deps.logger),
          now: at,
          zone: this.#deps.settings.zone,
        });
        if (due.length > 0) withDue.push({ client, due });
      }
      yield withDue;
      if (page.length < SCAN_PAGE) return;
    }
  }

  #document(client: KeycloakClient): SecretsDocument | undefined {
    try {
      return parseSecretsDocument(client.attributes[SECRETS_ATTRIBUTE]);
    } catch {
      this.#deps.logger.error(
        { clientId: client.clientId },
        'credman.secrets unreadable; no reminders for it',
      );
      return undefined;
    }
  }

  #reminder(client: KeycloakClient, item: DueNotice): RenderedMessage {
    return reminderMessage({ clientId: client.clientId, ...item }, this.#deps.settings);
  }

  /** Sends the due notices of one application under its claim and records the accepted ones. */
  async #notify(client: KeycloakClient, at: number, report: RunReport): Promise<void> {
    const { keycloak, mailer, logger, settings } = this.#deps;
    let failure: unknown;
    let outcome: ClaimedWork;
    try {
      const recipients = await noticeRecipients(keycloak, client.id, settings.operatorEmail);
      if (recipients.to.length === 0) {
        report.unaddressed++;
        logger.warn(
          { clientId: client.clientId },
          'notices due but no manager with a verified email and no operator address',
        );
        return;
      }
      outcome = await this.#deps.credentials.withApplicationClaim(client, async (fresh) => {
        // Decide again on the claimed state: another replica may have sent something since the scan.
        const document = parseSecretsDocument(fresh.attributes[SECRETS_ATTRIBUTE]);
        const ledger = readLedger(fresh, logger);
        let updated = ledger;
        for (const item of dueNotices({ document, ledger, now: at, zone: settings.zone })) {
          try {
            await mailer.send({ to: recipients.to, ...this.#reminder(fresh, item) });
          } catch (error) {
            failure = error;
            break; // what was accepted so far is still recorded below
          }
          updated = recordSent(updated, item.secret.id, item.notice.id, Math.floor(this.#deps.now() / 1000));
          report.sent++;
          logger.info(
            {
              clientId: fresh.clientId,
              secretId: item.secret.id,
              notice: item.notice.id,
              recipients: recipients.to.length,
            },
            'reminder sent',
          );
        }
        if (updated === ledger) return undefined;
        return { [REMINDERS_ATTRIBUTE]: serializeLedger(pruneLedger(updated, document)) };
      });
    } catch (error) {
      report.failed++;
      logger.error({ err: error, clientId: client.clientId }, 'reminders of an application failed');
      return;
    }
    if (outcome === 'busy') report.busy++;
    if (failure !== undefined) {
      report.failed++;
      logger.warn(
        { err: failure, clientId: client.clientId },
        'reminder not accepted by the SMTP server; retried next run',
      );
    }
  }

  async #digestLedgerOrUndefined(): Promise<DigestLedger | undefined> {
    if (this.#digestLedger) return this.#digestLedger;
    const own = await this.#deps.keycloak.findClientByClientId(this.#deps.settings.sidecarClientId);
    if (!own) {
      this.#deps.logger.error(
        { clientId: this.#deps.settings.sidecarClientId },
        "credman's own client not found; no operator digest",
      );
      return undefined;
    }
    this.#digestLedger = new DigestLedger({
      keycloak: this.#deps.keycloak,
      clientUuid: own.id,
      writer: this.#writer,
      now: this.#deps.now,
      leaseMs: this.#deps.digestLeaseMs ?? DIGEST_LEASE_MS,
    });
    return this.#digestLedger;
  }

  /** The digest message, or undefined when every managed application has enough managers. */
  async #digest(at: number, candidates: readonly KeycloakClient[]): Promise<RenderedMessage | undefined> {
    const { keycloak } = this.#deps;
    const understaffed: UnderstaffedApplication[] = [];
    await pool(candidates, this.#deps.concurrency ?? DEFAULT_CONCURRENCY, async (client) => {
      if (!(await keycloak.clientHasRole(client.id, MANAGER_ROLE))) return;
      const managers = (await listManagers(keycloak, client.id)).length;
      if (managers < MIN_MANAGERS) understaffed.push({ clientId: client.clientId, managers });
    });
    if (understaffed.length === 0) return undefined;
    understaffed.sort((a, b) => a.clientId.localeCompare(b.clientId));
    return digestMessage(
      { week: isoWeek(at, this.#deps.settings.zone), applications: understaffed },
      this.#deps.settings,
    );
  }

  async #sendDigest(
    ledger: DigestLedger,
    week: string,
    at: number,
    operator: string,
    candidates: readonly KeycloakClient[],
  ): Promise<RunReport['digest']> {
    const { logger, settings } = this.#deps;
    const previousWeek = isoWeek(at - 7 * 86_400_000, settings.zone);
    try {
      const claim = await ledger.claim(week);
      if (claim.kind === 'sent') return 'already-sent';
      if (claim.kind === 'busy') return 'busy';
      let message: RenderedMessage | undefined;
      try {
        message = await this.#digest(at, candidates);
        if (message) await this.#deps.mailer.send({ to: [operator], ...message });
      } catch (error) {
        await ledger.release(claim.role);
        throw error;
      }
      await ledger.markSent(week, claim.role, previousWeek);
      if (message) logger.info({ week }, 'operator digest sent');
      return message ? 'sent' : 'nothing-to-report';
    } catch (error) {
      logger.warn({ err: error, week }, 'operator digest failed; retried next run');
      return 'failed';
    }
  }
}

export interface ReminderSchedule {
  /** Runs now (joining a run in progress). */
  runNow(): Promise<RunReport>;
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
  /** The next scheduled run, or null when disabled. */
  nextRun(): Date | null;
}

/**
 * Starts the reminder job on a cron schedule read in the configured zone; with `enabled: false` nothing is
 * scheduled but `runNow()` still works (a replica can leave the schedule to others).
 */
export function startReminderRunner(
  deps: ReminderRunnerDeps & { schedule: string; enabled: boolean },
): ReminderSchedule {
  const runner = new ReminderRunner(deps);
  const job = deps.enabled
    ? new Cron(deps.schedule, { timezone: deps.settings.zone, protect: true }, async () => {
        try {
          const report = await runner.runOnce();
          deps.logger.info({ reminders: report }, 'reminder run finished');
        } catch (error) {
          deps.logger.warn({ err: error }, 'reminder run could not scan the applications; retried next time');
        }
      })
    : undefined;
  return {
    runNow: () => runner.runOnce(),
    nextRun: () => job?.nextRun() ?? null,
    async stop() {
      job?.stop();
      await runner.idle();
    },
  };
}
