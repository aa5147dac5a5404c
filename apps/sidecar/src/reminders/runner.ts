// The reminder job (docs/architecture.md#reminder-flow): a paged scan of the managed applications (scan.ts:
// only the due ones when Keycloak has the due index, every one in a week the operator digest is still owed),
// the due notices of each computed from the records the scan decoded (no per-application read unless something
// is due), and for each application with something due, 8 at a time (work-pool.ts): its recipients, then —
// under the application's claim, which other replicas respect — the mails and the ledger entries of the mails
// the SMTP server accepted, written in one PUT (notify.ts). With the extension's `records-batch`, each page's
// applications with something due are claimed in one call and their ledgers written in one call instead
// (notify-batch.ts; the per-application path stays for stock Keycloak and as its fallback). Then, once a week,
// the operator's digest (digest.ts). The cron schedule is schedule.ts.
//
// Guarantees: a notice is recorded only after the SMTP server accepted it, so an outage loses nothing (the next
// run sends it); a crash between "accepted" and the ledger write repeats at most the notices of that one claim,
// once (the claim's lease then ends and the next run sends them again); two replicas never send the same notice
// because only one of them holds an application's claim.
import { randomUUID } from 'node:crypto';
import { epochMillis } from '@credman/domain';
import type { ApiCatalogue, EpochMillis } from '@credman/domain';
import type { CredentialService } from '../credentials/credential-service.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { MessageSettings } from '../mail/render.ts';
import type { ApplicationRef, StoredApplication } from '../store/application.ts';
import { DIGEST_LEASE_MS, OperatorDigest } from './digest.ts';
import type { DigestOutcome } from './digest.ts';
import { isoWeek } from './digest-ledger.ts';
import { noticeRecipients } from '../mail/recipients.ts';
import { notifyApplication, reminderFor } from './notify.ts';
import { notifyBatch } from './notify-batch.ts';
import { scanDueApplications } from './scan.ts';
import { WorkSlots } from './work-pool.ts';

/**
 * Applications with due notices handled at once (on the batch path: whose mails are sent at once). Each needs
 * about six sequential Keycloak round trips on the per-application path, and a mail; with 8 in flight credman
 * and Keycloak both stay busy (the 10,000-application benchmark: 4 left them waiting on each other), and 8
 * concurrent admin requests are a modest load for Keycloak.
 */
const DEFAULT_CONCURRENCY = 8;

export interface ReminderSettings extends MessageSettings {
  /** Where notices go for applications without a manager with a verified email, and the weekly digest. */
  operatorEmail: string | undefined;
  /** credman's own client (CREDMAN_CLIENT_ID): holds the digest's record. */
  sidecarClientId: string;
}

export interface ReminderRunnerDeps {
  keycloak: KeycloakPort;
  /** `withRecordsBatch` absent: the per-application path only. */
  credentials: Pick<CredentialService, 'withApplicationClaim'> &
    Partial<Pick<CredentialService, 'withRecordsBatch'>>;
  mailer: Mailer;
  /** Epoch milliseconds. */
  now: () => number;
  logger: Logger;
  catalogue: ApiCatalogue;
  settings: ReminderSettings;
  concurrency?: number;
  digestLeaseMs?: number;
  /** Counts runs, their duration and notices (metrics/metrics.ts). */
  metrics?: Pick<Metrics, 'observeReminderRun'> | undefined;
  /** Whether Keycloak answers the due index (the extension's `due-index`); absent: every run scans everything. */
  dueIndex?: (() => Promise<boolean>) | undefined;
  /**
   * Whether Keycloak claims and writes a page of applications in one call each (the extension's `records-batch`);
   * absent: every application on its own (notify.ts).
   */
  recordsBatch?: (() => Promise<boolean>) | undefined;
}

export interface RunReport {
  /** The time the run computed due notices for. */
  at: EpochMillis;
  /** Convention-named clients the scan saw. */
  applications: number;
  /** Applications with at least one notice due. */
  due: number;
  /** Notices the SMTP server accepted (and the ledger recorded, unless `failed` says otherwise). */
  sent: number;
  /** Applications another writer held: retried at the next run. */
  busy: number;
  /**
   * Applications whose notices could not be sent or recorded (logged; retried at the next run), and damaged
   * applications (docs/architecture.md#damaged-metadata).
   */
  failed: number;
  /** Applications with something due but no recipient at all (no verified manager and no operator address). */
  unaddressed: number;
  digest: DigestOutcome;
}

/** One mail the dry run would send. */
export interface PlannedMail {
  clientId: string;
  to: string[];
  operatorFallback: boolean;
  subject: string;
  /** The mail's plain-text body, as a sending run would render it (it never holds a secret value). */
  text: string;
  /** `<secret name>: <notice id>`, or `digest`. */
  notice: string;
}

export class ReminderRunner {
  readonly #deps: ReminderRunnerDeps;
  readonly #digest: OperatorDigest;
  #running: Promise<RunReport> | undefined;

  constructor(deps: ReminderRunnerDeps) {
    this.#deps = deps;
    this.#digest = new OperatorDigest({
      ...deps,
      concurrency: deps.concurrency ?? DEFAULT_CONCURRENCY,
      leaseMs: deps.digestLeaseMs ?? DIGEST_LEASE_MS,
      writer: randomUUID(),
    });
  }

  /** One run now; a call while a run is in progress joins it, so runs in one process never overlap. */
  runOnce(): Promise<RunReport> {
    this.#running ??= this.#observed().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Waits for a run in progress (used on shutdown). */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  /**
   * The applications with notices due at `at`. Given `collect` (a week the digest is owed: it needs every
   * application), the scan reads them all; otherwise only the due ones when the due index is there.
   */
  #scan(at: number, collect?: ApplicationRef[], counts?: { applications: number; failed: number }) {
    const { keycloak, dueIndex, catalogue, logger, settings } = this.#deps;
    const full = collect !== undefined;
    return scanDueApplications({
      keycloak,
      dueIndex,
      full,
      catalogue,
      logger,
      zone: settings.zone,
      at,
      collect,
      counts,
    });
  }

  /** Whether the week of `at` still owes the operator digest, and its ledger (undefined: no operator address). */
  async #digestOwed(at: number) {
    const operator = this.#deps.settings.operatorEmail;
    const ledger = operator === undefined ? undefined : await this.#digest.ledger();
    const owed = ledger !== undefined && !(await ledger.isSent(isoWeek(at, this.#deps.settings.zone)));
    return { operator, ledger, owed };
  }

  /** What a run at `at` would send to whom, without sending or recording anything. */
  async plan(at: number): Promise<PlannedMail[]> {
    const { keycloak, settings } = this.#deps;
    const planned: PlannedMail[] = [];
    const candidates: ApplicationRef[] = [];
    const { operator, owed } = await this.#digestOwed(at);
    for await (const page of this.#scan(at, owed ? candidates : undefined))
      for (const { application, due } of page) {
        const recipients = await noticeRecipients(keycloak, application.id, settings.operatorEmail);
        for (const item of due) {
          const message = reminderFor(application.clientId, item, settings);
          planned.push({
            clientId: application.clientId,
            to: recipients.to,
            operatorFallback: recipients.operatorFallback,
            subject: message.subject,
            text: message.text,
            notice: `${item.secret.name}: ${item.notice.id}`,
          });
        }
      }
    if (operator !== undefined && owed) {
      const message = await this.#digest.message(at, candidates);
      if (message)
        planned.push({
          clientId: '',
          to: [operator],
          operatorFallback: false,
          subject: message.subject,
          text: message.text,
          notice: 'digest',
        });
    }
    return planned;
  }

  /** The batch claim, when this run can use it: the service offers it and Keycloak has `records-batch`. */
  async #batchCredentials(): Promise<Pick<CredentialService, 'withRecordsBatch'> | undefined> {
    const { credentials, recordsBatch } = this.#deps;
    const withRecordsBatch = credentials.withRecordsBatch?.bind(credentials);
    if (withRecordsBatch === undefined || recordsBatch === undefined) return undefined;
    // Not knowing is not having: the per-application path works everywhere.
    if (!(await recordsBatch().catch(() => false))) return undefined;
    return { withRecordsBatch };
  }

  async #observed(): Promise<RunReport> {
    const { metrics, now } = this.#deps;
    if (metrics === undefined) return this.#run();
    const started = now();
    try {
      const report = await this.#run();
      const ended = now();
      metrics.observeReminderRun(report, (ended - started) / 1000, ended);
      return report;
    } catch (error) {
      const ended = now();
      metrics.observeReminderRun(undefined, (ended - started) / 1000, ended);
      throw error;
    }
  }

  async #run(): Promise<RunReport> {
    const at = epochMillis(this.#deps.now());
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
    // The digest needs every application; collect them during the scan only in a week it is still owed.
    const { operator, ledger, owed: digestDue } = await this.#digestOwed(at);
    const candidates: ApplicationRef[] = [];
    const concurrency = this.#deps.concurrency ?? DEFAULT_CONCURRENCY;
    const slots = new WorkSlots(concurrency);
    const one = (application: StoredApplication) =>
      slots.start(() => notifyApplication(this.#deps, application, at, report));
    // An object, not a `let`: the type checker does not see the batch's fallback clear it.
    const batch: { credentials: Pick<CredentialService, 'withRecordsBatch'> | undefined } = {
      credentials: await this.#batchCredentials(),
    };
    // One page's batch at a time (its mails go `concurrency` at once), while the scan reads the next page.
    const batches = new WorkSlots(1);
    for await (const page of this.#scan(at, digestDue ? candidates : undefined, report)) {
      report.due += page.length;
      const applications = page.map(({ application }) => application);
      const credentials = batch.credentials;
      if (credentials !== undefined && applications.length > 0)
        await batches.start(async () => {
          const deps = { ...this.#deps, credentials, concurrency };
          if ((await notifyBatch(deps, applications, at, report)) === 'done') return;
          batch.credentials = undefined; // the extension is gone: the rest of this run goes one by one
          for (const application of applications) await one(application);
        });
      else for (const application of applications) await one(application);
    }
    await batches.drain(); // first: a batch that fell back still starts per-application work
    await slots.drain();
    if (operator !== undefined)
      report.digest = !ledger
        ? 'failed'
        : digestDue
          ? await this.#digest.send(ledger, week, at, operator, candidates)
          : 'already-sent';
    return report;
  }
}
