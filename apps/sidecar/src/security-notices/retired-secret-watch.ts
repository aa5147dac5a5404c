// The watch for retired secrets presented again (docs/architecture.md#retired-secrets-presented-again). With
// credman's Keycloak extension, a refused login whose secret matches one of the application's retired digests
// names that secret (CLIENT_LOGIN_ERROR, detail `credman_retired_secret`). Every `intervalMs` (≤ 60 s, so the
// managers hear within two minutes) this job reads the realm's such events since its last run minus an overlap,
// at most `maxEvents`, and hands each application's to CredentialService.recordRetiredUse: the mark on the
// secret's record, and at most once a day per secret an audit entry and a mail to the managers. Safe in every
// replica: each write takes the application's revision claim, and a record counts only events newer than the
// newest it counted, so overlapping reads never count twice.
import type { CredentialService } from '../credentials/credential-service.ts';
import { ApplicationNotFoundError, DamagedApplicationError } from '../store/errors.ts';
import type { RetiredUseReport } from '../credentials/retired-use.ts';
import type { KeycloakPort, RetiredSecretEvent } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { MessageSettings } from '../mail/render.ts';
import { retiredSecretPresentedMessage } from '../mail/templates/retired-secret.ts';
import { PeriodicRun } from '../periodic-run.ts';
import type { StoredApplication } from '../store/application.ts';
import { noticeRecipients } from '../mail/recipients.ts';

export const RETIRED_WATCH_INTERVAL_MS = 30_000;
/** Read again this far before the last run, for events Keycloak stored late (another node, a slow commit). */
export const RETIRED_WATCH_OVERLAP_MS = 5 * 60_000;
/** At start-up, how far back the first read goes. */
export const RETIRED_WATCH_LOOKBACK_MS = 24 * 60 * 60_000;
/** The bound of one read (realm-wide, newest first). */
export const RETIRED_WATCH_MAX_EVENTS = 1000;

export interface RetiredSecretWatchDeps {
  keycloak: Pick<KeycloakPort, 'retiredSecretEvents'> & Parameters<typeof noticeRecipients>[0];
  credentials: Pick<CredentialService, 'recordRetiredUse'>;
  /** Whether the extension reports retired secrets; without it there is nothing to read. */
  reportsRetiredSecrets: () => Promise<boolean>;
  mailer: Mailer | undefined;
  settings: MessageSettings & { operatorEmail: string | undefined };
  logger: Logger;
  now: () => number;
  intervalMs?: number;
}

export interface RetiredWatchRun {
  /** false: the extension is not there, nothing was read. */
  read: boolean;
  events: number;
  applications: number;
  failed: number;
}

export class RetiredSecretWatch {
  readonly #deps: RetiredSecretWatchDeps;
  /** The start of the last run whose every application was handled (at first: a day before the first run). */
  #watermark: number | undefined;
  readonly #schedule: PeriodicRun<RetiredWatchRun>;

  constructor(deps: RetiredSecretWatchDeps) {
    this.#deps = deps;
    this.#schedule = new PeriodicRun({
      run: () => this.#run(),
      intervalMs: deps.intervalMs ?? RETIRED_WATCH_INTERVAL_MS,
      onSettled: (outcome) => {
        if ('error' in outcome)
          deps.logger.warn({ err: outcome.error }, 'retired-secret watch could not read events');
      },
    });
  }

  start(): void {
    this.#schedule.start();
  }

  stop(): Promise<void> {
    return this.#schedule.stop();
  }

  /** One run; a call during a run joins it. */
  runOnce(): Promise<RetiredWatchRun> {
    return this.#schedule.runOnce();
  }

  async #run(): Promise<RetiredWatchRun> {
    const run: RetiredWatchRun = { read: false, events: 0, applications: 0, failed: 0 };
    if (!(await this.#deps.reportsRetiredSecrets().catch(() => false))) return run;
    const started = this.#deps.now();
    // Until a run succeeds, every run reads from the same start: a day before the first.
    this.#watermark ??= started - RETIRED_WATCH_LOOKBACK_MS;
    const since = this.#watermark - RETIRED_WATCH_OVERLAP_MS;
    const events = await this.#deps.keycloak.retiredSecretEvents({ since, max: RETIRED_WATCH_MAX_EVENTS });
    run.read = true;
    run.events = events.length;
    const byApplication = new Map<string, RetiredSecretEvent[]>();
    for (const event of events)
      byApplication.set(event.clientId, [...(byApplication.get(event.clientId) ?? []), event]);
    for (const [clientId, own] of byApplication) {
      run.applications++;
      if (!(await this.#record(clientId, own))) run.failed++;
    }
    // Move on only when every application was handled; else the next run reads the same window again.
    if (run.failed === 0) this.#watermark = started;
    return run;
  }

  async #record(clientId: string, events: RetiredSecretEvent[]): Promise<boolean> {
    try {
      const outcome = await this.#deps.credentials.recordRetiredUse(clientId, events, (application, due) =>
        this.#report(application, due),
      );
      return outcome !== 'busy';
    } catch (error) {
      // Not a managed application (a refused login of another client cannot name credman's digests anyway).
      if (error instanceof ApplicationNotFoundError) return true;
      if (!(error instanceof DamagedApplicationError))
        this.#deps.logger.error({ err: error, clientId }, 'retired-secret watch: recording failed');
      return false;
    }
  }

  /** The managers' mail; true when sent or when there is nobody (or no mail) to send it to. */
  async #report(application: StoredApplication, due: RetiredUseReport): Promise<boolean> {
    const { mailer, keycloak, settings, logger } = this.#deps;
    logger.warn(
      {
        clientId: application.clientId,
        secret: { id: due.secret.id, hint: due.secret.hint },
        count: due.count,
      },
      'an ended secret is still presented',
    );
    if (!mailer) return true;
    const recipients = await noticeRecipients(keycloak, application.id, settings.operatorEmail);
    if (recipients.to.length === 0) return true;
    const message = retiredSecretPresentedMessage({ clientId: application.clientId, ...due }, settings);
    try {
      await mailer.send({ to: recipients.to, ...message });
      return true;
    } catch (error) {
      logger.warn(
        { err: error, clientId: application.clientId },
        'retired-secret notice not sent; retried later',
      );
      return false;
    }
  }
}
