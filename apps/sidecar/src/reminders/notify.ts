// Notifying one application (docs/architecture.md#exactly-once): its recipients, then under the application's
// claim a fresh read, the due notices again, one mail per notice, and the ledger entries of the mails the SMTP
// server accepted, written in one PUT. A notice is recorded only after the SMTP server accepted it.
import { toSeconds } from '@credman/domain';
import type { CredentialService } from '../credentials/credential-service.ts';
import type { KeycloakPort } from '../keycloak/port.ts';
import type { Logger } from '../logging.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { MessageSettings, RenderedMessage } from '../mail/render.ts';
import { reminderMessage } from '../mail/templates/reminder.ts';
import type { StoredApplication } from '../store/application.ts';
import type { ClaimedWork } from '../store/application-store.ts';
import { dueNotices } from './due.ts';
import type { DueNotice } from './due.ts';
import { pruneLedger, recordSent } from './ledger.ts';
import type { ReminderLedger } from '../store/records/ledger.ts';
import { noticeRecipients } from '../mail/recipients.ts';
import type { Recipients } from '../mail/recipients.ts';

export interface NotifyDeps {
  keycloak: KeycloakPort;
  credentials: Pick<CredentialService, 'withApplicationClaim'>;
  mailer: Mailer;
  /** Epoch milliseconds. */
  now: () => number;
  logger: Logger;
  settings: MessageSettings & { operatorEmail: string | undefined };
}

/** What notifying counts into a run's report. */
export interface NotifyCounts {
  sent: number;
  busy: number;
  failed: number;
  unaddressed: number;
}

export function reminderFor(clientId: string, item: DueNotice, settings: MessageSettings): RenderedMessage {
  return reminderMessage({ clientId, ...item }, settings);
}

/** Sends the due notices of one application under its claim and records the accepted ones; never throws. */
export async function notifyApplication(
  deps: NotifyDeps,
  application: StoredApplication,
  at: number,
  counts: NotifyCounts,
): Promise<void> {
  const { keycloak, logger, settings } = deps;
  const failure: { error?: unknown } = {};
  let outcome: ClaimedWork;
  try {
    const recipients = await noticeRecipients(keycloak, application.id, settings.operatorEmail);
    if (recipients.to.length === 0) {
      counts.unaddressed++;
      logger.warn(
        { clientId: application.clientId },
        'notices due but no manager with a verified email and no operator address',
      );
      return;
    }
    outcome = await deps.credentials.withApplicationClaim(application, (fresh) =>
      sendDue(deps, fresh, { at, recipients, counts, failure }),
    );
  } catch (error) {
    counts.failed++;
    logger.error({ err: error, clientId: application.clientId }, 'reminders of an application failed');
    return;
  }
  if (outcome === 'busy') counts.busy++;
  if ('error' in failure) {
    counts.failed++;
    logger.warn(
      { err: failure.error, clientId: application.clientId },
      'reminder not accepted by the SMTP server; retried next run',
    );
  }
}

/**
 * The claimed part (here and in notify-batch.ts): decides again on the fresh read (another replica may have sent
 * something since the scan), mails each due notice and returns the ledger to write, or undefined when nothing
 * was accepted.
 */
export async function sendDue(
  deps: Pick<NotifyDeps, 'mailer' | 'logger' | 'settings' | 'now'>,
  fresh: StoredApplication,
  run: { at: number; recipients: Recipients; counts: NotifyCounts; failure: { error?: unknown } },
): Promise<ReminderLedger | undefined> {
  const { mailer, logger, settings } = deps;
  const { secrets: document, ledger } = fresh;
  let updated = ledger;
  for (const item of dueNotices({ document, ledger, now: run.at, zone: settings.zone })) {
    try {
      await mailer.send({ to: run.recipients.to, ...reminderFor(fresh.clientId, item, settings) });
    } catch (error) {
      run.failure.error = error;
      break; // what was accepted so far is still recorded
    }
    updated = recordSent(updated, item.secret.id, item.notice.id, toSeconds(deps.now()));
    run.counts.sent++;
    logger.info(
      {
        clientId: fresh.clientId,
        secretId: item.secret.id,
        notice: item.notice.id,
        recipients: run.recipients.to.length,
      },
      'reminder sent',
    );
  }
  return updated === ledger ? undefined : pruneLedger(updated, document);
}
